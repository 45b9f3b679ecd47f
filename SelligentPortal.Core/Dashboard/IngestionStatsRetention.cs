using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Persistence;

namespace SelligentPortal.Core.Dashboard;

/// <summary>Drops per-minute statistics the dashboard no longer shows (it looks back one day).</summary>
public sealed class IngestionStatsRetention(PortalDbFactory dbFactory, TimeProvider clock)
{
    /// <summary>How long minutes are kept: the dashboard's day plus a week of margin for investigations.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(8);

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - Retention;
        await using var db = dbFactory.CreateUnrestricted();
        return await db.IngestionMinuteStats.Where(s => s.MinuteUtc < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
