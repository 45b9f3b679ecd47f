namespace SelligentPortal.Core.Tenancy;

/// <summary>
/// Marks an entity that belongs to one customer. <see cref="Persistence.PortalDbContext"/> filters
/// every such entity by the caller's <see cref="TenantScope"/>: this is the one place tenant
/// isolation is enforced.
/// </summary>
public interface ICustomerOwned
{
    Guid CustomerId { get; }
}
