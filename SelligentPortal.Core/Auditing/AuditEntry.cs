namespace SelligentPortal.Core.Auditing;

/// <summary>One configuration, key, customer or user change: who, when, what, before and after.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime AtUtc { get; set; }

    public string? ActorUserId { get; set; }

    public required string ActorName { get; set; }

    /// <summary>The customer the change concerns; null for global changes (users, roles).</summary>
    public Guid? CustomerId { get; set; }

    public required string Action { get; set; }

    public required string Subject { get; set; }

    /// <summary>JSON of the state before the change, secrets redacted.</summary>
    public string? Before { get; set; }

    /// <summary>JSON of the state after the change, secrets redacted.</summary>
    public string? After { get; set; }
}
