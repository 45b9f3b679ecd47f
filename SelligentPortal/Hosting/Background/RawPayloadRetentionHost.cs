using Microsoft.Extensions.Options;
using SelligentPortal.Core.Ingestion.Retention;
using SelligentPortal.Core.Options;

namespace SelligentPortal.Hosting.Background;

/// <summary>
/// Purges raw payloads older than the retention period, and the dashboard's old per-minute statistics,
/// once per <see cref="IngestionOptions.RetentionPurgeIntervalSeconds"/> (hourly) across every instance.
/// </summary>
internal sealed class RawPayloadRetentionHost(
    RawPayloadRetention retention, Core.Dashboard.IngestionStatsRetention statsRetention, Core.Cluster.BackgroundJobs jobs,
    IOptions<IngestionOptions> options, TimeProvider clock, ILogger<RawPayloadRetentionHost> logger)
    : BackgroundService
{
    /// <summary>The job's name among the background jobs, which run once per period across every instance.</summary>
    public const string JobName = "retention";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(options.Value.RetentionPurgeIntervalSeconds);
        using var timer = new PeriodicTimer(period, clock);
        do
        {
            try
            {
                await jobs.RunOnceAsync(JobName, period, async cancellationToken =>
                {
                    logger.LogDebug("Retention purge run started");
                    var purged = await retention.PurgeAsync(TimeSpan.FromDays(options.Value.RawPayloadRetentionDays), cancellationToken);
                    // Every run leaves a line (Debug when it found nothing), so which instance ran it can be told.
                    logger.Log(purged > 0 ? LogLevel.Information : LogLevel.Debug, "Purged the raw payload of {Count} events past retention", purged);
                    await statsRetention.PurgeAsync(cancellationToken);
                }, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Purging raw payloads failed; trying again in {Period}", period);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
