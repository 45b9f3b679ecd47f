using SelligentPortal.Core.Dashboard;

namespace SelligentPortal.Hosting;

internal static class DashboardHosting
{
    /// <summary>The dashboard's per-minute ingestion statistics: read, and purged once past their retention.</summary>
    public static void AddPortalDashboard(this IServiceCollection services)
    {
        services.AddSingleton<DashboardQueries>();
        services.AddSingleton<IngestionStatsRetention>();
    }
}
