using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Auditing;
using SelligentPortal.Core.Cluster;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration.Fixtures;
using SelligentPortal.Core.Mapping;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Configuration.Versions;

/// <summary>
/// Drafts, publishing, versions, restore and diff of customers' configurations, within the caller's
/// scope. Staff edit; Customer users read published versions only.
/// </summary>
public sealed class ConfigurationService
{
    // Ingestion asks for the latest version per request: remembered briefly, replaced at once on
    // publish, on every instance (a Configuration notice).
    private static readonly TimeSpan LatestVersionLifetime = TimeSpan.FromSeconds(2);

    /// <summary>Why a customer with four-eyes publishing refuses a direct publish.</summary>
    public const string ApprovalRequired = "This customer requires approval: request a publish instead.";

    private readonly PortalDbFactory _dbFactory;
    private readonly TimeProvider _clock;
    private readonly IClusterNotices _notices;

    // Published versions never change, so a compiled one can be shared by every caller.
    private readonly ConcurrentDictionary<(Guid Customer, int Version), CompiledConfiguration> _compiled = new();
    private readonly ConcurrentDictionary<Guid, (int? Version, DateTimeOffset Until)> _latest = new();
    // Counts notices, so a version read while one arrived is not put back after it (see GetLatestPublishedAsync).
    private long _generation;

    public ConfigurationService(PortalDbFactory dbFactory, TimeProvider clock, IClusterNotices notices)
    {
        (_dbFactory, _clock, _notices) = (dbFactory, clock, notices);
        notices.Subscribe(NoticeTopic.Configuration, customer => Forget(Guid.Parse(customer)), () => Forget(null));
    }

    private void Forget(Guid? customerId)
    {
        Interlocked.Increment(ref _generation);
        if (customerId is { } id)
        {
            _latest.TryRemove(id, out _);
        }
        else
        {
            _latest.Clear();
        }
    }

    /// <summary>
    /// For ingestion and replay (no caller: the system): the latest published version of a customer,
    /// compiled, or null when nothing is published.
    /// </summary>
    public async Task<(int Version, CompiledConfiguration Compiled)?> GetLatestPublishedAsync(Guid customerId, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        if (!_latest.TryGetValue(customerId, out var latest) || latest.Until <= now)
        {
            var generation = Interlocked.Read(ref _generation);
            await using var db = _dbFactory.CreateUnrestricted();
            var number = await db.ConfigurationVersions.Where(v => v.CustomerId == customerId).MaxAsync(v => (int?)v.Number, cancellationToken);
            latest = (number, now + LatestVersionLifetime);
            // Written first, then checked: a publish notice that came during the read takes it out again,
            // or the version read before the publish would be served for the whole lifetime.
            _latest[customerId] = latest;
            if (Interlocked.Read(ref _generation) != generation)
            {
                _latest.TryRemove(KeyValuePair.Create(customerId, latest));
            }
        }

        if (latest.Version is not { } version)
        {
            return null;
        }

        if (!_compiled.TryGetValue((customerId, version), out var compiled))
        {
            var outcome = await GetCompiledAsync(new Caller(null, "system", null, TenantScope.Unrestricted), customerId, version, cancellationToken);
            compiled = outcome.Value.Compiled;
        }

        return (version, compiled);
    }

    public async Task<Outcome<DraftView>> GetDraftAsync(Caller caller, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.Create(caller.Scope);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return Outcome<DraftView>.NotFound();
        }

        if (!caller.IsStaff)
        {
            return Outcome<DraftView>.Forbidden("Only Admins and Relationship Managers see drafts; published versions are under /versions.");
        }

