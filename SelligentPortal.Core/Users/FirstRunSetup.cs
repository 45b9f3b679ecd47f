using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.ApiTokens;
using SelligentPortal.Core.Auditing;
using SelligentPortal.Core.Cluster;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Persistence;

namespace SelligentPortal.Core.Users;

/// <summary>
/// The one-time creation of the first Admin, from the setup page or from configuration. Once an
/// Admin exists it never runs again.
/// </summary>
public sealed class FirstRunSetup(
    UserManager<PortalUser> userManager, RoleManager<IdentityRole> roleManager, PortalDbFactory dbFactory,
    SetupState state, IClusterLock locks, TimeProvider clock)
{
    /// <summary>
    /// Held while roles and the first Admin are created: two setup forms posted at once, on one
    /// instance or two, or instances starting together, create exactly one Admin.
    /// </summary>
    public const string LockName = "first-run";

    /// <summary>Takes the first-run lock (across instances), for start-up's roles and bootstrap Admin.</summary>
    public Task<IAsyncDisposable> LockAsync(CancellationToken cancellationToken = default) => locks.AcquireAsync(LockName, cancellationToken);

    public async Task EnsureRolesAsync()
    {
        foreach (var role in PortalRoles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                await roleManager.CreateAsync(new IdentityRole(role));
            }
        }
    }

    /// <summary>Reads from the database whether an Admin exists, and remembers it.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateUnrestricted();
        var hasAdmin = await (
            from userRole in db.UserRoles
            join role in db.Roles on userRole.RoleId equals role.Id
            where role.Name == PortalRoles.Admin
            select userRole.UserId).AnyAsync(cancellationToken);
        state.IsComplete = hasAdmin;
        return hasAdmin;
    }

    /// <param name="email">The Admin's email (sign-in name).</param>
    /// <param name="password">Their password.</param>
    /// <param name="displayName">An optional display name.</param>
    /// <param name="apiToken">An optional personal access token to give them (unattended installs).</param>
    /// <param name="locked">The caller holds <see cref="LockAsync"/> already (start-up).</param>
    public async Task<Outcome<PortalUser>> CreateFirstAdminAsync(string? email, string? password, string? displayName, string? apiToken = null, bool locked = false)
    {
        var held = locked ? null : await locks.AcquireAsync(LockName);
        try
        {
            if (await RefreshAsync())
            {
                return Outcome<PortalUser>.Conflict("Setup is already complete.");
            }

            var problems = new List<string>();
            if (string.IsNullOrWhiteSpace(email) || !System.Net.Mail.MailAddress.TryCreate(email.Trim(), out _))
            {
                problems.Add("Enter a valid email address.");
            }

            if (string.IsNullOrEmpty(password))
            {
                problems.Add("Choose a password.");
            }

            if (apiToken is { Length: < BootstrapTokenMinimum })
            {
                problems.Add($"The API token must be at least {BootstrapTokenMinimum} characters.");
            }

            if (problems.Count > 0)
            {
                return Outcome<PortalUser>.Invalid(problems);
            }

            var user = new PortalUser
            {
                UserName = email!.Trim(),
                Email = email.Trim(),
                EmailConfirmed = true,
                DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
                CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            };
            var created = await userManager.CreateAsync(user, password!);
            if (!created.Succeeded)
            {
                return Outcome<PortalUser>.Invalid(created.Errors.Select(e => e.Description).ToArray());
            }

            await userManager.AddToRoleAsync(user, PortalRoles.Admin);
            await using (var db = dbFactory.CreateUnrestricted())
            {
                if (apiToken is not null)
                {
                    db.PersonalAccessTokens.Add(new PersonalAccessToken
                    {
                        UserId = user.Id,
                        Name = "Bootstrap",
                        // An installer-chosen token has no public prefix: show only its first characters.
                        Prefix = apiToken[..4],
                        SecretHash = TokenSecrets.Hash(apiToken),
                        CreatedAtUtc = user.CreatedAtUtc,
                    });
                }

                AuditLog.Record(db, new AuditActor(user.Id, user.Email), clock, "setup.first-admin", user.Email,
                    after: new { user.Email, Role = PortalRoles.Admin, ApiToken = apiToken is null ? null : "(redacted)" });
                await db.SaveChangesAsync();
            }

            state.IsComplete = true;
            return Outcome<PortalUser>.Ok(user);
        }
        finally
        {
            if (held is not null)
            {
                await held.DisposeAsync();
            }
        }
    }

    private const int BootstrapTokenMinimum = 32;
}

/// <summary>Whether the first Admin exists; cached so every request need not ask the database.</summary>
public sealed class SetupState
{
    private volatile bool _isComplete;
    private long _checkedAtTicks;

    /// <summary>
    /// While setup is not complete here, whether to read the database again (at most once a second):
    /// another instance may have completed it.
    /// </summary>
    public bool ShouldRecheck(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _checkedAtTicks);
        return !_isComplete && now.UtcTicks - last >= TimeSpan.TicksPerSecond
            && Interlocked.CompareExchange(ref _checkedAtTicks, now.UtcTicks, last) == last;
    }

    public bool IsComplete
    {
        get => _isComplete;
        set => _isComplete = value;
    }
}
