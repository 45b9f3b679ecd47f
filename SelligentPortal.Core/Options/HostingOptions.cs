namespace SelligentPortal.Core.Options;

/// <summary>How the portal is reached (configuration section <c>Hosting</c>).</summary>
public sealed class HostingOptions
{
    public const string SectionName = "Hosting";

    /// <summary>
    /// Behind a proxy that terminates TLS: the scheme and client address are read from
    /// X-Forwarded-Proto and X-Forwarded-For. Off, clients reaching the app directly cannot claim https.
    /// </summary>
    public bool BehindProxy { get; set; }
}
