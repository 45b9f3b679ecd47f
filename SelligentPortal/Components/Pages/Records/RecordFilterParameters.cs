using SelligentPortal.Core.Records;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>
/// A grid's filter as query parameters (the API's names): the page's address and the CSV export
/// link carry the same ones, so an export always holds what the grid shows.
/// </summary>
public static class RecordFilterParameters
{
    public static Dictionary<string, object?> Of(IdsFilter filter) => new()
    {
        ["search"] = filter.Search,
        ["key"] = filter.Key,
        ["email"] = filter.Email,
        ["from"] = RecordText.Iso(filter.From),
        ["to"] = RecordText.Iso(filter.To),
        ["sort"] = filter.Sort == IdsSort.Newest ? null : IdsFilter.SortName(filter.Sort),
    };

    public static Dictionary<string, object?> Of(InteractionFilter filter) => new()
    {
        ["recipient"] = filter.Recipient,
        ["eventType"] = filter.EventType,
        ["from"] = RecordText.Iso(filter.From),
        ["to"] = RecordText.Iso(filter.To),
    };
}
