using Microsoft.EntityFrameworkCore;

namespace SelligentPortal.Core.Persistence.PostgreSql;

/// <summary>How the portal connects to PostgreSQL.</summary>
public static class PostgreSqlConnectionSetup
{
    public static DbContextOptionsBuilder<TContext> UsePortalPostgreSql<TContext>(this DbContextOptionsBuilder<TContext> options, string connectionString)
        where TContext : DbContext
    {
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgreSqlConnectionSetup).Assembly.FullName));
        return options;
    }
}
