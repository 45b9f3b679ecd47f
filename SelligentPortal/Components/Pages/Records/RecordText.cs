using System.Globalization;
using System.Text.Json;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>How record values read on the pages: plain text (Razor encodes it), times in UTC.</summary>
public static class RecordText
{
    public const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>A field of a record's fields object as text; empty when missing or null.</summary>
    public static string Field(JsonElement fields, string name) =>
        fields.ValueKind == JsonValueKind.Object && fields.TryGetProperty(name, out var value) ? Value(value) : "";

    public static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    public static string Time(DateTime utc) => utc.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>A time for a query string: ISO 8601 UTC.</summary>
    public static string? Iso(DateTime? utc) => utc?.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A time from a query string or a datetime-local input, read as UTC; null when empty or unreadable.</summary>
    public static DateTime? ParseUtc(string? text) =>
        DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value)
            ? DateTime.SpecifyKind(value, DateTimeKind.Utc)
            : null;

    /// <summary>The value a datetime-local input shows for a UTC time.</summary>
    public static string? Input(DateTime? utc) => utc?.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    /// <summary>The portal route of an IDS record's detail page.</summary>
    public static string IdsHref(Guid customerId, string primaryKey) => $"customers/{customerId}/records/ids/{Uri.EscapeDataString(primaryKey)}";

    public static string InteractionHref(Guid customerId, string extension, string eventId) =>
        $"customers/{customerId}/records/interactions/{Uri.EscapeDataString(extension)}/{Uri.EscapeDataString(eventId)}";

    public static string EventHref(Guid customerId, long eventLogId) => string.Create(CultureInfo.InvariantCulture, $"customers/{customerId}/events/{eventLogId}");
}
