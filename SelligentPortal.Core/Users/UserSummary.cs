namespace SelligentPortal.Core.Users;

/// <summary>A user as the Admin's user list shows them.</summary>
public sealed record UserSummary(
    string Id,
    string Email,
    string? DisplayName,
    string? Role,
    Guid? CustomerId,
    string? CustomerName,
    IReadOnlyList<Guid> ManagedCustomerIds,
    bool IsDisabled,
    bool IsLockedOut,
    bool HasPassword,
    DateTime CreatedAtUtc);

/// <summary>What an Admin fills in to invite a user.</summary>
public sealed record UserInvitation(string? Email, string? DisplayName, string? Role, Guid? CustomerId, IReadOnlyList<Guid>? ManagedCustomerIds)
{
    /// <summary>The field names invitation and role problems are located at (<see cref="Common.Outcome{T}.ProblemPaths"/>).</summary>
    public const string EmailField = "email";

    public const string DisplayNameField = "displayName";

    public const string RoleField = "role";

    public const string CustomerField = "customerId";

    public const string ManagedCustomersField = "managedCustomerIds";
}

/// <summary>
/// A one-time password-setting token for a user (an invitation or a reset). The caller turns it
/// into a link; it is never stored in clear.
/// </summary>
public sealed record PasswordSetupToken(string UserId, string Email, string Token);
