using Microsoft.AspNetCore.WebUtilities;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>The CSV export links with the grid's current filters (same parameter names as the API).</summary>
public static class RecordExports
{
    public static string IdsHref(Guid customerId, IdsFilter filter) =>
        Query(PortalRoutes.IdsRecordsExport(customerId), RecordFilterParameters.Of(filter));

    public static string InteractionsHref(Guid customerId, string extension, InteractionFilter filter) =>
        Query(PortalRoutes.InteractionRecordsExport(customerId, extension), RecordFilterParameters.Of(filter));

    private static string Query(string path, Dictionary<string, object?> parameters) =>
        QueryHelpers.AddQueryString(path, parameters
            .Where(p => p.Value is string { Length: > 0 })
            .Select(p => new KeyValuePair<string, string?>(p.Key, (string)p.Value!)));
}
