using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SelligentPortal.Core.Ingestion.Write;
using SelligentPortal.Core.Options;

namespace SelligentPortal.Hosting.Background;

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
