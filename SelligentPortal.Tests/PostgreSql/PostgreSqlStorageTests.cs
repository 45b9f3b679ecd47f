using Npgsql;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.PostgreSql;

/// <summary>The PostgreSQL engine's own setup (Persistence/PostgreSql/PostgreSqlStorage.cs).</summary>
public class PostgreSqlStorageTests
{
    [Fact]
    public async Task App_Stopped_ClosesItsConnections()
    {
        await using var factory = new PortalFactory();
        // An app of its own on the factory's database, so that only it has connected to it.
        await using (var app = factory.WithWebHostBuilder(_ => { }))
        {
            using var client = app.CreateClient();
            Assert.True((await client.GetAsync("/health/ready")).IsSuccessStatusCode);
        }

        await using var connection = (NpgsqlConnection)await factory.Database.OpenConnectionAsync();
        await using var sessions = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        Assert.Equal(0L, await sessions.ExecuteScalarAsync());
    }
}
