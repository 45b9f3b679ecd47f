using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Persistence;

/// <summary>
/// Creates <see cref="PortalDbContext"/> instances for a given <see cref="TenantScope"/>, of the
/// database engine in use. A Blazor circuit outlives a request, so components take a fresh context
/// per operation from here.
/// </summary>
public sealed class PortalDbFactory(Func<TenantScope, PortalDbContext> create)
{
    public PortalDbContext Create(TenantScope scope) => create(scope);

    /// <summary>For the system itself (start-up, ingestion, background work): every customer.</summary>
    public PortalDbContext CreateUnrestricted() => create(TenantScope.Unrestricted);
}
