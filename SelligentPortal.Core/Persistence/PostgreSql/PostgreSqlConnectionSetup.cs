using Microsoft.EntityFrameworkCore;

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

    private static void Migrations(Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.MigrationsAssembly(typeof(PostgreSqlConnectionSetup).Assembly.FullName);
}
