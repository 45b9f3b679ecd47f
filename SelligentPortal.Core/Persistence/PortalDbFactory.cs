using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Persistence;

/// <summary>
/// Creates <see cref="PortalDbContext"/> instances for a given <see cref="TenantScope"/>. A Blazor
/// circuit outlives a request, so components take a fresh context per operation from here.
/// </summary>
public sealed class PortalDbFactory(DbContextOptions<PortalDbContext> options)
{
    public PortalDbContext Create(TenantScope scope) => new(options, scope);

    /// <summary>For the system itself (start-up, ingestion, background work): every customer.</summary>
    public PortalDbContext CreateUnrestricted() => new(options, TenantScope.Unrestricted);
}
