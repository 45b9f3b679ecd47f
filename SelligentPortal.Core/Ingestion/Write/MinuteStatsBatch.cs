using SelligentPortal.Core.Dashboard;

namespace SelligentPortal.Core.Ingestion.Write;

/// <summary>
/// A commit group's per-minute statistics, summed in memory per (customer, minute) so the group
/// costs one upsert per row, not a statement per event. The rows hold increments, not totals.
/// </summary>
internal sealed class MinuteStatsBatch
{
    private readonly Dictionary<(Guid CustomerId, DateTime MinuteUtc), IngestionMinuteStat> _rows = [];

    public IEnumerable<IngestionMinuteStat> Rows => _rows.Values;

    public void Add(Guid customerId, DateTime receivedAtUtc, IngestionCounts counts, double latencyMs)
    {
        var key = (customerId, MinuteOf(receivedAtUtc));
        if (!_rows.TryGetValue(key, out var row))
        {
            row = new IngestionMinuteStat { CustomerId = key.customerId, MinuteUtc = key.Item2 };
            _rows[key] = row;
        }

        row.Accepted += counts.Accepted;
        row.Applied += counts.Applied;
        row.Failed += counts.Failed;
        row.Duplicate += counts.Duplicate;
        row.Skipped += counts.Skipped;
        row.Deleted += counts.Deleted;
        row.LatencySumMs += latencyMs;
        row.LatencyCount++;
        row.LatencyMaxMs = Math.Max(row.LatencyMaxMs, latencyMs);
    }

    public static DateTime MinuteOf(DateTime utc) => new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
}
