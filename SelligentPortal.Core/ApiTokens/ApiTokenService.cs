using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Auditing;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.ApiTokens;

/// <summary>Personal access tokens for the management API: create (shown once), list, revoke, authenticate.</summary>
public sealed class ApiTokenService(PortalDbFactory dbFactory, TimeProvider clock)
{
    public const string SecretPrefix = "spat_";

    /// <summary>Last-used times are written at most this often, so authentication stays a read.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<IReadOnlyList<ApiTokenView>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateUnrestricted();
        return await db.PersonalAccessTokens.AsNoTracking()
            .Where(t => t.UserId == caller.UserId)
            .OrderByDescending(t => t.CreatedAtUtc)
            .Select(t => new ApiTokenView(t.Id, t.Name, t.Prefix, t.CreatedAtUtc, t.LastUsedAtUtc, t.RevokedAtUtc))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Creates a token; the returned secret is the only time it exists in clear.</summary>
    public async Task<Outcome<(ApiTokenView Token, string Secret)>> CreateAsync(Caller caller, string? name, CancellationToken cancellationToken = default)
    {
        if (!caller.IsAuthenticated)
        {
            return Outcome<(ApiTokenView, string)>.Forbidden("Sign in to create a token.");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > PersonalAccessToken.NameMaxLength)
        {
            return Outcome<(ApiTokenView, string)>.Invalid($"Give the token a name of 1 to {PersonalAccessToken.NameMaxLength} characters.");
        }

        var secret = TokenSecrets.Generate(SecretPrefix);
        var token = new PersonalAccessToken
        {
            UserId = caller.UserId!,
            Name = name.Trim(),
            Prefix = TokenSecrets.DisplayPrefix(secret),
            SecretHash = TokenSecrets.Hash(secret),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = dbFactory.CreateUnrestricted();
        db.PersonalAccessTokens.Add(token);
        AuditLog.Record(db, caller.Actor, clock, "api-token.created", token.Name, after: new { token.Name, token.Prefix });
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<(ApiTokenView, string)>.Ok((new ApiTokenView(token.Id, token.Name, token.Prefix, token.CreatedAtUtc, null, null), secret));
    }

    public async Task<Outcome<bool>> RevokeAsync(Caller caller, Guid tokenId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateUnrestricted();
        var token = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == caller.UserId, cancellationToken);
        if (token is null)
        {
            return Outcome<bool>.NotFound();
        }

        if (token.RevokedAtUtc is null)
        {
            token.RevokedAtUtc = clock.GetUtcNow().UtcDateTime;
            AuditLog.Record(db, caller.Actor, clock, "api-token.revoked", token.Name, before: new { token.Name, token.Prefix });
            await db.SaveChangesAsync(cancellationToken);
        }

        return Outcome<bool>.Ok(true);
    }

    /// <summary>The user id behind a secret, or null for an unknown or revoked token.</summary>
    public async Task<string?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        var hash = TokenSecrets.Hash(secret);
        await using var db = dbFactory.CreateUnrestricted();
        // Looked up by hash through a unique index: comparing hashes leaks nothing about the secret.
        var token = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.SecretHash == hash, cancellationToken);
        if (token is null || token.RevokedAtUtc is not null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (token.LastUsedAtUtc is null || now - token.LastUsedAtUtc > LastUsedResolution)
        {
            token.LastUsedAtUtc = now;
            await db.SaveChangesAsync(cancellationToken);
        }

        return token.UserId;
    }
}

/// <summary>A token as its owner sees it: never the secret or its hash.</summary>
public sealed record ApiTokenView(Guid Id, string Name, string Prefix, DateTime CreatedAtUtc, DateTime? LastUsedAtUtc, DateTime? RevokedAtUtc);
