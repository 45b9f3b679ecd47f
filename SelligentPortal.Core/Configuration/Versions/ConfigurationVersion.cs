using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Configuration.Versions;

/// <summary>An immutable, numbered, published configuration. Events and records remember its number.</summary>
public sealed class ConfigurationVersion : ICustomerOwned
{
    public const int NoteMaxLength = 500;

    public long Id { get; set; }

    public Guid CustomerId { get; set; }

    /// <summary>1, 2, 3 … per customer.</summary>
    public int Number { get; set; }

    public required string DocumentJson { get; set; }

    public string? Note { get; set; }

    public required string PublishedBy { get; set; }

    public DateTime PublishedAtUtc { get; set; }

    /// <summary>For a restore: the version whose document this one repeats.</summary>
    public int? RestoredFrom { get; set; }

    /// <summary>Who approved the publish request this version came from (four-eyes publishing).</summary>
    public string? ApprovedBy { get; set; }

    /// <summary>The publish request this version came from.</summary>
    public long? PublishRequestId { get; set; }

    /// <summary>An Admin published without the approval the customer requires.</summary>
    public bool Urgent { get; set; }
}
