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
}
