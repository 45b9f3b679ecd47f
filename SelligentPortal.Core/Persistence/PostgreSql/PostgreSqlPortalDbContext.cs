using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Persistence.PostgreSql;

/// <summary>The portal's context on PostgreSQL; its migrations are in Persistence/PostgreSql/Migrations.</summary>
public sealed class PostgreSqlPortalDbContext : PortalDbContext
{
    /// <summary>The DI-resolved context (Identity stores, Data Protection): no customer data.</summary>
    public PostgreSqlPortalDbContext(DbContextOptions<PostgreSqlPortalDbContext> options)
        : base(options, TenantScope.Nothing)
    {
    }

    public PostgreSqlPortalDbContext(DbContextOptions<PostgreSqlPortalDbContext> options, TenantScope scope)
        : base(options, scope)
    {
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Text compares and sorts by code point, as SQLite's BINARY does: keyset paging and the records'
        // prefix filters (ranges up to prefix + U+10FFFF) then read the same rows on both engines,
        // whatever collation the database was created with.
        foreach (var property in builder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()).Where(p => p.ClrType == typeof(string)))
        {
            property.SetCollation("C");
        }
    }
}

/// <summary>For <c>dotnet ef migrations add … --context PostgreSqlPortalDbContext</c>: no server needed.</summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlPortalDbContext>
{
    public PostgreSqlPortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlPortalDbContext>().UsePortalPostgreSql("Host=localhost;Database=design_time").Options);
}
