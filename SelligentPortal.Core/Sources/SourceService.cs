using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.ApiTokens;
using SelligentPortal.Core.Auditing;
using SelligentPortal.Core.Cluster;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Sources;

/// <summary>Sources, write keys and signing secrets of a customer, within the caller's scope.</summary>
public sealed class SourceService(
    PortalDbFactory dbFactory, TimeProvider clock, IDataProtectionProvider dataProtection, IClusterNotices notices)
{
    public const string SigningSecretPurpose = "SelligentPortal.Sources.SigningSecret";

    public async Task<Outcome<IReadOnlyList<SourceView>>> ListAsync(Caller caller, Guid customerId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return Outcome<IReadOnlyList<SourceView>>.NotFound();
        }

        var sources = await db.Sources.AsNoTracking().Include(s => s.Keys)
            .Where(s => s.CustomerId == customerId).OrderBy(s => s.CreatedAtUtc).ToListAsync(cancellationToken);
        return Outcome<IReadOnlyList<SourceView>>.Ok(sources.Select(View).ToList());
    }

    public async Task<Outcome<SourceView>> CreateAsync(Caller caller, Guid customerId, string? name, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var access = await CheckStaffAsync(db, caller, customerId, cancellationToken);
        if (access is not null)
        {
            return access.As<SourceView>();
        }

        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > Source.NameMaxLength)
        {
            return Outcome<SourceView>.Invalid($"A source needs a name of 1 to {Source.NameMaxLength} characters.");
        }

        var source = new Source { CustomerId = customerId, Name = name.Trim(), CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
        db.Sources.Add(source);
        AuditLog.Record(db, caller.Actor, clock, "source.created", source.Name, customerId, after: new { source.Name });
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<SourceView>.Ok(View(source));
    }

    public async Task<Outcome<SourceView>> UpdateAsync(
        Caller caller, Guid customerId, Guid sourceId, SourceChange change, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var (source, failure) = await FindForStaffAsync(db, caller, customerId, sourceId, cancellationToken);
        if (failure is not null)
        {
            return failure.As<SourceView>();
        }

        var problems = new List<string>();
        if (change.Name is { } name && (string.IsNullOrWhiteSpace(name) || name.Trim().Length > Source.NameMaxLength))
        {
            problems.Add($"A source needs a name of 1 to {Source.NameMaxLength} characters.");
        }

        if (change.RateLimitPerSecond is < 1 or > 1_000_000)
        {
            problems.Add("A rate limit is 1 to 1,000,000 events per second.");
        }

        if (problems.Count > 0)
        {
            return Outcome<SourceView>.Invalid(problems);
        }

        var before = new { source!.Name, source.IsDisabled, source.RateLimitPerSecond, source.IsServerSide };
        source.Name = change.Name?.Trim() ?? source.Name;
        source.IsDisabled = change.IsDisabled ?? source.IsDisabled;
        source.RateLimitPerSecond = change.ClearRateLimit ? null : change.RateLimitPerSecond ?? source.RateLimitPerSecond;
        source.IsServerSide = change.IsServerSide ?? source.IsServerSide;
        AuditLog.Record(db, caller.Actor, clock, "source.changed", source.Name, customerId, before,
            new { source.Name, source.IsDisabled, source.RateLimitPerSecond, source.IsServerSide });
        await db.SaveChangesAsync(cancellationToken);
        await notices.PublishAsync(NoticeTopic.WriteKeys, NoticePayload.Join(source.Keys.Select(k => k.Prefix)), CancellationToken.None);
        return Outcome<SourceView>.Ok(View(source));
    }

    /// <summary>A new write key; the returned secret is the only time it exists in clear.</summary>
    public async Task<Outcome<(WriteKeyView Key, string Secret)>> CreateKeyAsync(
        Caller caller, Guid customerId, Guid sourceId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var (source, failure) = await FindForStaffAsync(db, caller, customerId, sourceId, cancellationToken);
        if (failure is not null)
        {
            return failure.As<(WriteKeyView, string)>();
        }

        var secret = TokenSecrets.Generate(WriteKey.SecretPrefix);
        var key = new WriteKey
        {
            SourceId = sourceId,
            CustomerId = customerId,
            Prefix = TokenSecrets.DisplayPrefix(secret),
            SecretHash = TokenSecrets.Hash(secret),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.WriteKeys.Add(key);
        AuditLog.Record(db, caller.Actor, clock, "write-key.created", $"{source!.Name} {key.Prefix}…", customerId, after: new { key.Prefix });
        await db.SaveChangesAsync(cancellationToken);
        // Its prefix may be cached as one without keys (anyone can send any prefix).
        await notices.PublishAsync(NoticeTopic.WriteKeys, key.Prefix, CancellationToken.None);
        return Outcome<(WriteKeyView, string)>.Ok((View(key), secret));
    }

    public async Task<Outcome<WriteKeyView>> RevokeKeyAsync(
        Caller caller, Guid customerId, Guid sourceId, Guid keyId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var (source, failure) = await FindForStaffAsync(db, caller, customerId, sourceId, cancellationToken);
        if (failure is not null)
        {
            return failure.As<WriteKeyView>();
        }

        var key = source!.Keys.SingleOrDefault(k => k.Id == keyId);
        if (key is null)
        {
            return Outcome<WriteKeyView>.NotFound();
        }

        if (key.RevokedAtUtc is null)
        {
            key.RevokedAtUtc = clock.GetUtcNow().UtcDateTime;
            AuditLog.Record(db, caller.Actor, clock, "write-key.revoked", $"{source.Name} {key.Prefix}…", customerId, before: new { key.Prefix });
            await db.SaveChangesAsync(cancellationToken);
            await notices.PublishAsync(NoticeTopic.WriteKeys, key.Prefix, CancellationToken.None);
        }

        return Outcome<WriteKeyView>.Ok(View(key));
    }

    /// <summary>Generates a new signing secret (returned once) or, with <paramref name="remove"/>, stops requiring signatures.</summary>
    public async Task<Outcome<string?>> SetSigningSecretAsync(
        Caller caller, Guid customerId, Guid sourceId, bool remove, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.Create(caller.Scope);
        var (source, failure) = await FindForStaffAsync(db, caller, customerId, sourceId, cancellationToken);
        if (failure is not null)
        {
            return failure.As<string?>();
        }

        string? secret = remove ? null : TokenSecrets.Generate("sps_");
        source!.ProtectedSigningSecret = secret is null ? null : dataProtection.CreateProtector(SigningSecretPurpose).Protect(secret);
        AuditLog.Record(db, caller.Actor, clock, remove ? "signing-secret.removed" : "signing-secret.generated", source.Name, customerId,
            after: new { SigningSecret = secret is null ? "none" : "(redacted)" });
        await db.SaveChangesAsync(cancellationToken);
        await notices.PublishAsync(NoticeTopic.WriteKeys, NoticePayload.Join(source.Keys.Select(k => k.Prefix)), CancellationToken.None);
        return Outcome<string?>.Ok(secret);
    }

    private static async Task<Outcome<bool>?> CheckStaffAsync(PortalDbContext db, Caller caller, Guid customerId, CancellationToken cancellationToken)
    {
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
        {
            return Outcome<bool>.NotFound();
        }

        return caller.IsStaff ? null : Outcome<bool>.Forbidden("Only Admins and Relationship Managers manage sources and keys.");
    }

    private static async Task<(Source? Source, Outcome<bool>? Failure)> FindForStaffAsync(
        PortalDbContext db, Caller caller, Guid customerId, Guid sourceId, CancellationToken cancellationToken)
    {
        var access = await CheckStaffAsync(db, caller, customerId, cancellationToken);
        if (access is not null)
        {
            return (null, access);
        }

        var source = await db.Sources.Include(s => s.Keys)
            .SingleOrDefaultAsync(s => s.Id == sourceId && s.CustomerId == customerId, cancellationToken);
        return source is null ? (null, Outcome<bool>.NotFound()) : (source, null);
    }

    private static SourceView View(Source s) => new(
        s.Id, s.CustomerId, s.Name, s.IsDisabled, s.ProtectedSigningSecret is not null, s.RateLimitPerSecond, s.CreatedAtUtc,
        s.Keys.OrderBy(k => k.CreatedAtUtc).Select(View).ToList(), s.IsServerSide);

    private static WriteKeyView View(WriteKey k) => new(k.Id, k.Prefix, k.CreatedAtUtc, k.LastUsedAtUtc, k.RevokedAtUtc);
}
