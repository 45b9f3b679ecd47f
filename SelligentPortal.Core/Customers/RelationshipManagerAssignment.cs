using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Customers;

/// <summary>An Admin's decision that a Relationship Manager serves a customer.</summary>
public sealed class RelationshipManagerAssignment : ICustomerOwned
{
    public Guid CustomerId { get; set; }

    public required string UserId { get; set; }

    public DateTime AssignedAtUtc { get; set; }
}
