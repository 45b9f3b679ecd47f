using System.Text.Json;
using SelligentPortal.Core.Common;

namespace SelligentPortal.Components.Pages.Records;

/// <summary>How record values read on the pages: plain text (Razor encodes it), times in UTC.</summary>
public static class RecordText
{
    /// <summary>A field of a record's fields object as text; empty when missing or null.</summary>
    public static string Field(JsonElement fields, string name) =>
        fields.ValueKind == JsonValueKind.Object && fields.TryGetProperty(name, out var value) ? Value(value) : "";

    public static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    /// <summary>A time for a query string: ISO 8601 UTC.</summary>
    public static string? Iso(DateTime? utc) => UtcTime.Iso(utc);

    /// <summary>A time from a query string or a datetime-local input, read as UTC; null when empty or unreadable.</summary>
    public static DateTime? ParseUtc(string? text) => UtcTime.TryParse(text, out var utc) ? utc : null;

    /// <summary>The value a datetime-local input shows for a UTC time.</summary>
    public static string? Input(DateTime? utc) => UtcTime.Input(utc);
}
