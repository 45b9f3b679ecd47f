namespace SelligentPortal.Core.Options;

/// <summary>Where the portal stores its data (configuration section <c>Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Only <c>Sqlite</c> for now; PostgreSQL comes with scale-out.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>A full connection string; when empty, a SQLite file in <see cref="DataFolder"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The data folder, relative to the content root unless absolute.</summary>
    public string DataFolder { get; set; } = "data";
}
