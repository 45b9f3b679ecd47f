using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Auditing;
using SelligentPortal.Core.Cluster;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Configuration.Shadow;

/// <summary>What to shadow: for a period, a number of events, or both (whichever comes first).</summary>
public sealed record ShadowRunRequest(TimeSpan? Period, int? Events);

/// <summary>A shadow run with its instances' tallies added up.</summary>
public sealed record ShadowRunView(
    long Id, bool IsActive, int DraftRevision, int? LiveVersion, string StartedBy, DateTime StartedAtUtc, DateTime EndsAtUtc,
    int? MaxEvents, long Events, DateTime? EndedAtUtc, string? EndReason, ShadowAggregate Summary)
{
    /// <summary>Events still to shadow when the run has a count; null otherwise.</summary>
    public long? EventsLeft => MaxEvents is { } max ? Math.Max(0, max - Events) : null;
}

/// <summary>An active run as the ingestion side needs it.</summary>
public sealed record ActiveShadowRun(long Id, Guid CustomerId, int? LiveVersion, int? MaxEvents, long Events);

/// <summary>Why a shadow run ended, as stored in <see cref="ShadowRun.EndReason"/>.</summary>
public static class ShadowEndReasons
{
    public const string PeriodOver = "period-over";
    public const string CountReached = "count-reached";
    public const string Stopped = "stopped";
    public const string DraftChanged = "draft-changed";
    public const string Published = "published";
    public const string DraftUnusable = "draft-unusable";

    /// <summary>The reason in words, for the page and the audit log.</summary>
    public static string Describe(string? reason) => reason switch
    {
        PeriodOver => "its period is over",
        CountReached => "it reached its number of events",
        Stopped => "it was stopped",
        DraftChanged => "the draft was saved again (a new revision)",
        Published => "a new version was published",
        DraftUnusable => "the draft could not be compiled",
        null => "",
        _ => reason,
    };
}

/// <summary>
/// Starts, stops and reads shadow runs of a customer's draft (staff only: Customer users never see
/// drafts). A run also ends when its period or count is reached, when the draft gets a new revision or
/// when a new version is published; those are noticed when a run is read here and every second by
/// <see cref="ShadowTraffic"/>, and recorded once.
/// </summary>
public sealed class ShadowRunService(PortalDbFactory dbFactory, ConfigurationService configurations, IClusterLock locks, TimeProvider clock)
{
    private readonly List<Func<Task>> _listeners = [];

    /// <summary>Called (and awaited) after this instance started or stopped a run, so its ingestion side takes it on at once.</summary>
    public void OnChanged(Func<Task> listener) => _listeners.Add(listener);

