using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
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

    /// <summary>
    /// Every Guid is stored as its 16 bytes, not the provider's 36-character text: the customer id leads
    /// every index the writer inserts into, and a key under half the size made ingestion 13% faster
    /// (docs/decisions/0005-ingestion-writer.md, "SQLite: compact keys"). PostgreSQL's uuid is 16 bytes already.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<Guid>().HaveConversion<GuidToBytesConverter>();
        configurationBuilder.Properties<Guid?>().HaveConversion<GuidToBytesConverter>();
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
