using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using SelligentPortal.Core.Cluster;
using SelligentPortal.Core.Ingestion.Write;
using SelligentPortal.Core.Options;

namespace SelligentPortal.Core.Persistence.PostgreSql;

/// <summary>The server engine: PostgreSQL, which several app instances can share.</summary>
public static class PostgreSqlStorage
{
    public static IServiceCollection AddPostgreSqlStorage(this IServiceCollection services, string connectionString)
    {
        // Made by the container, so that it is disposed with it, and its pooled connections closed.
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        services.AddDbContext<PortalDbContext, PostgreSqlPortalDbContext>(
            (services, options) => options.UsePortalPostgreSql(services.GetRequiredService<NpgsqlDataSource>()),
            contextLifetime: ServiceLifetime.Scoped,
            optionsLifetime: ServiceLifetime.Singleton);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<DbContextOptions<PostgreSqlPortalDbContext>>();
            return new PortalDbFactory(scope => new PostgreSqlPortalDbContext(options, scope));
        });
        services.AddSingleton(sp => new PostgreSqlIngestionStore(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<IngestionOptions>>(),
            sp.GetRequiredService<PostgreSqlNotices>()));
        services.AddSingleton<IIngestionStore>(sp => sp.GetRequiredService<PostgreSqlIngestionStore>());
        services.AddSingleton<IStorageEngine, PostgreSqlEngine>();

        // Several instances may share the database: notices and locks go through it.
        services.AddSingleton<PostgreSqlNotices>();
        services.AddSingleton<IClusterNotices>(sp => sp.GetRequiredService<PostgreSqlNotices>());
        services.AddHostedService(sp => sp.GetRequiredService<PostgreSqlNotices>());
        services.AddSingleton<IClusterLock, PostgreSqlLock>();
        return services;
    }

    private sealed class PostgreSqlEngine(PortalDbFactory dbFactory, NpgsqlDataSource dataSource, IClusterLock locks) : IStorageEngine
    {
        /// <summary>Held while the schema is migrated, so that instances starting together take turns.</summary>
        public const string MigrationLockName = "migrate";

        public string Name => DatabaseOptions.PostgreSql;

        public async Task InitializeAsync(CancellationToken cancellationToken)
        {
            try
            {
                await using var db = dbFactory.CreateUnrestricted();
                // Creates the database when it does not exist yet (the user needs the right to).
                var creator = db.GetService<IRelationalDatabaseCreator>();
                if (!await creator.ExistsAsync(cancellationToken))
                {
                    try
                    {
                        await creator.CreateAsync(cancellationToken);
                    }
                    catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
                    {
                        // Another instance created it at the same moment.
                    }
                }

                // EF's own migration lock does not keep two instances starting on a database without the
                // app's tables from both creating them (one then fails with 42P07 "relation already exists").
                await using (await locks.AcquireAsync(MigrationLockName, cancellationToken))
                {
                    await db.Database.MigrateAsync(cancellationToken);
                }
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                var target = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
                throw new PortalStartupException(
                    $"{DatabaseOptions.SectionName}:ConnectionString: PostgreSQL at {target.Host}:{target.Port}, database '{target.Database}', "
                    + $"cannot be used: {e.Message.ReplaceLineEndings(" ")}", e);
            }
        }
    }
}
