namespace SelligentPortal.Core.Users;

/// <summary>The three roles of docs/product.md section 1.</summary>
public static class PortalRoles
{
    public const string Admin = "Admin";
    public const string RelationshipManager = "RelationshipManager";
    public const string Customer = "Customer";

    /// <summary>Roles allowed to manage customers' configurations.</summary>
    public const string Staff = Admin + "," + RelationshipManager;

    public static IReadOnlyList<string> All { get; } = [Admin, RelationshipManager, Customer];

    public static string DisplayName(string role) => role switch
    {
        RelationshipManager => "Relationship Manager",
        _ => role,
    };
}
