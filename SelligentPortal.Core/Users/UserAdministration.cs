using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Auditing;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Users;

/// <summary>The Admin's user management: invite, change role, disable, reset password.</summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, PortalDbFactory dbFactory, TimeProvider clock)
{
    // A Blazor circuit lives for hours: each operation gets its own UserManager (and DbContext), so
    // it never works on a stale copy of a user another request changed.
    private (AsyncServiceScope Scope, UserManager<PortalUser> Users) NewUserManager()
    {
        var scope = scopes.CreateAsyncScope();
        return (scope, scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>());
    }

    private static Outcome<T> Refused<T>(IdentityResult result) =>
        result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))
            ? Outcome<T>.Conflict("The user was changed by someone else meanwhile: reload and try again.")
            : Outcome<T>.Invalid(result.Errors.Select(e => e.Description).ToArray());

    public async Task<IReadOnlyList<UserSummary>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        if (!caller.IsAdmin)
        {
            return [];
        }

        await using var db = dbFactory.CreateUnrestricted();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var roles = await (
            from userRole in db.UserRoles
            join role in db.Roles on userRole.RoleId equals role.Id
            select new { userRole.UserId, role.Name }).ToListAsync(cancellationToken);
        var roleByUser = roles.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.First().Name);
        var customers = await db.Customers.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var managed = (await db.RelationshipManagerAssignments.AsNoTracking().ToListAsync(cancellationToken))
            .ToLookup(a => a.UserId, a => a.CustomerId);
        var now = clock.GetUtcNow();

        return users.Select(u => new UserSummary(
            u.Id, u.Email ?? "", u.DisplayName, roleByUser.GetValueOrDefault(u.Id), u.CustomerId,
            u.CustomerId is { } id ? customers.GetValueOrDefault(id) : null,
            managed[u.Id].ToList(), u.IsDisabled, u.LockoutEnd > now, u.PasswordHash is not null,
            u.CreatedAtUtc)).ToList();
    }

    /// <summary>Creates the user without a password and returns the token of their invitation link.</summary>
    public async Task<Outcome<PasswordSetupToken>> InviteAsync(Caller caller, UserInvitation invitation, CancellationToken cancellationToken = default)
    {
        if (!caller.IsAdmin)
        {
            return Outcome<PasswordSetupToken>.Forbidden("Only Admins invite users.");
        }

        var (scope, userManager) = NewUserManager();
        await using var _ = scope;
        var problems = await ValidateAsync(userManager, invitation, cancellationToken);
        if (problems.Count > 0)
        {
            return Outcome<PasswordSetupToken>.InvalidAt(problems);
        }

        var email = invitation.Email!.Trim();
        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(invitation.DisplayName) ? null : invitation.DisplayName.Trim(),
            CustomerId = invitation.Role == PortalRoles.Customer ? invitation.CustomerId : null,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        var created = await userManager.CreateAsync(user);
        if (!created.Succeeded)
        {
            return Refused<PasswordSetupToken>(created);
        }

        var added = await userManager.AddToRoleAsync(user, invitation.Role!);
        if (!added.Succeeded)
        {
            return Refused<PasswordSetupToken>(added);
        }
        await using (var db = dbFactory.CreateUnrestricted())
        {
            if (invitation.Role == PortalRoles.RelationshipManager)
            {
                foreach (var customerId in invitation.ManagedCustomerIds?.Distinct() ?? [])
                {
                    db.RelationshipManagerAssignments.Add(new RelationshipManagerAssignment
                    {
                        CustomerId = customerId, UserId = user.Id, AssignedAtUtc = user.CreatedAtUtc,
                    });
                }
            }

            AuditLog.Record(db, caller.Actor, clock, "user.invited", email, after: new
            {
                user.Email, user.DisplayName, invitation.Role, user.CustomerId, invitation.ManagedCustomerIds,
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        var token = await userManager.GeneratePasswordResetTokenAsync(user);
        return Outcome<PasswordSetupToken>.Ok(new PasswordSetupToken(user.Id, email, token));
    }

    /// <summary>A new password-setting link; the old password keeps working until it is used.</summary>
    public async Task<Outcome<PasswordSetupToken>> CreatePasswordResetAsync(Caller caller, string userId, CancellationToken cancellationToken = default)
    {
        if (!caller.IsAdmin)
        {
            return Outcome<PasswordSetupToken>.Forbidden("Only Admins reset passwords.");
        }

        var (scope, userManager) = NewUserManager();
        await using var _ = scope;
        var user = await userManager.FindByIdAsync(userId);
        if (user is null)
        {
            return Outcome<PasswordSetupToken>.NotFound();
        }

        await RecordAsync(caller, "user.password-reset-issued", user.Email!, null, null, cancellationToken);
        var token = await userManager.GeneratePasswordResetTokenAsync(user);
        return Outcome<PasswordSetupToken>.Ok(new PasswordSetupToken(user.Id, user.Email!, token));
    }

    public async Task<Outcome<bool>> SetDisabledAsync(Caller caller, string userId, bool disabled, CancellationToken cancellationToken = default)
    {
        if (!caller.IsAdmin)
        {
            return Outcome<bool>.Forbidden("Only Admins disable users.");
        }

        if (userId == caller.UserId)
        {
            return Outcome<bool>.Invalid("You cannot disable your own account.");
        }

        var (scope, userManager) = NewUserManager();
        await using var _ = scope;
        var user = await userManager.FindByIdAsync(userId);
        if (user is null)
        {
            return Outcome<bool>.NotFound();
        }

        var before = user.IsDisabled;
        user.IsDisabled = disabled;
        // A new security stamp ends the user's open sessions at their next validation.
        var updated = await userManager.UpdateSecurityStampAsync(user);
        if (!updated.Succeeded)
        {
            return Refused<bool>(updated);
        }

        await RecordAsync(caller, disabled ? "user.disabled" : "user.enabled", user.Email!,
            new { IsDisabled = before }, new { IsDisabled = disabled }, cancellationToken);
        return Outcome<bool>.Ok(disabled);
    }

    /// <summary>Changes a user's role (and their customer or customers with it).</summary>
    public async Task<Outcome<bool>> ChangeRoleAsync(
        Caller caller, string userId, string? role, Guid? customerId, IReadOnlyList<Guid>? managedCustomerIds,
        CancellationToken cancellationToken = default)
    {
        if (!caller.IsAdmin)
        {
            return Outcome<bool>.Forbidden("Only Admins change roles.");
        }

        var (scope, userManager) = NewUserManager();
        await using var _ = scope;
        var user = await userManager.FindByIdAsync(userId);
        if (user is null)
        {
            return Outcome<bool>.NotFound();
        }

        var problems = await ValidateRoleAsync(role, customerId, managedCustomerIds, cancellationToken);
        if (userId == caller.UserId && role != PortalRoles.Admin)
        {
            problems.Add((UserInvitation.RoleField, "You cannot remove your own Admin role."));
        }

        if (problems.Count > 0)
        {
            return Outcome<bool>.InvalidAt(problems);
        }

        var oldRoles = await userManager.GetRolesAsync(user);
        user.CustomerId = role == PortalRoles.Customer ? customerId : null;
        foreach (var step in new Func<Task<IdentityResult>>[]
        {
            () => userManager.RemoveFromRolesAsync(user, oldRoles),
            () => userManager.AddToRoleAsync(user, role!),
            () => userManager.UpdateSecurityStampAsync(user),
        })
        {
            var result = await step();
            if (!result.Succeeded)
            {
                return Refused<bool>(result);
            }
        }

        await using var db = dbFactory.CreateUnrestricted();
        var assignments = await db.RelationshipManagerAssignments.Where(a => a.UserId == userId).ToListAsync(cancellationToken);
        db.RelationshipManagerAssignments.RemoveRange(assignments);
        if (role == PortalRoles.RelationshipManager)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var id in managedCustomerIds?.Distinct() ?? [])
            {
                db.RelationshipManagerAssignments.Add(new RelationshipManagerAssignment { CustomerId = id, UserId = userId, AssignedAtUtc = now });
            }
        }

        AuditLog.Record(db, caller.Actor, clock, "user.role-changed", user.Email!,
            before: new { Roles = oldRoles, ManagedCustomerIds = assignments.Select(a => a.CustomerId) },
            after: new { Role = role, user.CustomerId, ManagedCustomerIds = managedCustomerIds });
        await db.SaveChangesAsync(cancellationToken);
        return Outcome<bool>.Ok(true);
    }

    private async Task<List<(string Field, string Message)>> ValidateAsync(UserManager<PortalUser> userManager, UserInvitation invitation, CancellationToken cancellationToken)
    {
        var problems = new List<(string Field, string Message)>();
        if (string.IsNullOrWhiteSpace(invitation.Email) || !MailAddress.TryCreate(invitation.Email.Trim(), out _))
        {
            problems.Add((UserInvitation.EmailField, "Enter a valid email address."));
        }
        else if (await userManager.FindByEmailAsync(invitation.Email.Trim()) is not null)
        {
            problems.Add((UserInvitation.EmailField, $"A user with the email '{invitation.Email.Trim()}' already exists."));
        }

        if (invitation.DisplayName is { Length: > PortalUser.DisplayNameMaxLength })
        {
            problems.Add((UserInvitation.DisplayNameField, $"A display name has at most {PortalUser.DisplayNameMaxLength} characters."));
        }

        problems.AddRange(await ValidateRoleAsync(invitation.Role, invitation.CustomerId, invitation.ManagedCustomerIds, cancellationToken));
        return problems;
    }

    private async Task<List<(string Field, string Message)>> ValidateRoleAsync(string? role, Guid? customerId, IReadOnlyList<Guid>? managed, CancellationToken cancellationToken)
    {
        var problems = new List<(string Field, string Message)>();
        if (role is null || !PortalRoles.All.Contains(role))
        {
            problems.Add((UserInvitation.RoleField, "Choose a role: Admin, Relationship Manager or Customer."));
            return problems;
        }

        await using var db = dbFactory.CreateUnrestricted();
        if (role == PortalRoles.Customer)
        {
            if (customerId is null)
            {
                problems.Add((UserInvitation.CustomerField, "A Customer user belongs to exactly one customer: choose it."));
            }
            else if (!await db.Customers.AnyAsync(c => c.Id == customerId, cancellationToken))
            {
                problems.Add((UserInvitation.CustomerField, "The chosen customer does not exist."));
            }
        }

        if (role == PortalRoles.RelationshipManager && managed is { Count: > 0 })
        {
            var known = await db.Customers.Where(c => managed.Contains(c.Id)).CountAsync(cancellationToken);
            if (known != managed.Distinct().Count())
            {
                problems.Add((UserInvitation.ManagedCustomersField, "Some of the chosen customers do not exist."));
            }
        }

        return problems;
    }

    private async Task RecordAsync(Caller caller, string action, string subject, object? before, object? after, CancellationToken cancellationToken)
    {
        await using var db = dbFactory.CreateUnrestricted();
        AuditLog.Record(db, caller.Actor, clock, action, subject, before: before, after: after);
        await db.SaveChangesAsync(cancellationToken);
    }
}
