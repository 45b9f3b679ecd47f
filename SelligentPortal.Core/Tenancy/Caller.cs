using SelligentPortal.Core.Auditing;
using SelligentPortal.Core.Users;

namespace SelligentPortal.Core.Tenancy;

/// <summary>The person (or token) behind a request, with what they may see.</summary>
public sealed record Caller(string? UserId, string Name, string? Role, TenantScope Scope)
{
    public static Caller Anonymous { get; } = new(null, "anonymous", null, TenantScope.Nothing);

    public bool IsAuthenticated => UserId is not null;

    public bool IsAdmin => Role == PortalRoles.Admin;

    public bool IsRelationshipManager => Role == PortalRoles.RelationshipManager;

    public bool IsCustomer => Role == PortalRoles.Customer;

    /// <summary>Admins and Relationship Managers may change what their scope covers.</summary>
    public bool IsStaff => IsAdmin || IsRelationshipManager;

    public AuditActor Actor => new(UserId, Name);
}
