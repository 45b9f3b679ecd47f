using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Sources;

/// <summary>
/// The secret Segment sends. Only its SHA-256 hash is stored; the prefix (the first characters of
/// the key) finds the row, the hash is compared in constant time.
/// </summary>
public sealed class WriteKey : ICustomerOwned
{
    public const string SecretPrefix = "spk_";

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid SourceId { get; set; }

    public Guid CustomerId { get; set; }

    public required string Prefix { get; set; }

    public required string SecretHash { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? LastUsedAtUtc { get; set; }

    public DateTime? RevokedAtUtc { get; set; }
}
