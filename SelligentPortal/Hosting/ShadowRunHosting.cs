using SelligentPortal.Core.Configuration.Shadow;

using SelligentPortal.Hosting.Background;

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