    public async Task<Outcome<ShadowRunView>> StartAsync(Caller caller, Guid customerId, ShadowRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var draft = await configurations.GetDraftAsync(caller, customerId, cancellationToken);
        if (!draft.IsOk)
        {
            return draft.As<ShadowRunView>();
        }

        var problems = RequestProblems(request);
        if (problems.Count > 0)
        {
            return Outcome<ShadowRunView>.Invalid(problems);
        }

        var validation = ConfigurationValidator.Validate(draft.Value!.Document);
        if (validation.Count > 0)
        {
            return new Outcome<ShadowRunView>(OutcomeStatus.Invalid, default,
                [.. validation.Select(p => $"The draft does not validate: {p.Message}")]) { ProblemPaths = [.. validation.Select(p => (string?)p.Path)] };
        }

        if (draft.Value.LatestVersion is not { } liveVersion)
        {
            return Outcome<ShadowRunView>.Invalid("Nothing is published yet: a shadow run compares the draft with the live version. Publish first.");
        }

        // Two starts at the same moment must not both find no active run.
        await using var held = await locks.AcquireAsync($"shadow:{customerId}", cancellationToken);
        await using var db = dbFactory.Create(caller.Scope);
        var current = await db.ShadowRuns.Where(r => r.CustomerId == customerId && r.EndedAtUtc == null).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (current is not null && await EndIfDueAsync(db, current, cancellationToken) is null)
        {
            return Outcome<ShadowRunView>.Conflict($"A shadow run of draft revision {current.DraftRevision} is already running (started by {current.StartedBy}). Stop it first.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var run = new ShadowRun
        {
            CustomerId = customerId,
            DraftRevision = draft.Value.Revision,
            DocumentJson = ConfigurationDocumentSerializer.Serialize(draft.Value.Document),
            LiveVersion = liveVersion,
            StartedBy = caller.Name,
            StartedAtUtc = now,
            EndsAtUtc = now + (request.Period ?? TimeSpan.FromDays(ShadowRun.MaxDays)),
            MaxEvents = request.Events,
        };
        db.ShadowRuns.Add(run);
        AuditLog.Record(db, caller.Actor, clock, "configuration.shadow-started", $"shadow run of draft revision {run.DraftRevision}", customerId,
            after: new { run.DraftRevision, run.LiveVersion, run.EndsAtUtc, run.MaxEvents });
        await db.SaveChangesAsync(cancellationToken);
        await NotifyAsync();
        return Outcome<ShadowRunView>.Ok(await ViewAsync(db, run, cancellationToken));
    }

    public async Task<Outcome<ShadowRunView>> StopAsync(Caller caller, Guid customerId, CancellationToken cancellationToken = default)
    {
        var access = await CheckAccessAsync(caller, customerId, cancellationToken);
        if (access is not null)
        {
            return access.As<ShadowRunView>();
        }

        await using var db = dbFactory.Create(caller.Scope);
        var run = await db.ShadowRuns.Where(r => r.CustomerId == customerId && r.EndedAtUtc == null).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (run is null || await EndIfDueAsync(db, run, cancellationToken) is not null)
        {
            return Outcome<ShadowRunView>.Conflict("No shadow run is active for this customer.");
        }

        await EndAsync(db, run, ShadowEndReasons.Stopped, caller.Actor, cancellationToken);
        await NotifyAsync();
        return Outcome<ShadowRunView>.Ok(await ViewAsync(db, run, cancellationToken));
    }

    /// <summary>The active run, else the latest one; null when the customer never had one.</summary>
    public async Task<Outcome<ShadowRunView?>> GetAsync(Caller caller, Guid customerId, CancellationToken cancellationToken = default)
    {
        var access = await CheckAccessAsync(caller, customerId, cancellationToken);
        if (access is not null)
        {
            return access.As<ShadowRunView?>();
        }

        await using var db = dbFactory.Create(caller.Scope);
        var run = await db.ShadowRuns.Where(r => r.CustomerId == customerId).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (run is null)
        {
            return Outcome<ShadowRunView?>.Ok(null);
        }

        if (run.EndedAtUtc is null)
        {
            await EndIfDueAsync(db, run, cancellationToken);
        }

        return Outcome<ShadowRunView?>.Ok(await ViewAsync(db, run, cancellationToken));
    }

    /// <summary>
    /// For the ingestion side (no caller: the system): ends every active run that is due, and returns
    /// the runs still active with their events so far (every instance's tally).
    /// </summary>
    public async Task<IReadOnlyList<ActiveShadowRun>> ActiveRunsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateUnrestricted();
        var runs = await db.ShadowRuns.Where(r => r.EndedAtUtc == null).ToListAsync(cancellationToken);
        var active = new List<ActiveShadowRun>();
        foreach (var run in runs)
        {
            if (await EndIfDueAsync(db, run, cancellationToken) is null)
            {
                active.Add(new ActiveShadowRun(run.Id, run.CustomerId, run.LiveVersion, run.MaxEvents, await EventsAsync(db, run.Id, cancellationToken)));
            }
        }

        return active;
    }

    /// <summary>The document a run shadows (system).</summary>
    public async Task<ConfigurationDocument?> DocumentAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateUnrestricted();
        var json = await db.ShadowRuns.Where(r => r.Id == runId).Select(r => r.DocumentJson).FirstOrDefaultAsync(cancellationToken);
        return json is null ? null : ConfigurationDocumentSerializer.Parse(json).Document;
    }

