using SelligentPortal.Core.Configuration.Shadow;

namespace SelligentPortal.Hosting;

internal static class ShadowRunHosting
{
    /// <summary>Shadow runs of drafts on live traffic: the service, the ingestion side and its background loop.</summary>
    public static void AddPortalShadowRuns(this IServiceCollection services)
    {
        services.AddSingleton<ShadowRunService>();
        services.AddSingleton<ShadowTraffic>();
        services.AddHostedService<ShadowTrafficHost>();
    }
}

/// <summary>Runs <see cref="ShadowTraffic"/>'s comparison and refresh loops; on shutdown it stores the last tallies.</summary>
internal sealed class ShadowTrafficHost(ShadowTraffic traffic) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => traffic.RunAsync(stoppingToken);
}
