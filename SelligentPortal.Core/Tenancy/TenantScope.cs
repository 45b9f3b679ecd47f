namespace SelligentPortal.Core.Tenancy;

/// <summary>The customers whose data a caller may see.</summary>
public sealed record TenantScope
{
    private TenantScope(bool allCustomers, IReadOnlyList<Guid> customerIds)
    {
        AllCustomers = allCustomers;
        CustomerIds = customerIds;
    }

    /// <summary>Admins and the system itself (ingestion, background jobs).</summary>
    public static TenantScope Unrestricted { get; } = new(true, []);

    /// <summary>Anonymous callers and anything that was not given a scope.</summary>
    public static TenantScope Nothing { get; } = new(false, []);

    public bool AllCustomers { get; }

    public IReadOnlyList<Guid> CustomerIds { get; }

    public static TenantScope For(IEnumerable<Guid> customerIds) => new(false, customerIds.Distinct().ToArray());

    public bool Includes(Guid customerId) => AllCustomers || CustomerIds.Contains(customerId);
}
