using Microsoft.AspNetCore.WebUtilities;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>The CSV export links with the grid's current filters (same parameter names as the API).</summary>
public static class RecordExports
{
    public static string IdsHref(Guid customerId, IdsFilter filter) => Query($"exports/customers/{customerId}/records/ids.csv", new()
    {
        ["search"] = filter.Search,
        ["key"] = filter.Key,
        ["email"] = filter.Email,
        ["from"] = RecordText.Iso(filter.From),
        ["to"] = RecordText.Iso(filter.To),
        ["sort"] = filter.Sort == IdsSort.Newest ? null : IdsFilter.SortName(filter.Sort),
    });

    public static string InteractionsHref(Guid customerId, string extension, InteractionFilter filter) =>
        Query($"exports/customers/{customerId}/records/interactions/{Uri.EscapeDataString(extension)}.csv", new()
        {
            ["recipient"] = filter.Recipient,
            ["eventType"] = filter.EventType,
            ["from"] = RecordText.Iso(filter.From),
            ["to"] = RecordText.Iso(filter.To),
        });

    private static string Query(string path, Dictionary<string, string?> parameters) =>
        QueryHelpers.AddQueryString(path, parameters.Where(p => !string.IsNullOrEmpty(p.Value)));
}
