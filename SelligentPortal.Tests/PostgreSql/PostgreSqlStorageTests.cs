using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SelligentPortal.Core.Cluster;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Persistence.PostgreSql;
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

    [Fact]
    public async Task Start_InstancesTogetherOnADatabaseNotYetCreated_OneCreatesAndMigratesTheOthersFindIt()
    {
        // Without a server: skipped with a hint, as every PostgreSQL test (no app host needed for that).
        await using var probe = TestDatabase.Create();
        var name = "sptest_fresh_" + Guid.NewGuid().ToString("N");
        var connectionString = PostgreSqlTestServer.ConnectionString(name);
        var instances = Enumerable.Range(0, 4).Select(_ =>
        {
            var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddOptions()
                .AddSingleton<NoticeSubscribers>();
            services.AddPostgreSqlStorage(connectionString);
            return services.BuildServiceProvider();
        }).ToList();
        try
        {
            await Task.WhenAll(instances.Select(sp => sp.GetRequiredService<IStorageEngine>().InitializeAsync(TestContext.Current.CancellationToken)));

            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var applied = new NpgsqlCommand("""SELECT count(*) FROM "__EFMigrationsHistory" """, connection);
            await using var db = instances[0].GetRequiredService<PortalDbFactory>().CreateUnrestricted();
            var expected = db.Database.GetMigrations().Count();
            Assert.Equal((long)expected, await applied.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }

            PostgreSqlTestServer.Admin($"""DROP DATABASE IF EXISTS "{name}" WITH (FORCE)""");
        }
    }
}
