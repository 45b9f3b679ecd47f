namespace SelligentPortal.Core.Options;

/// <summary>
/// The certificate that encrypts the Data Protection key ring stored in the database (configuration
/// section <c>DataProtection</c>); without one the ring is stored as is.
/// </summary>
public sealed class KeyRingOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>A PFX file with its private key; a relative path is under the content root.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    public bool IsEncrypted => !string.IsNullOrEmpty(CertificatePath);
}
