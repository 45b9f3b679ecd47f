using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Persistence;

namespace SelligentPortal.Core.Cluster;

/// <summary>When a background job last ran, across every instance.</summary>
public sealed class BackgroundJobRun
{
    public const int NameMaxLength = 100;

    public required string Name { get; set; }

    public DateTime LastRunAtUtc { get; set; }
}

/// <summary>
/// Runs a named background job once per period across the app instances: under a cluster lock, and
/// only when no instance ran it within the period (each instance's timer ticks on its own schedule).
/// </summary>
public sealed class BackgroundJobs(IClusterLock locks, PortalDbFactory dbFactory, TimeProvider clock)
{
    /// <returns>True when this instance ran the job; false when another runs it or ran it within the period.</returns>
    public async Task<bool> RunOnceAsync(string name, TimeSpan period, Func<CancellationToken, Task> job, CancellationToken cancellationToken)
    {
        await using var held = await locks.TryAcquireAsync("job:" + name, cancellationToken);
        if (held is null)
        {
            return false;
        }

        await using var db = dbFactory.CreateUnrestricted();
        var run = await db.BackgroundJobRuns.SingleOrDefaultAsync(r => r.Name == name, cancellationToken);
        var started = clock.GetUtcNow().UtcDateTime;
        // A little under the period: instances' timers drift, and the job must not skip a whole period.
        if (run is not null && started - run.LastRunAtUtc < period * 0.9)
        {
            return false;
        }

        await job(cancellationToken);
        if (run is null)
        {
            run = new BackgroundJobRun { Name = name };
            db.BackgroundJobRuns.Add(run);
        }

        // When it started: a slow run must not push the next one a whole period past the work it did.
        run.LastRunAtUtc = started;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
