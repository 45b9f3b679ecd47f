using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Persistence.Sqlite;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Tests.Core.Tenancy;

/// <summary>The query filter in PortalDbContext, on a real migrated SQLite database.</summary>
public class TenantScopeFilterTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private PortalDbFactory _factory = default!;
    private readonly Guid _acme = Guid.NewGuid();
    private readonly Guid _globex = Guid.NewGuid();

    public async ValueTask InitializeAsync()
    {
        await _connection.OpenAsync();
        var options = new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(_connection).Options;
        _factory = new PortalDbFactory(scope => new SqlitePortalDbContext(options, scope));
        await using var db = _factory.CreateUnrestricted();
        await db.Database.MigrateAsync();
        db.Customers.AddRange(new Customer { Id = _acme, Name = "Acme" }, new Customer { Id = _globex, Name = "Globex" });
        db.Users.Add(new SelligentPortal.Core.Users.PortalUser { Id = "rm", UserName = "rm" });
        db.RelationshipManagerAssignments.AddRange(
            new RelationshipManagerAssignment { CustomerId = _acme, UserId = "rm" },
            new RelationshipManagerAssignment { CustomerId = _globex, UserId = "rm" });
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    [Fact]
    public async Task Customers_ScopedToOne_SeeOnlyThatOne()
    {
        await using var db = _factory.Create(TenantScope.For([_acme]));

        var names = await db.Customers.Select(c => c.Name).ToListAsync();
        var assignments = await db.RelationshipManagerAssignments.Select(a => a.CustomerId).ToListAsync();

        Assert.Equal(["Acme"], names);
        Assert.Equal([_acme], assignments);
    }

    [Fact]
    public async Task Customers_NoScope_SeeNothingEvenById()
    {
        await using var db = _factory.Create(TenantScope.Nothing);

        Assert.Empty(await db.Customers.ToListAsync());
        Assert.Null(await db.Customers.FindAsync(_acme));
        Assert.False(await db.Customers.AnyAsync(c => c.Id == _globex));
        Assert.Empty(await db.RelationshipManagerAssignments.ToListAsync());
    }

    [Fact]
    public async Task Customers_Unrestricted_SeeAll()
    {
        await using var db = _factory.CreateUnrestricted();

        Assert.Equal(2, await db.Customers.CountAsync());
    }

    [Fact]
    public async Task Contexts_WithDifferentScopes_DoNotShareFilterValues()
    {
        await using var acme = _factory.Create(TenantScope.For([_acme]));
        await using var globex = _factory.Create(TenantScope.For([_globex]));

        Assert.Equal("Acme", (await acme.Customers.SingleAsync()).Name);
        Assert.Equal("Globex", (await globex.Customers.SingleAsync()).Name);
    }

    [Fact]
    public void PortalDbContext_DiResolvedConstructor_SeesNothing()
    {
        using var db = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(_connection).Options);

        Assert.Same(TenantScope.Nothing, db.Scope);
        Assert.Empty(db.Customers.ToList());
    }

    [Fact]
    public void ConnectionStringForFile_RelativeFolder_IsCreated()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sp-" + Guid.NewGuid().ToString("N"));
        var connectionString = SqliteConnectionSetup.ConnectionStringForFile(Path.Combine(folder, "x.db"));

        Assert.True(Directory.Exists(folder));
        Assert.Contains("x.db", connectionString);
        Directory.Delete(folder);
    }
}
