using SelligentPortal.Core.Configuration.Examples;
using SelligentPortal.Core.Ingestion.DryRun;
using SelligentPortal.Core.Ingestion.Replay;
using SelligentPortal.Core.Ingestion.Retention;
using SelligentPortal.Core.Ingestion.Samples;
using SelligentPortal.Hosting.Background;

namespace SelligentPortal.Hosting;

internal static class EventLogHosting
{
    /// <summary>
    /// What is built on the event log: replay, dry run, the mapping editor's recent samples, and the
    /// hourly retention job (raw payloads; it also purges the dashboard's per-minute statistics).
    /// </summary>
    public static void AddPortalEventLog(this IServiceCollection services)
    {
        services.AddSingleton<ReplayService>();
        services.AddSingleton<DryRunService>();
        services.AddSingleton<ISampleEventSource, RecentEventSamples>();
        services.AddSingleton<RawPayloadRetention>();
        services.AddHostedService<RawPayloadRetentionHost>();
    }
}
