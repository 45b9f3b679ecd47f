using System.Globalization;

namespace SelligentPortal.Core.Common;

/// <summary>
/// Times as the portal's addresses, forms, exports and API filters write and read them: always UTC.
/// A time without a zone is UTC (the inputs are labelled so); one with an offset is converted.
/// </summary>
public static class UtcTime
{
    /// <summary>ISO 8601 to the second, e.g. <c>2026-12-03T10:00:00Z</c>: for query strings.</summary>
    public static string? Iso(DateTime? utc) => utc?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The value of a <c>datetime-local</c> input showing a UTC time.</summary>
    public static string? Input(DateTime? utc) => utc?.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// The time to the whole microsecond, finer digits dropped: what every engine stores (PostgreSQL keeps
    /// microseconds, a .NET tick is 100 ns), so a time compares the same before and after it is stored.
    /// </summary>
    public static DateTime ToMicroseconds(DateTime value) => new(value.Ticks - (value.Ticks % 10), value.Kind);

    /// <summary>Reads a time as UTC; false when empty or unreadable.</summary>
    public static bool TryParse(string? text, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        utc = parsed.UtcDateTime;
        return true;
    }
}
