using Microsoft.Extensions.Options;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Ingestion.Acknowledge;
using SelligentPortal.Core.Ingestion.Notifications;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Ingestion.Write;
using SelligentPortal.Core.Options;
using SelligentPortal.Hosting.Background;

namespace SelligentPortal.Hosting;

internal static class IngestionHosting
{
    /// <summary>
    /// Ingestion's stages (Core/Ingestion: receive, prepare, write, acknowledge), the single writer's
    /// loop and its readiness check, and the commit notifications the writer publishes.
    /// </summary>
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
        services.AddHealthChecks().AddCheck<IngestionWriterHealthCheck>("ingestion-writer", tags: ["ready"]);
        services.AddHostedService<IngestionWriterHost>();
    }
}
