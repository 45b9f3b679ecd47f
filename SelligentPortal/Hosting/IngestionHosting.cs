using Microsoft.Extensions.Options;
using SelligentPortal.Core.Ingestion.Acknowledge;
using SelligentPortal.Core.Ingestion.DryRun;
using SelligentPortal.Core.Ingestion.Notifications;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Ingestion.Replay;
using SelligentPortal.Core.Ingestion.Retention;
using SelligentPortal.Core.Ingestion.Samples;
using SelligentPortal.Core.Ingestion.Write;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Options;
using SelligentPortal.Core.Sources;
using SelligentPortal.Hosting.Background;

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
