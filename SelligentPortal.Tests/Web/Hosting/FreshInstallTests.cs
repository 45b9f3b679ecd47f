using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Persistence.Sqlite;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Hosting;

/// <summary>
/// A first start on SQLite: no data folder yet. Every other test host starts on a copy of a migrated
/// template (SqliteTestDatabase), so this is the one that sees the app create and migrate its database.
/// </summary>
public class FreshInstallTests
{
    [Fact]
    public async Task FirstStart_NoDataFolder_CreatesTheDatabaseWithEveryMigrationAndIsReady()
    {
        await using var factory = new PortalFactory();
        // The test database's folder, template copy and all, is gone before the app first starts.
        var folder = factory.Database.Settings["Database:DataFolder"];
        Directory.Delete(folder, recursive: true);
        using var client = factory.CreatePortalClient();

        var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(File.Exists(Path.Combine(folder, SqliteStorage.DatabaseFileName)));
        await using var db = factory.Services.GetRequiredService<PortalDbFactory>().CreateUnrestricted();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal("wal", await db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync(TestContext.Current.CancellationToken));
    }
}
