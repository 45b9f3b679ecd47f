using System.Globalization;

namespace SelligentPortal.Components.Shared;

/// <summary>
/// How the portal's pages write times and numbers: invariant culture (a page reads the same whatever the
/// server's culture), times in UTC as stored. One method per shape a page shows; tests read these texts.
/// </summary>
public static class Display
{
    /// <summary><c>2026-12-03</c></summary>
    public static string Date(DateTime utc) => utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary><c>2026-12-03 10:00</c>, where the column or label already says UTC.</summary>
    public static string Minute(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary><c>2026-12-03 10:00 UTC</c></summary>
    public static string MinuteUtc(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary><c>2026-12-03 10:00 UTC</c>, or empty when there is no time.</summary>
    public static string MinuteUtc(DateTime? utc) => utc is { } value ? MinuteUtc(value) : "";

    /// <summary><c>2026-12-03 10:00:00</c>, where the column or label already says UTC.</summary>
    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary><c>2026-12-03 10:00:00 UTC</c></summary>
    public static string TimeUtc(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The time of day to the second, <c>10:00:00</c>.</summary>
    public static string ClockSeconds(DateTime utc) => utc.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The time of day to the minute, <c>10:00</c>.</summary>
    public static string Clock(DateTime utc) => utc.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A count with thousands separators, <c>12,345</c>.</summary>
    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A count and its noun, plural unless one: <c>1 event</c>, <c>12,345 events</c>.</summary>
    public static string Count(long count, string noun) => $"{Count(count)} {noun}{(count == 1 ? "" : "s")}";

    /// <summary>A duration in milliseconds, one decimal below ten: <c>4.2 ms</c>, <c>1,250 ms</c>; a dash when unknown.</summary>
    public static string Milliseconds(double? value) =>
        value is { } ms ? ms.ToString(ms < 10 ? "0.0" : "N0", CultureInfo.InvariantCulture) + " ms" : "—";
}
