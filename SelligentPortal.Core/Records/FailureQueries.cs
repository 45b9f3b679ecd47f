using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Records;

/// <summary>Failed events sharing one reason within a time window.</summary>
public sealed record FailureGroup(string Reason, int Count, DateTime LastAt);

/// <summary>A customer's failures within a window, most frequent reason first.</summary>
public sealed record FailureSummary(DateTime From, DateTime To, int Total, IReadOnlyList<FailureGroup> Groups);

/// <summary>Failed events that were meant for one table (identifies for the IDS, the Track events an extension takes).</summary>
/// <param name="Count">How many, counted up to <see cref="FailureQueries.MaxCounted"/>.</param>
/// <param name="LastAt">When the last one was received; null when none failed.</param>
public sealed record TableFailures(int Count, DateTime? LastAt)
{
    /// <summary>The count as text: <c>10,000+</c> beyond what is counted.</summary>
    public string CountText => Count > FailureQueries.MaxCounted
        ? FailureQueries.MaxCounted.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + "+"
        : Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Failed events grouped by reason, for the failures page.</summary>
public sealed class FailureQueries(PortalDbFactory dbFactory)
{
    public const int MaxGroups = 200;

    /// <summary>How far <see cref="ForTableAsync"/> counts (past it, "10,000+").</summary>
    public const int MaxCounted = 10_000;

    /// <summary>
    /// Failed events that would have gone to a table: identifies (<paramref name="trackEvents"/> null), or
    /// tracks with one of the extension's event names (empty: every track). Empty grids say so instead of
    /// "no records yet". NotFound when the customer is not the caller's.
    /// </summary>
    public async Task<Outcome<TableFailures>> ForTableAsync(
        Caller caller, Guid customerId, IReadOnlyList<string>? trackEvents, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return Outcome<TableFailures>.NotFound();
        }

        var failures = db.Events.AsNoTracking().Where(e => e.CustomerId == customerId && e.Status == EventStatus.Failed);
        failures = trackEvents is null ? failures.Where(e => e.Type == "identify")
            : trackEvents.Count == 0 ? failures.Where(e => e.Type == "track")
            : failures.Where(e => e.Type == "track" && trackEvents.Contains(e.EventName!));
        var count = await failures.OrderByDescending(e => e.Id).Take(MaxCounted + 1).CountAsync(cancellationToken);
        var last = count == 0 ? null : await failures.OrderByDescending(e => e.Id).Select(e => (DateTime?)e.ReceivedAtUtc).FirstAsync(cancellationToken);
        return Outcome<TableFailures>.Ok(new TableFailures(count, last is { } at ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : null));
    }

    /// <summary>Failures received in [from, to), grouped by reason; NotFound when the customer is not the caller's.</summary>
    public async Task<Outcome<FailureSummary>> GroupAsync(
        Caller caller, Guid customerId, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return Outcome<FailureSummary>.NotFound();
        }

        if (fromUtc >= toUtc)
        {
            return Outcome<FailureSummary>.Invalid("The start of the time window must be before its end.");
        }

        // A constant status, so only the partial index of failures is read, never the whole log.
        var failures = db.Events.AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.Status == EventStatus.Failed && e.ReceivedAtUtc >= fromUtc && e.ReceivedAtUtc < toUtc);
        var groups = await failures
            .GroupBy(e => e.Reason)
            .Select(g => new { Reason = g.Key, Count = g.Count(), LastAt = g.Max(e => e.ReceivedAtUtc) })
            .OrderByDescending(g => g.Count).ThenByDescending(g => g.LastAt).Take(MaxGroups)
            .ToListAsync(cancellationToken);
        // Counted apart: "replay all" replays every failure of the window, beyond the groups shown.
        var total = groups.Count < MaxGroups ? groups.Sum(g => g.Count) : await failures.CountAsync(cancellationToken);
        var views = groups.Select(g => new FailureGroup(g.Reason ?? "", g.Count, DateTime.SpecifyKind(g.LastAt, DateTimeKind.Utc))).ToList();
        return Outcome<FailureSummary>.Ok(new FailureSummary(fromUtc, toUtc, total, views));
    }
}
