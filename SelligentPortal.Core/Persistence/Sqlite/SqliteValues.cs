namespace SelligentPortal.Core.Persistence.Sqlite;

/// <summary>
/// Values for hand-written SQL as EF Core's SQLite provider stores them, so rows written by the
/// ingestion writer read back through EF like any other.
/// </summary>
public static class SqliteValues
{
    /// <summary>A Guid as <see cref="SqlitePortalDbContext"/> stores it: its 16 bytes, as <see cref="Guid.ToByteArray()"/> orders them.</summary>
    public static byte[] Bytes(Guid value) => value.ToByteArray();

    /// <summary>
    /// A time as the provider writes it: "yyyy-MM-dd HH:mm:ss.FFFFFFF", no fraction when it is zero; to the
    /// microsecond, as every engine keeps it (<see cref="Common.UtcTime.ToMicroseconds"/>).
    /// </summary>
    public static string Text(DateTime value) =>
        Common.UtcTime.ToMicroseconds(value).ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
}
