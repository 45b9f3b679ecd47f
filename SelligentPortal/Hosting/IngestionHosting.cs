using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Options;
using SelligentPortal.Core.Sources;

namespace SelligentPortal.Hosting;

internal static class IngestionHosting
{
    public static void AddPortalIngestion(this IServiceCollection services)
    {
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestionOptions>>(sp => sp.GetRequiredService<PortalOptionsValidator>());
        services.AddSingleton<WriteKeyAuthenticator>();
        services.AddSingleton(sp => new SourceRateLimiter(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<IngestionOptions>>().Value.RateLimitInstances));
        services.AddSingleton<IngestionMetrics>();
        services.AddSingleton<CommitNotifications>();
        services.AddSingleton<IngestionWriter>();
        services.AddSingleton<IngestionService>();
        services.AddPortalShadowRuns();
        services.AddSingleton<SourceService>();
        services.AddSingleton<RawPayloadRetention>();
        services.AddSingleton<ReplayService>();
        services.AddSingleton<DryRunService>();
        services.AddSingleton<Core.Records.CustomerActivityQuery>();
        services.AddSingleton<Core.Configuration.Examples.ISampleEventSource, RecentEventSamples>();
        services.AddSingleton<Core.Records.RecordQueries>();
        services.AddSingleton<Core.Records.FailureQueries>();
        services.AddSingleton<Core.Records.EventProductQuery>();
        services.AddSingleton<Core.Dashboard.DashboardQueries>();
        services.AddSingleton<Core.Dashboard.IngestionStatsRetention>();
        services.AddSingleton<Core.Export.CsvExports>();
        services.AddHealthChecks().AddCheck<IngestionWriterHealthCheck>("ingestion-writer", tags: ["ready"]);
        services.AddHostedService<IngestionWriterHost>();
        services.AddHostedService<RawPayloadRetentionHost>();
    }
}

/// <summary>
/// Runs the single writer. On shutdown it stops taking requests (they get 503) and writes everything
/// already queued before the process ends, so nothing acknowledged is lost and nothing queued is dropped.
/// </summary>
internal sealed class IngestionWriterHost(
    IngestionWriter writer, IHostApplicationLifetime lifetime, IOptions<IngestionOptions> options, ILogger<IngestionWriterHost> logger) : IHostedService
{
    private Task? _loop;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Durability == IngestionDurability.ProcessCrash)
        {
            logger.LogWarning("Ingestion durability: ProcessCrash (Ingestion:Durability): acknowledged events survive a process crash, "
                + "but may lose the last second of acknowledged events on power loss");
        }
        else
        {
            logger.LogInformation("Ingestion durability: PowerLoss (Ingestion:Durability): every commit is synced to disk before its events are acknowledged");
        }

        // Refuse new events as soon as shutdown starts, not only when this service is stopped.
        lifetime.ApplicationStopping.Register(writer.Close);
        _loop = Task.Run(() => writer.RunAsync(CancellationToken.None), CancellationToken.None);
        _ = StopAfterHaltAsync();
        return Task.CompletedTask;
    }

    /// <summary>Storage failed: stop, so the process supervisor restarts the app and SQLite recovers from disk.</summary>
    private async Task StopAfterHaltAsync()
    {
        await writer.Halted;
        // The writer already refuses new events. A moment's grace lets the refused requests' 503s leave
        // before the services go: Kestrel drains in-flight requests on shutdown, an in-process host does not.
        await Task.Delay(HaltGrace);
        lifetime.StopApplication();
    }

    private static readonly TimeSpan HaltGrace = TimeSpan.FromMilliseconds(500);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        writer.Close();
        if (_loop is not null)
        {
            await _loop;
            logger.LogInformation("Ingestion queue drained");
        }
    }
}

/// <summary>Not ready once the writer halted on a storage fault: the load balancer sends events elsewhere.</summary>
internal sealed class IngestionWriterHealthCheck(IngestionWriter writer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(writer.Halted.IsCompleted
            ? HealthCheckResult.Unhealthy("The ingestion writer stopped after a storage error.")
            : HealthCheckResult.Healthy());
}

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
