using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Persistence;

namespace SelligentPortal.Core.Ingestion;

/// <summary>Drops raw payloads past the retention period; the event log lines stay.</summary>
public sealed class RawPayloadRetention(PortalDbFactory dbFactory, TimeProvider clock)
{
    public async Task<int> PurgeAsync(TimeSpan retention, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - retention;
        await using var db = dbFactory.CreateUnrestricted();
        return await db.Events
            .Where(e => e.RawPayload != null && e.ReceivedAtUtc < cutoff)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.RawPayload, (string?)null), cancellationToken);
    }
}
