namespace SelligentPortal.Core.Persistence.Sqlite;

/// <summary>
/// Values for hand-written SQL in the form EF Core's SQLite provider stores them (Guids as upper-case
/// text), so rows written by the ingestion writer read back through EF like any other.
/// </summary>
public static class SqliteValues
{
    public static object Of(Guid value) => value.ToString().ToUpperInvariant();

    public static object Of(string? value) => value is null ? DBNull.Value : value;

    public static object Of(int? value) => value is null ? DBNull.Value : value.Value;

    public static object Of(DateTime value) => value;

    /// <summary>A time as the provider writes it: "yyyy-MM-dd HH:mm:ss.FFFFFFF", no fraction when it is zero.</summary>
    public static string Text(DateTime value) => value.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
}
