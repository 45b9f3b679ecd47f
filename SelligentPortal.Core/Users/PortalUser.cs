using Microsoft.AspNetCore.Identity;

namespace SelligentPortal.Core.Users;

/// <summary>A person who signs in to the portal.</summary>
public sealed class PortalUser : IdentityUser
{
    public const int DisplayNameMaxLength = 120;

    public string? DisplayName { get; set; }

    /// <summary>For a Customer user: the one customer they belong to. Null for every other role.</summary>
    public Guid? CustomerId { get; set; }

    /// <summary>Disabled by an Admin: cannot sign in, and open sessions end at the next revalidation.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
