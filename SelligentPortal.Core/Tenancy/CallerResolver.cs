using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Users;

namespace SelligentPortal.Core.Tenancy;

/// <summary>
/// Works out who a principal is and which customers they may see, from the database at every call,
/// so an Admin's change to roles, assignments or a disabled account takes effect at once.
/// </summary>
public sealed class CallerResolver(PortalDbFactory dbFactory)
{
    public async Task<Caller> ResolveAsync(ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal.Identity?.IsAuthenticated != true || userId is null)
        {
            return Caller.Anonymous;
        }

        return await ResolveUserAsync(userId, cancellationToken);
    }

    public async Task<Caller> ResolveUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = dbFactory.CreateUnrestricted();
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.IsDisabled, u.CustomerId, u.Email, u.DisplayName })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null || user.IsDisabled)
        {
            return Caller.Anonymous;
        }

        var roles = await (
            from userRole in db.UserRoles
            join role in db.Roles on userRole.RoleId equals role.Id
            where userRole.UserId == userId
            select role.Name).ToListAsync(cancellationToken);
        var name = user.DisplayName ?? user.Email ?? userId;

        if (roles.Contains(PortalRoles.Admin))
        {
            return new Caller(userId, name, PortalRoles.Admin, TenantScope.Unrestricted);
        }

        if (roles.Contains(PortalRoles.RelationshipManager))
        {
            var assigned = await db.RelationshipManagerAssignments.AsNoTracking()
                .Where(a => a.UserId == userId)
                .Select(a => a.CustomerId)
                .ToListAsync(cancellationToken);
            return new Caller(userId, name, PortalRoles.RelationshipManager, TenantScope.For(assigned));
        }

        if (roles.Contains(PortalRoles.Customer) && user.CustomerId is { } customerId)
        {
            return new Caller(userId, name, PortalRoles.Customer, TenantScope.For([customerId]));
        }

        return new Caller(userId, name, null, TenantScope.Nothing);
    }
}
