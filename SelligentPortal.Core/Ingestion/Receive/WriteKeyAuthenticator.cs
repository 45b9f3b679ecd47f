using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.ApiTokens;
using SelligentPortal.Core.Cluster;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Sources;

namespace SelligentPortal.Core.Ingestion.Receive;

/// <summary>The source behind an accepted write key.</summary>
public sealed record SourceContext(
    Guid SourceId, Guid CustomerId, Guid KeyId, bool IsDisabled, byte[]? SigningSecret, int? RateLimitPerSecond, bool IsServerSide = false)
{
    /// <summary>Segment's user deletions are carried out only from a server-side source or a signed one (its signature was checked).</summary>
    public bool MayDelete => IsServerSide || SigningSecret is not null;
}

/// <summary>How a write key was judged.</summary>
public enum KeyVerdict
{
    Accepted,
    Unknown,
    Revoked,
    Disabled,
}

/// <summary>
/// Finds the source of a write key: by its prefix, then a constant-time comparison of hashes. Keys
/// are cached for a few seconds so ingestion does not read the database per request; changes made
/// through <see cref="SourceService"/> are forgotten at once. Prefixes that exist and prefixes that do
/// not are cached apart, each in a bounded LRU, so a flood of made-up keys churns only its own cache
/// and never pushes a real source's keys out.
/// </summary>
public sealed class WriteKeyAuthenticator
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(10);

    /// <summary>Prefixes of real keys kept at most.</summary>
    internal const int MaxCachedPrefixes = 10_000;

    /// <summary>Prefixes without keys kept at most: anyone can send those, as many as they like.</summary>
    internal const int MaxCachedUnknownPrefixes = 1_000;

    private readonly PortalDbFactory _dbFactory;
    private readonly IDataProtectionProvider _dataProtection;
    private readonly TimeProvider _clock;
    private readonly LruCache<string, CachedKeys> _known = new(MaxCachedPrefixes, StringComparer.Ordinal);
    private readonly LruCache<string, CachedKeys> _unknown = new(MaxCachedUnknownPrefixes, StringComparer.Ordinal);

    // Bumped by every Forget: a lookup that began before a change must not cache what it read.
    private long _generation;
    private long _loads;

    /// <summary>Key changes made on any instance reach this one's cache through <paramref name="notices"/>.</summary>
    public WriteKeyAuthenticator(PortalDbFactory dbFactory, IDataProtectionProvider dataProtection, TimeProvider clock, IClusterNotices notices)
    {
        (_dbFactory, _dataProtection, _clock) = (dbFactory, dataProtection, clock);
        notices.Subscribe(
            NoticeTopic.WriteKeys,
            payload => Forget(payload == NoticePayload.Everything ? null : payload.Split(',')),
            () => Forget(null));
    }

    internal int CachedPrefixes => _known.Count + _unknown.Count;

    /// <summary>How many times keys were read from the database (a cache miss).</summary>
    internal long Loads => Interlocked.Read(ref _loads);

    public async ValueTask<(KeyVerdict Verdict, SourceContext? Source)> AuthenticateAsync(string? key, CancellationToken cancellationToken)
    {
        // Keys are printable ASCII ("spk_" and base64url): anything else is no key, and is not looked up
        // (a NUL in a Basic header's user name would otherwise reach the database, which may refuse it).
        if (string.IsNullOrEmpty(key) || key.Length < TokenSecrets.PrefixLength || key.Length > 200 || !key.All(c => c is > ' ' and <= '~'))
        {
            return (KeyVerdict.Unknown, null);
        }

        var prefix = TokenSecrets.DisplayPrefix(key);
        var now = _clock.GetUtcNow();
        if (!TryGetCached(prefix, now, out var cached))
        {
            var generation = Interlocked.Read(ref _generation);
            Interlocked.Increment(ref _loads);
            cached = new CachedKeys(await LoadAsync(prefix, cancellationToken), now + CacheLifetime);
            Remember(prefix, cached, generation);
        }

        var hash = Encoding.ASCII.GetBytes(TokenSecrets.Hash(key));
        foreach (var candidate in cached.Keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, candidate.Hash))
            {
                return candidate.Revoked ? (KeyVerdict.Revoked, null)
                    : candidate.Source.IsDisabled ? (KeyVerdict.Disabled, candidate.Source)
                    : (KeyVerdict.Accepted, candidate.Source);
            }
        }

        return (KeyVerdict.Unknown, null);
    }

    /// <summary>
    /// Drops cached keys (every key when null) so a revoke, disable or new signing secret applies to the
    /// next request. Services announce such changes as <see cref="NoticeTopic.WriteKeys"/> notices,
    /// which call this on every instance.
    /// </summary>
    public void Forget(IEnumerable<string>? prefixes)
    {
        Interlocked.Increment(ref _generation);
        if (prefixes is null)
        {
            _known.Clear();
            _unknown.Clear();
            return;
        }

        foreach (var prefix in prefixes)
        {
            _known.Remove(prefix);
            _unknown.Remove(prefix);
        }
    }

    private bool TryGetCached(string prefix, DateTimeOffset now, out CachedKeys cached) =>
        ((_known.TryGet(prefix, out cached) || _unknown.TryGet(prefix, out cached)) && cached.ExpiresAt > now);

    private void Remember(string prefix, CachedKeys cached, long generation)
    {
        var cache = cached.Keys.Count > 0 ? _known : _unknown;
        // Written first, then checked: a Forget between the lookup and here takes it out again.
        cache.Set(prefix, cached);
        if (Interlocked.Read(ref _generation) != generation)
        {
            cache.Remove(prefix, onlyIf: entry => ReferenceEquals(entry, cached));
        }
    }

    private async Task<List<CandidateKey>> LoadAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var db = _dbFactory.CreateUnrestricted();
        var rows = await (
            from key in db.WriteKeys.AsNoTracking()
            join source in db.Sources.AsNoTracking() on key.SourceId equals source.Id
            join customer in db.Customers.AsNoTracking() on source.CustomerId equals customer.Id
            where key.Prefix == prefix
            select new
            {
                key.Id, key.SecretHash, key.RevokedAtUtc, SourceId = source.Id, source.CustomerId, source.IsDisabled,
                source.ProtectedSigningSecret, source.RateLimitPerSecond, source.IsServerSide, customer.Status,
            }).ToListAsync(cancellationToken);

        var protector = _dataProtection.CreateProtector(SourceService.SigningSecretPurpose);
        return rows.Select(r => new CandidateKey(
            Encoding.ASCII.GetBytes(r.SecretHash),
            r.RevokedAtUtc is not null,
            new SourceContext(
                r.SourceId, r.CustomerId, r.Id, r.IsDisabled || r.Status != CustomerStatus.Active,
                r.ProtectedSigningSecret is null ? null : Encoding.UTF8.GetBytes(protector.Unprotect(r.ProtectedSigningSecret)),
                r.RateLimitPerSecond, r.IsServerSide))).ToList();
    }

    private sealed record CandidateKey(byte[] Hash, bool Revoked, SourceContext Source);

    private sealed record CachedKeys(List<CandidateKey> Keys, DateTimeOffset ExpiresAt);
}
