namespace SelligentPortal.Core.Options;

/// <summary>
/// Unattended first start (configuration section <c>Bootstrap</c>): when the database has no Admin
/// yet, this Admin is created instead of offering the setup page.
/// </summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Bootstrap";

    public const int MinimumApiTokenLength = 32;

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }

    /// <summary>An installer-chosen personal access token for that Admin (at least 32 characters).</summary>
    public string? ApiToken { get; set; }

    /// <summary>The token, or null when none is given: an empty value (as in appsettings.json) is none.</summary>
    public string? GivenApiToken => string.IsNullOrEmpty(ApiToken) ? null : ApiToken;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AdminEmail);
}
