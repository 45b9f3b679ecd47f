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

/// <summary>Failed events grouped by reason, for the failures page.</summary>
public sealed class FailureQueries(PortalDbFactory dbFactory)
{
    public const int MaxGroups = 200;

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
