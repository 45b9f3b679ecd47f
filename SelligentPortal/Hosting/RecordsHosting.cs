using SelligentPortal.Core.Export;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Hosting;

internal static class RecordsHosting
{
    /// <summary>What the portal's pages and the API read of stored data: records, events, failures, lineage, a customer's activity, CSV exports.</summary>
    public static void AddPortalRecords(this IServiceCollection services)
    {
        services.AddSingleton<RecordQueries>();
        services.AddSingleton<FailureQueries>();
        services.AddSingleton<EventProductQuery>();
        services.AddSingleton<FieldLineageQuery>();
        services.AddSingleton<CustomerActivityQuery>();
        services.AddSingleton<CsvExports>();
    }
}
