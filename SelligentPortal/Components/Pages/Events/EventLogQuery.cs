using SelligentPortal.Core.Common;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Records;

namespace SelligentPortal.Components.Pages.Events;

/// <summary>
/// The event log's filters as query-string values (<c>status</c>, <c>type</c>, <c>from</c>, <c>to</c>,
/// <c>messageId</c>; times ISO 8601 UTC), so a filtered view is a shareable link and its CSV export
/// carries the same filters.
/// </summary>
public static class EventLogQuery
{
    public static readonly IReadOnlyList<string> Types = ["identify", "track", "page", "screen", "group", "alias", "delete"];

    /// <summary>Reads the query-string values; every value that cannot be read is named in the problems and ignored.</summary>
    public static EventFilter Parse(string? status, string? type, string? from, string? to, string? messageId, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        EventStatus? parsedStatus = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (EventStatusNames.TryParse(status, out var value))
            {
                parsedStatus = value;
            }
            else
            {
                found.Add($"Status \"{status}\" is not one of {EventStatusNames.All}.");
            }
        }

        var filter = new EventFilter(
            parsedStatus, NullIfEmpty(type), NullIfEmpty(messageId?.Trim()), Time(from, "from", found), Time(to, "to", found));
        if (filter.From is { } f && filter.To is { } t && f >= t)
        {
            found.Add("\"from\" must be before \"to\".");
        }

        problems = found;
        return filter;
    }

    /// <summary>The query string of a filter ("" when nothing is filtered), starting with "?".</summary>
    public static string Format(EventFilter filter)
    {
        var values = new Dictionary<string, string?>
        {
            ["status"] = filter.Status is { } status ? EventStatusNames.Name(status) : null,
            ["type"] = filter.Type,
            ["messageId"] = filter.MessageId,
            ["from"] = FormatTime(filter.From),
            ["to"] = FormatTime(filter.To),
        };
        // ':' may stay as it is in a query (RFC 3986), which keeps shared links with times readable.
        var pairs = values.Where(v => !string.IsNullOrEmpty(v.Value))
            .Select(v => v.Key + "=" + Uri.EscapeDataString(v.Value!).Replace("%3A", ":", StringComparison.Ordinal));
        var query = string.Join("&", pairs);
        return query.Length == 0 ? "" : "?" + query;
    }

    public static string? FormatTime(DateTime? value) => UtcTime.Iso(value);

    /// <summary>An ISO 8601 time (an offset is converted, none means UTC), or null when empty or unreadable.</summary>
    public static DateTime? Time(string? value, string name, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (UtcTime.TryParse(value, out var utc))
        {
            return utc;
        }

        problems.Add($"\"{name}\" is not an ISO 8601 time such as 2026-12-03T10:00:00Z.");
        return null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