    /// <summary>Ends a run for the system (its draft could not be used), once.</summary>
    public async Task EndAsync(long runId, string reason, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateUnrestricted();
        var run = await db.ShadowRuns.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is { EndedAtUtc: null })
        {
            await EndAsync(db, run, reason, AuditActor.System, cancellationToken);
        }
    }

    /// <summary>Stores this instance's share of a run's aggregates.</summary>
    public async Task SaveTallyAsync(long runId, Guid customerId, string instanceId, long events, ShadowAggregate summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        await using var db = dbFactory.CreateUnrestricted();
        var tally = await db.ShadowRunTallies.SingleOrDefaultAsync(t => t.RunId == runId && t.InstanceId == instanceId, cancellationToken);
        if (tally is null)
        {
            tally = new ShadowRunTally { RunId = runId, InstanceId = instanceId, CustomerId = customerId, SummaryJson = "" };
            db.ShadowRunTallies.Add(tally);
        }

        tally.Events = events;
        tally.SummaryJson = summary.ToJson();
        tally.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task NotifyAsync()
    {
        foreach (var listener in _listeners)
        {
            await listener();
        }
    }

    private static List<string> RequestProblems(ShadowRunRequest request)
    {
        var problems = new List<string>();
        if (request.Period is null && request.Events is null)
        {
            problems.Add("Give a period (days or hours), a number of events, or both.");
        }

        if (request.Period is { } period && (period <= TimeSpan.Zero || period > TimeSpan.FromDays(ShadowRun.MaxDays)))
        {
            problems.Add($"The period must be more than zero and at most {ShadowRun.MaxDays} days.");
        }

        if (request.Events is <= 0)
        {
            problems.Add("The number of events must be at least 1.");
        }

        return problems;
    }

    private async Task<Outcome<bool>?> CheckAccessAsync(Caller caller, Guid customerId, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.Create(caller.Scope);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return Outcome<bool>.NotFound();
        }

        return caller.IsStaff ? null : Outcome<bool>.Forbidden("Only Admins and Relationship Managers see shadow runs of drafts.");
    }

    /// <summary>Ends the run if its period, count, draft revision or live version says so; returns the reason, or null while it runs.</summary>
    private async Task<string?> EndIfDueAsync(PortalDbContext db, ShadowRun run, CancellationToken cancellationToken)
    {
        string? reason = null;
        if (clock.GetUtcNow().UtcDateTime >= run.EndsAtUtc)
        {
            reason = ShadowEndReasons.PeriodOver;
        }
        else if (await db.ConfigurationDrafts.Where(d => d.CustomerId == run.CustomerId).Select(d => (int?)d.Revision).FirstOrDefaultAsync(cancellationToken) != run.DraftRevision)
        {
            reason = ShadowEndReasons.DraftChanged;
        }
        else if (await db.ConfigurationVersions.Where(v => v.CustomerId == run.CustomerId).MaxAsync(v => (int?)v.Number, cancellationToken) != run.LiveVersion)
        {
            reason = ShadowEndReasons.Published;
        }
        else if (run.MaxEvents is { } max && await EventsAsync(db, run.Id, cancellationToken) >= max)
        {
            reason = ShadowEndReasons.CountReached;
        }

        if (reason is not null)
        {
            await EndAsync(db, run, reason, AuditActor.System, cancellationToken);
        }

        return reason;
    }

    /// <summary>Records the end once: another instance (or request) that ended it first wins, and this one reads its reason.</summary>
    private async Task EndAsync(PortalDbContext db, ShadowRun run, string reason, AuditActor actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ended = await db.ShadowRuns.Where(r => r.Id == run.Id && r.EndedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.EndedAtUtc, now).SetProperty(r => r.EndReason, reason), cancellationToken);
        if (ended == 1)
        {
            AuditLog.Record(db, actor, clock, "configuration.shadow-ended", $"shadow run of draft revision {run.DraftRevision}", run.CustomerId,
                after: new { Reason = reason });
            await db.SaveChangesAsync(cancellationToken);
        }

        await db.Entry(run).ReloadAsync(cancellationToken);
    }

    private static Task<long> EventsAsync(PortalDbContext db, long runId, CancellationToken cancellationToken) =>
        db.ShadowRunTallies.Where(t => t.RunId == runId).SumAsync(t => t.Events, cancellationToken);

    private static async Task<ShadowRunView> ViewAsync(PortalDbContext db, ShadowRun run, CancellationToken cancellationToken)
    {
        var tallies = await db.ShadowRunTallies.AsNoTracking().Where(t => t.RunId == run.Id)
            .OrderBy(t => t.InstanceId).Select(t => new { t.Events, t.SummaryJson }).ToListAsync(cancellationToken);
        var summary = new ShadowAggregate();
        foreach (var tally in tallies)
        {
            summary.Merge(ShadowAggregate.FromJson(tally.SummaryJson));
        }

        return new ShadowRunView(run.Id, run.EndedAtUtc is null, run.DraftRevision, run.LiveVersion, run.StartedBy, run.StartedAtUtc, run.EndsAtUtc,
            run.MaxEvents, tallies.Sum(t => t.Events), run.EndedAtUtc, run.EndReason, summary);
    }
}
