namespace SelligentPortal.Core.Sources;

/// <summary>A source as the portal and the API show it (never a secret).</summary>
public sealed record SourceView(
    Guid Id, Guid CustomerId, string Name, bool IsDisabled, bool HasSigningSecret, int? RateLimitPerSecond,
    DateTime CreatedAtUtc, IReadOnlyList<WriteKeyView> Keys, bool IsServerSide = false)
{
    /// <summary>Whether Segment's user deletions from this source are carried out (server-side, or signed).</summary>
    public bool MayDelete => IsServerSide || HasSigningSecret;
}

/// <summary>A write key without its secret.</summary>
public sealed record WriteKeyView(Guid Id, string Prefix, DateTime CreatedAtUtc, DateTime? LastUsedAtUtc, DateTime? RevokedAtUtc)
{
    public bool IsActive => RevokedAtUtc is null;
}

/// <summary>What an editor may change on a source; null members stay as they are.</summary>
public sealed record SourceChange(
    string? Name = null, bool? IsDisabled = null, int? RateLimitPerSecond = null, bool ClearRateLimit = false, bool? IsServerSide = null);
