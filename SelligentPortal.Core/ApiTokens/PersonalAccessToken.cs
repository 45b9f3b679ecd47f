namespace SelligentPortal.Core.ApiTokens;

/// <summary>
/// A management-API credential. Only a SHA-256 hash of the secret is stored; the secret is shown
/// once at creation. It acts with its owner's permissions, evaluated at every request.
/// </summary>
public sealed class PersonalAccessToken
{
    public const int NameMaxLength = 100;

    public Guid Id { get; set; } = Guid.NewGuid();

    public required string UserId { get; set; }

    public required string Name { get; set; }

    /// <summary>The first characters of the secret, safe to show so a user can recognise a token.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole secret.</summary>
    public required string SecretHash { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? LastUsedAtUtc { get; set; }

    public DateTime? RevokedAtUtc { get; set; }
}
