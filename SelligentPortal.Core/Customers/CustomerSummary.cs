namespace SelligentPortal.Core.Customers;

/// <summary>A customer as lists and the API show it.</summary>
public sealed record CustomerSummary(
    Guid Id,
    string Name,
    CustomerStatus Status,
    DateTime CreatedAtUtc,
    IReadOnlyList<AssignedManager> RelationshipManagers,
    bool RequiresPublishApproval = false);

/// <summary>A Relationship Manager serving a customer.</summary>
public sealed record AssignedManager(string UserId, string Name);
