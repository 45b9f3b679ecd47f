namespace SelligentPortal.Core.Options;

/// <summary>Where the portal stores its data (configuration section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>The embedded default: one file, one app instance.</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>A database server, for several app instances.</summary>
    public const string PostgreSql = "PostgreSql";

    /// <summary><see cref="Sqlite"/> (the default) or <see cref="PostgreSql"/>.</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>A full connection string: required for PostgreSQL; for SQLite, instead of a file in <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The data folder, relative to the content root unless absolute.</summary>
    public string DataFolder { get; set; } = "data";
}
