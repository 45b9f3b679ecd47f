using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Sources;

/// <summary>One sender of events for a customer, e.g. "Segment production".</summary>
public sealed class Source : ICustomerOwned
{
    public const int NameMaxLength = 100;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid CustomerId { get; set; }

    public required string Name { get; set; }

    /// <summary>A disabled source's events are refused with 403.</summary>
    public bool IsDisabled { get; set; }

    /// <summary>
    /// The HMAC-SHA1 key for <c>X-Signature</c>, encrypted with Data Protection (it must be usable,
    /// so it cannot be a hash). Null: no signature required.
    /// </summary>
    public string? ProtectedSigningSecret { get; set; }

    /// <summary>
    /// Whether this source's keys live only on servers (Segment's own cloud, a back end), never in a web
    /// page: only such a source, or one that signs its requests, may send Segment's user deletions. A
    /// key pasted into browser setup code is public, and must not be able to erase anyone.
    /// </summary>
    public bool IsServerSide { get; set; }

    /// <summary>Events per second this source may send; null for no limit.</summary>
    public int? RateLimitPerSecond { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public List<WriteKey> Keys { get; set; } = [];
}
