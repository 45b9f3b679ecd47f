using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Persistence.Sqlite;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Tests.Core.Persistence;

/// <summary>
/// A database from before compact keys, whose Guids are 36-character text, keeps its rows, their links
/// and their tenant when the migration turns every Guid into 16 bytes; and back.
/// </summary>
public sealed class CompactGuidKeysMigrationTests : IDisposable
{
    private const string Before = "20261207063554_LiveMappingSafety";
    private static readonly Guid Customer = Guid.Parse("0a1b2c3d-4e5f-6789-abcd-ef0123456789");
    private static readonly Guid OtherCustomer = Guid.Parse("fedcba98-7654-3210-0123-456789abcdef");
    private static readonly Guid Source = Guid.Parse("11223344-5566-7788-99aa-bbccddeeff00");

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"compact-keys-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task Migration_TextGuids_BecomeBytesThatReadBackAsTheSameIds()
    {
        await using (var db = Context(TenantScope.Unrestricted))
        {
            await db.GetService<IMigrator>().MigrateAsync(Before);
            await SeedAsTextAsync(db);
            await db.Database.MigrateAsync();
        }

        Assert.Equal(["blob"], await ScalarsAsync("SELECT DISTINCT typeof(\"CustomerId\") FROM \"Events\" UNION SELECT DISTINCT typeof(\"Id\") FROM \"Customers\""));

        await using var scoped = Context(TenantScope.For([Customer]));
        var customer = Assert.Single(await scoped.Customers.ToListAsync());
        Assert.Equal((Customer, "Acme"), (customer.Id, customer.Name));
        var source = Assert.Single(await scoped.Sources.ToListAsync());
        Assert.Equal((Source, Customer), (source.Id, source.CustomerId));
        var ingested = Assert.Single(await scoped.Events.ToListAsync());
        Assert.Equal((Customer, Source, "m-1"), (ingested.CustomerId, ingested.SourceId, ingested.MessageId));
        Assert.Equal(1, await scoped.Events.CountAsync(e => e.CustomerId == Customer && e.SourceId == Source));
    }

    [Fact]
    public async Task Migration_Down_TurnsBytesBackIntoTheProvidersText()
    {
        await using var db = Context(TenantScope.Unrestricted);
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(Before);
        await SeedAsTextAsync(db);
        var before = await ScalarsAsync("SELECT \"Id\" FROM \"Customers\" UNION ALL SELECT \"CustomerId\" || ' ' || \"SourceId\" FROM \"Events\"");

        await db.Database.MigrateAsync();
        await migrator.MigrateAsync(Before);

        Assert.Equal(before, await ScalarsAsync("SELECT \"Id\" FROM \"Customers\" UNION ALL SELECT \"CustomerId\" || ' ' || \"SourceId\" FROM \"Events\""));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_file)!, Path.GetFileName(_file) + "*"))
        {
            File.Delete(file);
        }
    }

    private SqlitePortalDbContext Context(TenantScope scope)
    {
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>();
        options.UsePortalSqlite($"Data Source={_file}");
        return new(options.Options, scope);
    }

    /// <summary>Rows as EF Core's SQLite provider wrote Guids before: upper-case text.</summary>
    private static async Task SeedAsTextAsync(PortalDbContext db)
    {
        string Text(Guid id) => id.ToString().ToUpperInvariant();
        var rows = $"""
            INSERT INTO "Customers" ("Id", "CreatedAtUtc", "Name", "RequiresPublishApproval", "Status")
            VALUES ('{Text(Customer)}', '2026-12-01 00:00:00', 'Acme', 0, 'Active'),
                   ('{Text(OtherCustomer)}', '2026-12-01 00:00:00', 'Other', 0, 'Active');
            INSERT INTO "Sources" ("Id", "CreatedAtUtc", "CustomerId", "IsDisabled", "IsServerSide", "Name")
            VALUES ('{Text(Source)}', '2026-12-01 00:00:00', '{Text(Customer)}', 0, 1, 'web');
            INSERT INTO "Events" ("CustomerId", "SourceId", "MessageId", "ReceivedAtUtc", "Status")
            VALUES ('{Text(Customer)}', '{Text(Source)}', 'm-1', '2026-12-01 00:00:00', 'Applied');
            """;
        await db.Database.ExecuteSqlRawAsync(rows);
    }

    private async Task<List<string>> ScalarsAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
