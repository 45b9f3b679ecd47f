using SelligentPortal.Core.Configuration.Shadow;

namespace SelligentPortal.Hosting.Background;

/// <summary>Runs <see cref="ShadowTraffic"/>'s comparison and refresh loops; on shutdown it stores the last tallies.</summary>
internal sealed class ShadowTrafficHost(ShadowTraffic traffic) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => traffic.RunAsync(stoppingToken);
}
