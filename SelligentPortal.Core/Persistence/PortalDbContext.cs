using System.Linq.Expressions;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.ApiTokens;
using SelligentPortal.Core.Auditing;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Records;
using SelligentPortal.Core.Sources;
using SelligentPortal.Core.Tenancy;
using SelligentPortal.Core.Users;

namespace SelligentPortal.Core.Persistence;

/// <summary>
/// The unit of work for everything the portal stores. Every query is filtered by the
/// <see cref="TenantScope"/> the context was created with: a context made without one sees no
/// customer data at all. Each database engine derives its own context (Persistence/Sqlite,
/// Persistence/PostgreSql), which carries that engine's migrations; everything else uses this type.
/// </summary>
public abstract class PortalDbContext : IdentityDbContext<PortalUser>, IDataProtectionKeyContext
{
    private readonly TenantScope _scope;

    protected PortalDbContext(DbContextOptions options, TenantScope scope)
        : base(options)
    {
        _scope = scope;
    }

    public TenantScope Scope => _scope;

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<RelationshipManagerAssignment> RelationshipManagerAssignments => Set<RelationshipManagerAssignment>();

    public DbSet<ConfigurationDraft> ConfigurationDrafts => Set<ConfigurationDraft>();

    public DbSet<ConfigurationVersion> ConfigurationVersions => Set<ConfigurationVersion>();

    public DbSet<Configuration.Fixtures.RegressionFixture> RegressionFixtures => Set<Configuration.Fixtures.RegressionFixture>();

    public DbSet<Configuration.Approval.PublishRequest> PublishRequests => Set<Configuration.Approval.PublishRequest>();

    public DbSet<Configuration.Shadow.ShadowRun> ShadowRuns => Set<Configuration.Shadow.ShadowRun>();

    public DbSet<Configuration.Shadow.ShadowRunTally> ShadowRunTallies => Set<Configuration.Shadow.ShadowRunTally>();

    public DbSet<Source> Sources => Set<Source>();

    public DbSet<WriteKey> WriteKeys => Set<WriteKey>();

    public DbSet<IngestedEvent> Events => Set<IngestedEvent>();

    public DbSet<EventEnvelope> EventEnvelopes => Set<EventEnvelope>();

    public DbSet<Dashboard.IngestionMinuteStat> IngestionMinuteStats => Set<Dashboard.IngestionMinuteStat>();

    public DbSet<IdsRecord> IdsRecords => Set<IdsRecord>();

    public DbSet<InteractionRecord> InteractionRecords => Set<InteractionRecord>();

    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Cluster.BackgroundJobRun> BackgroundJobRuns => Set<Cluster.BackgroundJobRun>();

    // Query filters read these per query, so each context instance applies its own scope.
    private bool SeesAllCustomers => _scope.AllCustomers;

    private IReadOnlyList<Guid> VisibleCustomerIds => _scope.CustomerIds;

    /// <summary>
    /// Every time is stored and read as UTC on every engine: SQLite hands times back without a kind,
    /// and PostgreSQL refuses to store one without it.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);

        builder.Entity<Customer>().HasQueryFilter(c => SeesAllCustomers || VisibleCustomerIds.Contains(c.Id));
        builder.Entity<AuditEntry>().HasQueryFilter(a =>
            SeesAllCustomers || (a.CustomerId != null && VisibleCustomerIds.Contains(a.CustomerId.Value)));

        foreach (var entityType in builder.Model.GetEntityTypes())
        {
            if (typeof(ICustomerOwned).IsAssignableFrom(entityType.ClrType))
            {
                builder.Entity(entityType.ClrType).HasQueryFilter(CustomerOwnedFilter(entityType.ClrType));
            }
        }
    }

    private LambdaExpression CustomerOwnedFilter(Type entityClrType)
    {
        var method = typeof(PortalDbContext)
            .GetMethod(nameof(BuildCustomerOwnedFilter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .MakeGenericMethod(entityClrType);
        return (LambdaExpression)method.Invoke(this, null)!;
    }

    private Expression<Func<TEntity, bool>> BuildCustomerOwnedFilter<TEntity>()
        where TEntity : ICustomerOwned =>
        e => SeesAllCustomers || VisibleCustomerIds.Contains(e.CustomerId);
}

/// <summary>
/// Times as UTC both ways: a time without a kind is taken as UTC, a local one converted; stored to the
/// microsecond on every engine (<see cref="Common.UtcTime.ToMicroseconds"/>).
/// </summary>
internal sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    value => Common.UtcTime.ToMicroseconds(
        value.Kind == DateTimeKind.Utc ? value : value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc)),
    value => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc));
