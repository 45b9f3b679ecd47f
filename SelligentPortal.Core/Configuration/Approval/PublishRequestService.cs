using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Auditing;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Configuration.Approval;

/// <summary>What a decision on a publish request did: the request as it now stands, and the version an approval published.</summary>
public sealed record PublishRequestDecision(PublishRequestSummary Request, VersionSummary? Version);

/// <summary>
/// Four-eyes publishing for customers that require it: staff request a publish of the draft, a second
/// person (an RM of the customer or an Admin, never the requester) approves or rejects it, the requester
/// or an Admin withdraws it, and Admins may publish urgently without approval. Every step is audited.
/// Customer users see none of it (403), like drafts; another customer's requests answer 404.
/// </summary>
public sealed class PublishRequestService(
    PortalDbFactory dbFactory, ConfigurationService configurations, Fixtures.RegressionFixtureService fixtures, Shadow.ShadowRunService shadows,
    TimeProvider clock)
{
    private const string NotRequired = "This customer does not require approval: publish directly.";

    public async Task<Outcome<IReadOnlyList<PublishRequestSummary>>> ListAsync(Caller caller, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        if (await DenyAsync<IReadOnlyList<PublishRequestSummary>>(db, caller, customerId, cancellationToken) is { } denied)
        {
            return denied;
        }

        var state = await StateAsync(db, customerId, cancellationToken);
        // Without the documents: a list needs only who, when and where each request stands.
        var requests = await db.PublishRequests.AsNoTracking()
            .Where(r => r.CustomerId == customerId)
            .OrderByDescending(r => r.Id)
            .Select(r => new PublishRequest
            {
                Id = r.Id, CustomerId = r.CustomerId, DraftRevision = r.DraftRevision, DocumentJson = "", LiveVersion = r.LiveVersion, Note = r.Note,
                RequestedById = r.RequestedById, RequestedBy = r.RequestedBy, RequestedAtUtc = r.RequestedAtUtc, Status = r.Status,
                DecidedBy = r.DecidedBy, DecidedAtUtc = r.DecidedAtUtc, DecisionComment = r.DecisionComment, PublishedVersion = r.PublishedVersion,
            })
            .ToListAsync(cancellationToken);
        return Outcome<IReadOnlyList<PublishRequestSummary>>.Ok(requests.Select(r => Summarise(r, state)).ToList());
    }

    /// <summary>One request with what it changes against the version that was live when it was made.</summary>
    public async Task<Outcome<PublishRequestDetail>> GetAsync(Caller caller, Guid customerId, long requestId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        if (await DenyAsync<PublishRequestDetail>(db, caller, customerId, cancellationToken) is { } denied)
        {
            return denied;
        }

        var request = await db.PublishRequests.AsNoTracking().SingleOrDefaultAsync(r => r.CustomerId == customerId && r.Id == requestId, cancellationToken);
        if (request is null)
        {
            return Outcome<PublishRequestDetail>.NotFound();
        }

        var liveJson = request.LiveVersion is { } live
            ? await db.ConfigurationVersions.AsNoTracking().Where(v => v.CustomerId == customerId && v.Number == live).Select(v => v.DocumentJson).SingleOrDefaultAsync(cancellationToken)
            : null;
        var document = ConfigurationDocumentSerializer.Parse(request.DocumentJson).Document!;
        var before = liveJson is null ? null : ConfigurationDocumentSerializer.Parse(liveJson).Document;
        return Outcome<PublishRequestDetail>.Ok(new PublishRequestDetail(
            Summarise(request, await StateAsync(db, customerId, cancellationToken)), document, ConfigurationComparison.Compare(before, document),
            request.FixtureSummaryJson, request.ShadowSummaryJson));
    }

    /// <summary>Puts the saved draft up for approval; a pending request of the customer is superseded by it.</summary>
    public async Task<Outcome<PublishRequestSummary>> RequestAsync(Caller caller, Guid customerId, string? note, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        if (await DenyAsync<PublishRequestSummary>(db, caller, customerId, cancellationToken) is { } denied)
        {
            return denied;
        }

        if (note is { Length: > ConfigurationVersion.NoteMaxLength })
        {
            return Outcome<PublishRequestSummary>.Invalid($"A note has at most {ConfigurationVersion.NoteMaxLength} characters.");
        }

        if (caller.UserId is null)
        {
            return Outcome<PublishRequestSummary>.Forbidden("A publish request is made by a signed-in person, so that another one approves it.");
        }

        if (!await RequiresApprovalAsync(db, customerId, cancellationToken))
        {
            return Outcome<PublishRequestSummary>.Conflict(NotRequired);
        }

        var draft = await ValidDraftAsync(caller, customerId, cancellationToken);
        if (!draft.IsOk)
        {
            return draft.As<PublishRequestSummary>();
        }

        // A request that could not be approved is not made: the fixtures would block its publish.
        var checks = await fixtures.RunAsync(caller, customerId, ConfigurationDocumentSerializer.Parse(draft.Value.Json).Document, cancellationToken);
        if (checks.Value?.Refusal() is { } refusal)
        {
            return Outcome<PublishRequestSummary>.Conflict(refusal);
        }

        // The reviewer sees what the draft's shadow run found so far (a run of an earlier revision says nothing about this one).
        var shadow = (await shadows.GetAsync(caller, customerId, cancellationToken)).Value is { } run && run.DraftRevision == draft.Value.Revision
            ? Shadow.ShadowSnapshot.Of(run).ToJson()
            : null;
        var state = await StateAsync(db, customerId, cancellationToken);
        await SupersedePendingAsync(db, caller, customerId, "Replaced by a newer request.", cancellationToken);
        var request = new PublishRequest
        {
            CustomerId = customerId,
            DraftRevision = draft.Value.Revision,
            DocumentJson = draft.Value.Json,
            LiveVersion = state.LiveVersion,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            RequestedById = caller.UserId,
            RequestedBy = caller.Name,
            RequestedAtUtc = clock.GetUtcNow().UtcDateTime,
            Status = PublishRequestStatus.Pending,
            FixtureSummaryJson = checks.Value is { Total: > 0 } fixtureRun ? fixtureRun.ToSnapshotJson() : null,
            ShadowSummaryJson = shadow,
        };
        db.PublishRequests.Add(request);
        var liveJson = state.LiveVersion is { } live
            ? await db.ConfigurationVersions.Where(v => v.CustomerId == customerId && v.Number == live).Select(v => v.DocumentJson).SingleAsync(cancellationToken)
            : null;
        // The documents make the audit line say what the request would change.
        AuditLog.Record(db, caller.Actor, clock, "configuration.publish-requested", $"draft revision {request.DraftRevision}", customerId,
            liveJson is null ? null : new { Document = liveJson },
            new { Document = request.DocumentJson, request.Note, request.DraftRevision, request.LiveVersion });
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<PublishRequestSummary>.Ok(Summarise(request, state with { DraftRevision = request.DraftRevision }));
    }

    /// <summary>
    /// A second person approves: the request's document is published as the next version, with them as
    /// its approver. Never the requester; never a request whose draft or live version changed since.
    /// </summary>
    public Task<Outcome<PublishRequestDecision>> ApproveAsync(
        Caller caller, Guid customerId, long requestId, string? comment, CancellationToken cancellationToken = default) =>
        DecideAsync(caller, customerId, requestId, comment, async (db, request) =>
        {
            if (request.RequestedById == caller.UserId)
            {
                return Outcome<PublishRequestDecision>.Forbidden("You made this request: a second person (another Relationship Manager of this customer or an Admin) approves it.");
            }

            var state = await StateAsync(db, customerId, cancellationToken);
            if (StaleReason(request, state) is { } stale)
            {
                return Outcome<PublishRequestDecision>.Conflict($"This request is stale and cannot be approved: {stale} Request a publish of the current draft instead.");
            }

            if (!await ClaimAsync(db, caller, request, PublishRequestStatus.Approved, comment, cancellationToken))
            {
                return DecidedMeanwhile();
            }

            AuditLog.Record(db, caller.Actor, clock, "configuration.publish-approved", $"the publish request of draft revision {request.DraftRevision}", customerId,
                new { Status = PublishRequestStatus.Pending }, new { RequestId = request.Id, request.RequestedBy, Comment = request.DecisionComment });
            var published = await configurations.PublishApprovedAsync(db, caller, customerId, request.DocumentJson, request.Note,
                new VersionApproval(request.RequestedBy, caller.Name, request, Urgent: false), cancellationToken);
            if (!published.IsOk)
            {
                // Nothing was published: the request is pending again, for another try.
                await db.PublishRequests.Where(r => r.Id == request.Id).ExecuteUpdateAsync(set => set
                    .SetProperty(r => r.Status, PublishRequestStatus.Pending)
                    .SetProperty(r => r.DecidedById, (string?)null)
                    .SetProperty(r => r.DecidedBy, (string?)null)
                    .SetProperty(r => r.DecidedAtUtc, (DateTime?)null)
                    .SetProperty(r => r.DecisionComment, (string?)null), CancellationToken.None);
                return published.As<PublishRequestDecision>();
            }

            return Outcome<PublishRequestDecision>.Ok(new PublishRequestDecision(Summarise(request, state), published.Value));
        }, cancellationToken);

    /// <summary>A second person turns the request down, saying why.</summary>
    public Task<Outcome<PublishRequestDecision>> RejectAsync(
        Caller caller, Guid customerId, long requestId, string? comment, CancellationToken cancellationToken = default) =>
        DecideAsync(caller, customerId, requestId, comment, (db, request) =>
            request.RequestedById == caller.UserId ? Task.FromResult(Outcome<PublishRequestDecision>.Forbidden("You made this request: withdraw it instead."))
            : string.IsNullOrWhiteSpace(comment) ? Task.FromResult(Outcome<PublishRequestDecision>.Invalid("Say why the request is rejected: the requester reads the comment."))
            : EndAsync(db, caller, request, PublishRequestStatus.Rejected, comment, "configuration.publish-rejected", cancellationToken), cancellationToken);

    /// <summary>The requester, or an Admin, takes a pending request back.</summary>
    public Task<Outcome<PublishRequestDecision>> WithdrawAsync(
        Caller caller, Guid customerId, long requestId, string? comment, CancellationToken cancellationToken = default) =>
        DecideAsync(caller, customerId, requestId, comment, (db, request) =>
            request.RequestedById != caller.UserId && !caller.IsAdmin
                ? Task.FromResult(Outcome<PublishRequestDecision>.Forbidden($"Only {request.RequestedBy}, who made the request, or an Admin withdraws it."))
                : EndAsync(db, caller, request, PublishRequestStatus.Withdrawn, comment, "configuration.publish-withdrawn", cancellationToken), cancellationToken);

    /// <summary>
    /// Admins only: publishes the saved draft now, without the approval the customer requires, flagged
    /// urgent with the reason as the version's note. A pending request is superseded.
    /// </summary>
    public async Task<Outcome<VersionSummary>> PublishUrgentlyAsync(Caller caller, Guid customerId, string? reason, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        if (await DenyAsync<VersionSummary>(db, caller, customerId, cancellationToken) is { } denied)
        {
            return denied;
        }

        if (!caller.IsAdmin)
        {
            return Outcome<VersionSummary>.Forbidden("Only Admins publish urgently, without approval.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return Outcome<VersionSummary>.Invalid("Give the reason for publishing without approval.");
        }

        if (reason.Length > ConfigurationVersion.NoteMaxLength)
        {
            return Outcome<VersionSummary>.Invalid($"A reason has at most {ConfigurationVersion.NoteMaxLength} characters.");
        }

        if (!await RequiresApprovalAsync(db, customerId, cancellationToken))
        {
            return Outcome<VersionSummary>.Conflict(NotRequired);
        }

        var draft = await ValidDraftAsync(caller, customerId, cancellationToken);
        if (!draft.IsOk)
        {
            return draft.As<VersionSummary>();
        }

        await SupersedePendingAsync(db, caller, customerId, "Replaced by an urgent publish.", cancellationToken);
        return await configurations.PublishApprovedAsync(db, caller, customerId, draft.Value.Json, reason,
            new VersionApproval(caller.Name, null, null, Urgent: true), cancellationToken);
    }

    /// <summary>Null when the caller may work with the customer's requests; otherwise the answer (404, or 403 for Customer users).</summary>
    private static async Task<Outcome<T>?> DenyAsync<T>(PortalDbContext db, Caller caller, Guid customerId, CancellationToken cancellationToken)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return Outcome<T>.NotFound();
        }

        return caller.IsStaff ? null : Outcome<T>.Forbidden("Only Admins and Relationship Managers see and decide publish requests.");
    }

    private static Task<bool> RequiresApprovalAsync(PortalDbContext db, Guid customerId, CancellationToken cancellationToken) =>
        db.Customers.AnyAsync(c => c.Id == customerId && c.RequiresPublishApproval, cancellationToken);

    /// <summary>The saved draft as the serializer writes it, when it validates.</summary>
    private async Task<Outcome<(int Revision, string Json)>> ValidDraftAsync(Caller caller, Guid customerId, CancellationToken cancellationToken)
    {
        var draft = await configurations.GetDraftAsync(caller, customerId, cancellationToken);
        if (!draft.IsOk)
        {
            return draft.As<(int, string)>();
        }

        var problems = ConfigurationValidator.Validate(draft.Value!.Document);
        return problems.Count > 0
            ? Outcome<(int, string)>.InvalidAt(problems.Select(p => (p.Path, p.Message)))
            : Outcome<(int, string)>.Ok((draft.Value.Revision, ConfigurationDocumentSerializer.Serialize(draft.Value.Document)));
    }

    /// <summary>Runs a decision on the request, tracked, once the caller may decide on it and it is still pending.</summary>
    private async Task<Outcome<PublishRequestDecision>> DecideAsync(Caller caller, Guid customerId, long requestId, string? comment,
        Func<PortalDbContext, PublishRequest, Task<Outcome<PublishRequestDecision>>> decide, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.Create(caller.Scope);
        if (await DenyAsync<PublishRequestDecision>(db, caller, customerId, cancellationToken) is { } denied)
        {
            return denied;
        }

        var request = await db.PublishRequests.SingleOrDefaultAsync(r => r.CustomerId == customerId && r.Id == requestId, cancellationToken);
        if (request is null)
        {
            return Outcome<PublishRequestDecision>.NotFound();
        }

        if (comment is { Length: > PublishRequest.CommentMaxLength })
        {
            return Outcome<PublishRequestDecision>.Invalid($"A comment has at most {PublishRequest.CommentMaxLength} characters.");
        }

        return request.Status == PublishRequestStatus.Pending
            ? await decide(db, request)
            : Outcome<PublishRequestDecision>.Conflict($"This request is already {Words(request.Status)}: only a pending request can be decided.");
    }

    /// <summary>
    /// Takes the decision in the database first, so of two people deciding at the same moment only one
    /// wins (and an approval publishes once); the tracked request then carries the same values.
    /// </summary>
    private async Task<bool> ClaimAsync(PortalDbContext db, Caller caller, PublishRequest request, PublishRequestStatus status, string? comment, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var trimmed = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        var claimed = await db.PublishRequests
            .Where(r => r.Id == request.Id && r.Status == PublishRequestStatus.Pending)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, status)
                .SetProperty(r => r.DecidedById, caller.UserId)
                .SetProperty(r => r.DecidedBy, caller.Name)
                .SetProperty(r => r.DecidedAtUtc, now)
                .SetProperty(r => r.DecisionComment, trimmed), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        (request.Status, request.DecidedById, request.DecidedBy, request.DecidedAtUtc, request.DecisionComment) = (status, caller.UserId, caller.Name, now, trimmed);
        return true;
    }

    /// <summary>Rejects or withdraws: the decision and its audit line.</summary>
    private async Task<Outcome<PublishRequestDecision>> EndAsync(
        PortalDbContext db, Caller caller, PublishRequest request, PublishRequestStatus status, string? comment, string action, CancellationToken cancellationToken)
    {
        if (!await ClaimAsync(db, caller, request, status, comment, cancellationToken))
        {
            return DecidedMeanwhile();
        }

        AuditLog.Record(db, caller.Actor, clock, action, $"the publish request of draft revision {request.DraftRevision}", request.CustomerId,
            new { Status = PublishRequestStatus.Pending }, new { RequestId = request.Id, request.RequestedBy, Comment = request.DecisionComment });
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<PublishRequestDecision>.Ok(new PublishRequestDecision(Summarise(request, await StateAsync(db, request.CustomerId, cancellationToken)), null));
    }

    /// <summary>Ends the customer's pending requests without a decision (in the caller's unit of work, audited).</summary>
    private async Task SupersedePendingAsync(PortalDbContext db, Caller caller, Guid customerId, string why, CancellationToken cancellationToken)
    {
        var pending = await db.PublishRequests.Where(r => r.CustomerId == customerId && r.Status == PublishRequestStatus.Pending).ToListAsync(cancellationToken);
        foreach (var old in pending)
        {
            (old.Status, old.DecidedById, old.DecidedBy, old.DecidedAtUtc, old.DecisionComment) =
                (PublishRequestStatus.Superseded, caller.UserId, caller.Name, clock.GetUtcNow().UtcDateTime, why);
            AuditLog.Record(db, caller.Actor, clock, "configuration.publish-superseded", $"the publish request of draft revision {old.DraftRevision}", customerId,
                new { Status = PublishRequestStatus.Pending }, new { RequestId = old.Id, old.RequestedBy, Comment = why });
        }
    }

    private static Outcome<PublishRequestDecision> DecidedMeanwhile() =>
        Outcome<PublishRequestDecision>.Conflict("Someone else decided this request at the same moment. Reload it to see the decision.");

    private sealed record CustomerState(int? DraftRevision, int? LiveVersion);

    private static async Task<CustomerState> StateAsync(PortalDbContext db, Guid customerId, CancellationToken cancellationToken) => new(
        await db.ConfigurationDrafts.Where(d => d.CustomerId == customerId).Select(d => (int?)d.Revision).SingleOrDefaultAsync(cancellationToken),
        await db.ConfigurationVersions.Where(v => v.CustomerId == customerId).MaxAsync(v => (int?)v.Number, cancellationToken));

    /// <summary>Why a pending request can no longer be approved, or null.</summary>
    private static string? StaleReason(PublishRequest request, CustomerState state)
    {
        if (request.Status != PublishRequestStatus.Pending)
        {
            return null;
        }

        if (state.DraftRevision != request.DraftRevision)
        {
            return $"the draft changed after it was made (revision {request.DraftRevision}, now {state.DraftRevision}).";
        }

        return state.LiveVersion != request.LiveVersion
            ? $"version {state.LiveVersion} was published after it was made."
            : null;
    }

    private static PublishRequestSummary Summarise(PublishRequest r, CustomerState state) => new(
        r.Id, r.Status, r.DraftRevision, r.LiveVersion, r.Note, r.RequestedById, r.RequestedBy, r.RequestedAtUtc,
        r.DecidedBy, r.DecidedAtUtc, r.DecisionComment, r.PublishedVersion, StaleReason(r, state));

    private static string Words(PublishRequestStatus status) => status.ToString().ToLowerInvariant();
}
