using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Persistence;

namespace SelligentPortal.Core.Ingestion.Retention;

/// <summary>
/// Drops raw payloads (and batch envelopes) past the retention period; the event log lines stay. Events are appended in
/// time order, so the cut-off is found by a binary search over ids (no index on the receive time,
/// which every ingested event would pay for).
/// </summary>
public sealed class RawPayloadRetention(PortalDbFactory dbFactory, TimeProvider clock)
{
    private const int BatchSize = 5000;

    // Rows below this id were purged already (by this process); a restart rescans once.
    private long _purgedBelow;

    public async Task<int> PurgeAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - retention;
        await using var db = dbFactory.CreateUnrestricted();
        var last = await db.Events.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;

        // The first id received at or after the cut-off.
        long low = _purgedBelow, high = last + 1;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var receivedAt = await db.Events.Where(e => e.Id >= middle).OrderBy(e => e.Id).Select(e => (DateTime?)e.ReceivedAtUtc).FirstOrDefaultAsync(cancellationToken);
            if (receivedAt is { } at && at < cutoff)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var purged = 0;
        for (var from = _purgedBelow; from < low; from += BatchSize)
        {
            var to = Math.Min(low, from + BatchSize);
            purged += await db.Events
                .Where(e => e.Id >= from && e.Id < to && e.RawPayload != null && e.ReceivedAtUtc < cutoff)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.RawPayload, (string?)null), cancellationToken);
        }

        _purgedBelow = low;

        // Batch envelopes go with their events' raw payloads, a batch of rows at a time so the writer is
        // never held behind one long delete.
        while (await db.EventEnvelopes.Where(e => e.ReceivedAtUtc < cutoff).OrderBy(e => e.Id).Take(BatchSize).ExecuteDeleteAsync(cancellationToken) == BatchSize)
        {
        }

        return purged;
    }
}
