using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Ingestion.Write;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Dashboard;

/// <summary>
/// The dashboard's figures for the customers a caller may see: read from the per-minute statistics
/// the writer keeps (at most a day of minutes per customer), never by counting the event log.
/// </summary>
public sealed class DashboardQueries(PortalDbFactory dbFactory, TimeProvider clock)
{
    /// <summary>Failed events grouped for the top reasons at most (the most recent ones), so a flood of failures stays cheap.</summary>
    public const int MaxFailuresGrouped = 10_000;

    public const int TopReasons = 10;

    public static readonly TimeSpan DayBucket = TimeSpan.FromMinutes(15);

    private const int HourPoints = 60;
    private const int DayPoints = 96;

    /// <summary>All the caller's customers (customerId null), or one of them (NotFound when not visible).</summary>
    public async Task<Outcome<DashboardView>> GetAsync(Caller caller, Guid? customerId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        if (customerId is { } id && !await db.Customers.AnyAsync(c => c.Id == id, cancellationToken))
        {
            return Outcome<DashboardView>.NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var currentMinute = MinuteStatsBatch.MinuteOf(now);
        var dayStart = Floor(now, DayBucket) - (DayBucket * (DayPoints - 1));
        var minutes = await MinutesAsync(db, customerId, dayStart, cancellationToken);

        var hourStart = currentMinute.AddMinutes(-(HourPoints - 1));
        var hour = Enumerable.Range(0, HourPoints).Select(i => Empty(hourStart.AddMinutes(i))).ToArray();
        var day = Enumerable.Range(0, DayPoints).Select(i => Empty(dayStart + (DayBucket * i))).ToArray();
        foreach (var minute in minutes)
        {
            if (minute.StartUtc >= hourStart && minute.StartUtc <= currentMinute)
            {
                var i = (int)(minute.StartUtc - hourStart).TotalMinutes;
                hour[i] = hour[i].Plus(minute);
            }

            var j = (int)((minute.StartUtc - dayStart) / DayBucket);
            if (j is >= 0 and < DayPoints)
            {
                day[j] = day[j].Plus(minute);
            }
        }

        var (reasons, sampled) = await TopFailureReasonsAsync(db, customerId, now.AddDays(-1), cancellationToken);
        return Outcome<DashboardView>.Ok(new DashboardView(
            now, hour, day, hour.Aggregate(Empty(hourStart), (a, b) => a.Plus(b)), day.Aggregate(Empty(dayStart), (a, b) => a.Plus(b)), reasons, sampled));
    }

    private static async Task<List<DashboardPoint>> MinutesAsync(PortalDbContext db, Guid? customerId, DateTime since, CancellationToken cancellationToken)
    {
        var stats = db.IngestionMinuteStats.AsNoTracking().Where(s => s.MinuteUtc >= since);
        if (customerId is { } id)
        {
            stats = stats.Where(s => s.CustomerId == id);
        }

        // Summed over customers in SQL: at most one row per minute comes back.
        var rows = await stats.GroupBy(s => s.MinuteUtc).Select(g => new
        {
            Minute = g.Key,
            Accepted = g.Sum(s => s.Accepted),
            Applied = g.Sum(s => s.Applied),
            Failed = g.Sum(s => s.Failed),
            Duplicate = g.Sum(s => s.Duplicate),
            Skipped = g.Sum(s => s.Skipped),
            Deleted = g.Sum(s => s.Deleted),
            Requests = g.Sum(s => s.LatencyCount),
            LatencySum = g.Sum(s => s.LatencySumMs),
            LatencyMax = g.Max(s => s.LatencyMaxMs),
        }).ToListAsync(cancellationToken);
        return rows.Select(r => new DashboardPoint(
            DateTime.SpecifyKind(r.Minute, DateTimeKind.Utc), r.Accepted, r.Applied, r.Failed, r.Duplicate, r.Skipped, r.Deleted, r.Requests, r.LatencySum, r.LatencyMax)).ToList();
    }

    private static async Task<(IReadOnlyList<FailureReasonCount> Reasons, bool Sampled)> TopFailureReasonsAsync(
        PortalDbContext db, Guid? customerId, DateTime since, CancellationToken cancellationToken)
    {
        // A constant status, so the partial index of failed events serves the scan.
        var failed = db.Events.AsNoTracking().Where(e => e.Status == EventStatus.Failed && e.ReceivedAtUtc >= since);
        if (customerId is { } id)
        {
            failed = failed.Where(e => e.CustomerId == id);
        }

        var recent = failed.OrderByDescending(e => e.Id).Take(MaxFailuresGrouped);
        var groups = await recent
            .GroupBy(e => new { e.CustomerId, e.Reason })
            .Select(g => new { g.Key.CustomerId, g.Key.Reason, Count = g.Count(), Last = g.Max(e => e.ReceivedAtUtc) })
            .OrderByDescending(g => g.Count).ThenByDescending(g => g.Last)
            .Take(TopReasons)
            .ToListAsync(cancellationToken);
        if (groups.Count == 0)
        {
            return ([], false);
        }

        var sampled = await recent.CountAsync(cancellationToken) == MaxFailuresGrouped;
        var customerIds = groups.Select(g => g.CustomerId).Distinct().ToList();
        var names = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        return (groups.Select(g => new FailureReasonCount(
            g.CustomerId, names.GetValueOrDefault(g.CustomerId, ""), g.Reason ?? "(no reason recorded)", g.Count, DateTime.SpecifyKind(g.Last, DateTimeKind.Utc))).ToList(), sampled);
    }

    private static DashboardPoint Empty(DateTime startUtc) => new(startUtc, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private static DateTime Floor(DateTime utc, TimeSpan bucket) => new(utc.Ticks - (utc.Ticks % bucket.Ticks), DateTimeKind.Utc);
}
