namespace SelligentPortal.Core.Customers;

/// <summary>A tenant: one Selligent client, owner of sources, configuration, records and events.</summary>
public sealed class Customer
{
    public const int NameMaxLength = 120;

    public Guid Id { get; set; } = Guid.NewGuid();

    public required string Name { get; set; }

    public CustomerStatus Status { get; set; } = CustomerStatus.Active;

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Four-eyes publishing: a draft goes live only once a second person approves it.</summary>
    public bool RequiresPublishApproval { get; set; }

    public List<RelationshipManagerAssignment> RelationshipManagers { get; set; } = [];
}

/// <summary>Whether a customer's sources may send events.</summary>
public enum CustomerStatus
{
    Active = 0,
    Suspended = 1,
}
