using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace SelligentPortal.Core.Persistence.PostgreSql;

/// <summary>How the portal connects to PostgreSQL.</summary>
public static class PostgreSqlConnectionSetup
{
    public static DbContextOptionsBuilder<TContext> UsePortalPostgreSql<TContext>(this DbContextOptionsBuilder<TContext> options, string connectionString)
        where TContext : DbContext
    {
        options.UseNpgsql(connectionString, Migrations);
        return options;
    }

    public static DbContextOptionsBuilder UsePortalPostgreSql(this DbContextOptionsBuilder options, Npgsql.NpgsqlDataSource dataSource) =>
        options.UseNpgsql(dataSource, Migrations);

    /// <remarks>
    /// Without retries, as on SQLite: the provider's default strategy wraps a lost or refused connection
    /// in an InvalidOperationException, which would turn ingestion's 503 (the database is not available,
    /// retry) into a 500. A retrying one would not allow the writer's and the services' own transactions.
    /// </remarks>
    private static void Migrations(Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.MigrationsAssembly(typeof(PostgreSqlConnectionSetup).Assembly.FullName)
            .ExecutionStrategy(dependencies => new NonRetryingExecutionStrategy(dependencies));
}
