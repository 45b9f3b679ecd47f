using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Persistence.Sqlite;

/// <summary>The portal's context on SQLite; its migrations are in Persistence/Sqlite/Migrations.</summary>
public sealed class SqlitePortalDbContext : PortalDbContext
{
    /// <summary>The DI-resolved context (Identity stores, Data Protection): no customer data.</summary>
    public SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options)
        : base(options, TenantScope.Nothing)
    {
    }

    public SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options, TenantScope scope)
        : base(options, scope)
    {
    }
}

/// <summary>For <c>dotnet ef migrations add … --context SqlitePortalDbContext</c>: no running app or database needed.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>();
        options.UsePortalSqlite("Data Source=design-time.db");
        return new SqlitePortalDbContext(options.Options);
    }
}