        var draft = await EnsureDraftAsync(db, customerId, cancellationToken);
        return Outcome<DraftView>.Ok(await ViewAsync(db, draft, cancellationToken));
    }

    /// <summary>
    /// Replaces the draft with a document, refusing it whole if it does not parse or validate.
    /// With <paramref name="expectedRevision"/>, a draft saved by someone else meanwhile is a conflict.
    /// </summary>
    public async Task<Outcome<DraftView>> SaveDraftAsync(
        Caller caller, Guid customerId, string json, int? expectedRevision, CancellationToken cancellationToken = default)
    {
        var parsed = ConfigurationDocumentSerializer.Parse(json);
        if (parsed.Succeeded)
        {
            return await SaveDraftAsync(caller, customerId, parsed.Document!, expectedRevision, cancellationToken);
        }

        // Who may edit is answered before what is wrong with the document.
        var access = await GetDraftAsync(caller, customerId, cancellationToken);
        return access.IsOk ? Outcome<DraftView>.InvalidAt(parsed.Problems.Select(p => (p.Path, p.Message))) : access;
    }

    public async Task<Outcome<DraftView>> SaveDraftAsync(
        Caller caller, Guid customerId, ConfigurationDocument document, int? expectedRevision, CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.Create(caller.Scope);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return Outcome<DraftView>.NotFound();
        }

        if (!caller.IsStaff)
        {
            return Outcome<DraftView>.Forbidden("Only Admins and Relationship Managers edit configurations.");
        }

        var problems = ConfigurationValidator.Validate(document);
        if (problems.Count > 0)
        {
            return Outcome<DraftView>.InvalidAt(problems.Select(p => (p.Path, p.Message)));
        }

        var draft = await EnsureDraftAsync(db, customerId, cancellationToken);
        if (expectedRevision is { } expected && expected != draft.Revision)
        {
            return Outcome<DraftView>.Conflict(
                $"The draft was changed by {draft.UpdatedBy} at {draft.UpdatedAtUtc:u} (revision {draft.Revision}, you edited revision {expected}). Reload it and apply your change again.");
        }

        var before = draft.DocumentJson;
        draft.DocumentJson = ConfigurationDocumentSerializer.Serialize(document);
        draft.Revision++;
        draft.UpdatedAtUtc = _clock.GetUtcNow().UtcDateTime;
        draft.UpdatedBy = caller.Name;
        if (before != draft.DocumentJson)
        {
            AuditLog.Record(db, caller.Actor, _clock, "configuration.draft-saved", $"draft revision {draft.Revision}", customerId,
                new { Document = before }, new { Document = draft.DocumentJson });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome<DraftView>.Conflict("The draft was saved by someone else at the same moment. Reload it and apply your change again.");
        }

        return Outcome<DraftView>.Ok(await ViewAsync(db, draft, cancellationToken));
    }

    /// <summary>Validates the draft and publishes it as the next version.</summary>
    public async Task<Outcome<VersionSummary>> PublishAsync(Caller caller, Guid customerId, string? note, CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.Create(caller.Scope);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return Outcome<VersionSummary>.NotFound();
        }

        if (!caller.IsStaff)
        {
            return Outcome<VersionSummary>.Forbidden("Only Admins and Relationship Managers publish.");
        }

        if (await RequiresApprovalAsync(db, customerId, cancellationToken))
        {
            return Outcome<VersionSummary>.Conflict(ApprovalRequired);
        }

        if (note is { Length: > ConfigurationVersion.NoteMaxLength })
        {
            return Outcome<VersionSummary>.Invalid($"A note has at most {ConfigurationVersion.NoteMaxLength} characters.");
        }

        var draft = await EnsureDraftAsync(db, customerId, cancellationToken);
        var parsed = ConfigurationDocumentSerializer.Parse(draft.DocumentJson);
        var problems = parsed.Succeeded ? ConfigurationValidator.Validate(parsed.Document!) : parsed.Problems;
        if (problems.Count > 0)
        {
            return Outcome<VersionSummary>.InvalidAt(problems.Select(p => (p.Path, p.Message)));
        }

        return await AddVersionAsync(db, caller, customerId, draft.DocumentJson, note, null, null, cancellationToken);
    }

    public async Task<Outcome<IReadOnlyList<VersionSummary>>> ListVersionsAsync(Caller caller, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.Create(caller.Scope);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return Outcome<IReadOnlyList<VersionSummary>>.NotFound();
        }

        var versions = await db.ConfigurationVersions.AsNoTracking()
            .Where(v => v.CustomerId == customerId)
            .OrderByDescending(v => v.Number)
            .Select(v => new VersionSummary(v.Number, v.Note, v.PublishedBy, v.PublishedAtUtc, v.RestoredFrom, v.ApprovedBy, v.PublishRequestId, v.Urgent))
            .ToListAsync(cancellationToken);
        return Outcome<IReadOnlyList<VersionSummary>>.Ok(versions);
    }

    public async Task<Outcome<VersionDetail>> GetVersionAsync(Caller caller, Guid customerId, int number, CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.Create(caller.Scope);
        var version = await db.ConfigurationVersions.AsNoTracking()
            .SingleOrDefaultAsync(v => v.CustomerId == customerId && v.Number == number, cancellationToken);
        return version is null ? Outcome<VersionDetail>.NotFound() : Outcome<VersionDetail>.Ok(Detail(version));
    }

    /// <summary>
    /// Puts an old version's document into the draft, to review and publish; with <paramref name="publish"/>
    /// it is also published straight away as a new version (the explicit shortcut).
    /// </summary>
    public async Task<Outcome<RestoreResult>> RestoreAsync(
        Caller caller, Guid customerId, int number, string? note, bool publish = false, CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.Create(caller.Scope);
        var old = await db.ConfigurationVersions.AsNoTracking()
            .SingleOrDefaultAsync(v => v.CustomerId == customerId && v.Number == number, cancellationToken);
        if (old is null)
        {
            return Outcome<RestoreResult>.NotFound();
        }

        if (!caller.IsStaff)
        {
            return Outcome<RestoreResult>.Forbidden("Only Admins and Relationship Managers restore versions.");
        }

        if (note is { Length: > ConfigurationVersion.NoteMaxLength })
        {
            return Outcome<RestoreResult>.Invalid($"A note has at most {ConfigurationVersion.NoteMaxLength} characters.");
        }

        var oldDocument = ConfigurationDocumentSerializer.Parse(old.DocumentJson);
        var problems = oldDocument.Succeeded ? ConfigurationValidator.Validate(oldDocument.Document!) : oldDocument.Problems;
        if (problems.Count > 0)
        {
            // Rules may have tightened since that version was published.
            return Outcome<RestoreResult>.InvalidAt(problems.Select(p => (p.Path, p.Message)));
        }

        if (publish && await RequiresApprovalAsync(db, customerId, cancellationToken))
        {
            return Outcome<RestoreResult>.Conflict(ApprovalRequired + " Restore into the draft, then request a publish.");
        }

        var draft = await EnsureDraftAsync(db, customerId, cancellationToken);
        var before = draft.DocumentJson;
        draft.DocumentJson = old.DocumentJson;
        draft.Revision++;
        draft.UpdatedAtUtc = _clock.GetUtcNow().UtcDateTime;
        draft.UpdatedBy = caller.Name;
        if (!publish)
        {
            AuditLog.Record(db, caller.Actor, _clock, "configuration.restored-to-draft", $"version {number} into draft revision {draft.Revision}", customerId,
                new { Document = before }, new { Document = draft.DocumentJson, RestoredFrom = number });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Outcome<RestoreResult>.Conflict("The draft was saved by someone else at the same moment. Try again.");
            }

            return Outcome<RestoreResult>.Ok(new RestoreResult(await ViewAsync(db, draft, cancellationToken), null));
        }

        var published = await AddVersionAsync(db, caller, customerId, old.DocumentJson, note ?? $"Restored version {number}", number, null, cancellationToken);
        return published.IsOk
            ? Outcome<RestoreResult>.Ok(new RestoreResult(await ViewAsync(db, draft, cancellationToken), published.Value))
            : published.As<RestoreResult>();
    }

    /// <summary>
    /// What publishing now would do: the saved draft against the latest version, table by table and
    /// field by field, and the saved draft's own problems (unsaved edits are not part of it).
    /// </summary>
    public async Task<Outcome<PublishPreview>> PreviewPublishAsync(Caller caller, Guid customerId, CancellationToken cancellationToken = default)
    {
        var draft = await GetDraftAsync(caller, customerId, cancellationToken);
        if (!draft.IsOk)
        {
            return draft.As<PublishPreview>();
        }

        await using var db = _dbFactory.Create(caller.Scope);
        var latest = await db.ConfigurationVersions.AsNoTracking()
            .Where(v => v.CustomerId == customerId)
            .OrderByDescending(v => v.Number)
            .Select(v => new { v.Number, v.DocumentJson })
            .FirstOrDefaultAsync(cancellationToken);
        var live = latest is null ? null : ConfigurationDocumentSerializer.Parse(latest.DocumentJson).Document;
        var document = draft.Value!.Document;
        var problems = ConfigurationValidator.Validate(document);
        var fixtures = problems.Count > 0 ? FixtureRunSummary.None : await RunFixturesAsync(db, customerId, document, cancellationToken);
        return Outcome<PublishPreview>.Ok(new PublishPreview(
            draft.Value.Revision, latest?.Number, ConfigurationComparison.Compare(live, document), problems) { Fixtures = fixtures });
    }

    /// <summary>What changed from version <paramref name="from"/> to version <paramref name="to"/>.</summary>
    public async Task<Outcome<IReadOnlyList<ConfigurationChange>>> CompareAsync(
        Caller caller, Guid customerId, int from, int to, CancellationToken cancellationToken = default)
    {
        var before = await GetVersionAsync(caller, customerId, from, cancellationToken);
        var after = await GetVersionAsync(caller, customerId, to, cancellationToken);
        if (!before.IsOk || !after.IsOk)
        {
            return Outcome<IReadOnlyList<ConfigurationChange>>.NotFound();
        }

        return Outcome<IReadOnlyList<ConfigurationChange>>.Ok(ConfigurationDiff.Compare(before.Value!.Document, after.Value!.Document));
    }

    /// <summary>The compiled configuration of a published version (null version: the latest).</summary>
    public async Task<Outcome<(int Version, CompiledConfiguration Compiled)>> GetCompiledAsync(
        Caller caller, Guid customerId, int? number, CancellationToken cancellationToken = default)
    {
        await using var db = _dbFactory.Create(caller.Scope);
        var query = db.ConfigurationVersions.AsNoTracking().Where(v => v.CustomerId == customerId);
        var version = number is { } n
            ? await query.SingleOrDefaultAsync(v => v.Number == n, cancellationToken)
            : await query.OrderByDescending(v => v.Number).FirstOrDefaultAsync(cancellationToken);
        if (version is null)
        {
            return Outcome<(int, CompiledConfiguration)>.NotFound();
        }

        var compiled = _compiled.GetOrAdd((customerId, version.Number), _ => MappingCompiler.Compile(Detail(version).Document));
        return Outcome<(int, CompiledConfiguration)>.Ok((version.Number, compiled));
    }

    /// <summary>The draft compiled for a preview (only when it validates).</summary>
    public async Task<Outcome<CompiledConfiguration>> CompileDraftAsync(Caller caller, Guid customerId, CancellationToken cancellationToken = default)
    {
        var draft = await GetDraftAsync(caller, customerId, cancellationToken);
        if (!draft.IsOk)
        {
            return draft.As<CompiledConfiguration>();
        }

        var problems = ConfigurationValidator.Validate(draft.Value!.Document);
        return problems.Count > 0
            ? Outcome<CompiledConfiguration>.InvalidAt(problems.Select(p => (p.Path, p.Message)))
            : Outcome<CompiledConfiguration>.Ok(MappingCompiler.Compile(draft.Value.Document));
    }

    /// <summary>A new customer's draft: the seed preset. Added to the caller's unit of work.</summary>
    public static ConfigurationDraft SeedDraft(Guid customerId, string author, DateTime nowUtc) => new()
    {
        CustomerId = customerId,
        DocumentJson = ConfigurationDocumentSerializer.Serialize(SeedPreset.Create()),
        Revision = 1,
        UpdatedAtUtc = nowUtc,
        UpdatedBy = author,
    };

    private async Task<ConfigurationDraft> EnsureDraftAsync(PortalDbContext db, Guid customerId, CancellationToken cancellationToken)
    {
        var draft = await db.ConfigurationDrafts.SingleOrDefaultAsync(d => d.CustomerId == customerId, cancellationToken);
        if (draft is not null)
        {
            return draft;
        }

        draft = SeedDraft(customerId, "system", _clock.GetUtcNow().UtcDateTime);
        db.ConfigurationDrafts.Add(draft);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return draft;
        }
        catch (DbUpdateException)
        {
            // Another request seeded it at the same moment: use theirs.
            db.Entry(draft).State = EntityState.Detached;
            return await db.ConfigurationDrafts.SingleAsync(d => d.CustomerId == customerId, cancellationToken);
        }
    }

    /// <summary>
    /// Four-eyes publishing: publishes an approved request's document, or an Admin's urgent publish, as
    /// the next version in the caller's unit of work (so a request's decision commits with its version).
    /// </summary>
    internal Task<Outcome<VersionSummary>> PublishApprovedAsync(
        PortalDbContext db, Caller caller, Guid customerId, string documentJson, string? note, VersionApproval approval, CancellationToken cancellationToken) =>
        AddVersionAsync(db, caller, customerId, documentJson, note, null, approval, cancellationToken);

    private static Task<bool> RequiresApprovalAsync(PortalDbContext db, Guid customerId, CancellationToken cancellationToken) =>
        db.Customers.AnyAsync(c => c.Id == customerId && c.RequiresPublishApproval, cancellationToken);

    private async Task<Outcome<VersionSummary>> AddVersionAsync(
        PortalDbContext db, Caller caller, Guid customerId, string documentJson, string? note, int? restoredFrom, VersionApproval? approval,
        CancellationToken cancellationToken)
    {
        if (await FailingFixturesAsync(db, customerId, documentJson, cancellationToken) is { } refusal)
        {
            return Outcome<VersionSummary>.Conflict(refusal);
        }

        var latest = await db.ConfigurationVersions.Where(v => v.CustomerId == customerId).MaxAsync(v => (int?)v.Number, cancellationToken) ?? 0;
        var version = new ConfigurationVersion
        {
            CustomerId = customerId,
            Number = latest + 1,
            DocumentJson = documentJson,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            PublishedBy = approval?.PublishedBy ?? caller.Name,
            PublishedAtUtc = _clock.GetUtcNow().UtcDateTime,
            RestoredFrom = restoredFrom,
            ApprovedBy = approval?.ApprovedBy,
            PublishRequestId = approval?.Request?.Id,
            Urgent = approval?.Urgent == true,
        };
        db.ConfigurationVersions.Add(version);
        if (approval?.Request is { } request)
        {
            request.PublishedVersion = version.Number;
        }

        // Before: the version that was live until now (none before the first publish).
        AuditLog.Record(db, caller.Actor, _clock,
            version.Urgent ? "configuration.published-urgently" : restoredFrom is null ? "configuration.published" : "configuration.restored",
            $"version {version.Number}", customerId, before: latest == 0 ? null : new { Number = latest },
            after: approval is null
                ? new { version.Number, version.Note, version.RestoredFrom }
                : new { version.Number, version.Note, version.PublishedBy, version.ApprovedBy, version.PublishRequestId, version.Urgent });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Outcome<VersionSummary>.Conflict("Someone published at the same moment. Try again.");
        }

        // Every instance maps the next event with it.
        await _notices.PublishAsync(NoticeTopic.Configuration, customerId.ToString(), CancellationToken.None);
        _latest[customerId] = (version.Number, _clock.GetUtcNow() + LatestVersionLifetime);
        return Outcome<VersionSummary>.Ok(Summary(version));
    }

    /// <summary>
    /// Nothing goes live that changes what a regression fixture expects: the refusal names the failing
    /// fixtures and their first differences, or null when every fixture passes.
    /// </summary>
    private static async Task<string?> FailingFixturesAsync(PortalDbContext db, Guid customerId, string documentJson, CancellationToken cancellationToken) =>
        (await RunFixturesAsync(db, customerId, ConfigurationDocumentSerializer.Parse(documentJson).Document!, cancellationToken)).Refusal();

    private static async Task<FixtureRunSummary> RunFixturesAsync(PortalDbContext db, Guid customerId, ConfigurationDocument document, CancellationToken cancellationToken)
    {
        var fixtures = await db.RegressionFixtures.AsNoTracking().Where(f => f.CustomerId == customerId).ToListAsync(cancellationToken);
        return fixtures.Count == 0 ? FixtureRunSummary.None : FixtureEvaluator.Run(fixtures, MappingCompiler.Compile(document));
    }

    private static async Task<DraftView> ViewAsync(PortalDbContext db, ConfigurationDraft draft, CancellationToken cancellationToken)
    {
        var latest = await db.ConfigurationVersions.AsNoTracking()
            .Where(v => v.CustomerId == draft.CustomerId)
            .OrderByDescending(v => v.Number)
            .Select(v => new { v.Number, v.DocumentJson })
            .FirstOrDefaultAsync(cancellationToken);
        var document = ConfigurationDocumentSerializer.Parse(draft.DocumentJson).Document!;
        return new DraftView(document, draft.Revision, draft.UpdatedAtUtc, draft.UpdatedBy, latest?.Number,
            latest is null || latest.DocumentJson != draft.DocumentJson);
    }

    private static VersionSummary Summary(ConfigurationVersion v) =>
        new(v.Number, v.Note, v.PublishedBy, v.PublishedAtUtc, v.RestoredFrom, v.ApprovedBy, v.PublishRequestId, v.Urgent);

    private static VersionDetail Detail(ConfigurationVersion v) =>
        new(Summary(v), ConfigurationDocumentSerializer.Parse(v.DocumentJson).Document!);
}
