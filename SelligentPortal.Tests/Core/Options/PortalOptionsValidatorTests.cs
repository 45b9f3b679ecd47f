using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SelligentPortal.Core.Options;

namespace SelligentPortal.Tests.Core.Options;

public sealed class PortalOptionsValidatorTests : IDisposable
{
    private readonly PortalOptionsValidator _validator = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("options-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Database_Defaults_AreValid() =>
        Assert.True(_validator.Validate(null, new DatabaseOptions()).Succeeded);

    [Fact]
    public void Database_UnknownProvider_NamesTheSettingAndBothEngines()
    {
        var result = _validator.Validate(null, new DatabaseOptions { Provider = "Oracle" });

        Assert.True(result.Failed);
        var problem = Assert.Single(result.Failures!);
        Assert.StartsWith("Database:Provider: 'Oracle'", problem);
        Assert.Contains("'Sqlite'", problem);
        Assert.Contains("'PostgreSql'", problem);
    }

    [Fact]
    public void Database_SqliteWithoutFolderOrConnectionString_NamesTheFolder()
    {
        var result = _validator.Validate(null, new DatabaseOptions { DataFolder = "" });

        Assert.StartsWith("Database:DataFolder:", Assert.Single(result.Failures!));
    }

    [Fact]
    public void Database_PostgreSqlWithoutConnectionString_NamesIt()
    {
        var result = _validator.Validate(null, new DatabaseOptions { Provider = "PostgreSql" });

        Assert.StartsWith("Database:ConnectionString:", Assert.Single(result.Failures!));
        Assert.True(_validator.Validate(null, new DatabaseOptions { Provider = "postgresql", ConnectionString = "Host=db" }).Succeeded);
    }

    [Fact]
    public void Bootstrap_NothingSet_IsValid() =>
        Assert.True(_validator.Validate(null, new BootstrapOptions { AdminEmail = "", AdminPassword = "", ApiToken = "" }).Succeeded);

    [Fact]
    public void Bootstrap_PartialAndShortToken_ListsEveryProblemWithKeys()
    {
        var result = _validator.Validate(null, new BootstrapOptions { AdminEmail = "not-an-email", ApiToken = "short" });

        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("Bootstrap:AdminEmail:"));
        Assert.Contains(result.Failures!, f => f.StartsWith("Bootstrap:AdminPassword:"));
        Assert.Contains(result.Failures!, f => f.StartsWith("Bootstrap:ApiToken:"));
    }

    [Fact]
    public void Bootstrap_EmptyToken_AsInAppSettings_IsNoToken() =>
        Assert.True(_validator.Validate(null, new BootstrapOptions
        {
            AdminEmail = "ops@example.com", AdminPassword = "x", ApiToken = "",
        }).Succeeded);

    [Fact]
    public void Bootstrap_Complete_IsValid() =>
        Assert.True(_validator.Validate(null, new BootstrapOptions
        {
            AdminEmail = "ops@example.com", AdminPassword = "x", ApiToken = new string('k', 32),
        }).Succeeded);

    [Fact]
    public void Ingestion_Defaults_AreValid_AndDurableAgainstPowerLoss()
    {
        var options = new IngestionOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal(IngestionDurability.PowerLoss, options.Durability);
    }

    [Fact]
    public void Ingestion_ProcessCrashDurability_IsValid() =>
        Assert.True(_validator.Validate(null, new IngestionOptions { Durability = IngestionDurability.ProcessCrash }).Succeeded);

    [Fact]
    public void Ingestion_EverySettingOutOfRange_ListsEveryProblemWithKeys()
    {
        // "7" in the configuration binds to an enum value that has no name.
        var result = _validator.Validate(null, new IngestionOptions { Durability = (IngestionDurability)7, RawPayloadRetentionDays = 0, RetentionPurgeIntervalSeconds = 0, WriterQueueMegabytes = 0, RateLimitInstances = 0, ShadowRunCpuShare = 0 });

        Assert.True(result.Failed);
        Assert.Equal(6, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("Ingestion:RawPayloadRetentionDays:"));
        Assert.Contains(result.Failures!, f => f.StartsWith("Ingestion:RetentionPurgeIntervalSeconds:"));
        Assert.Contains(result.Failures!, f => f.StartsWith("Ingestion:WriterQueueMegabytes:"));
        Assert.Contains(result.Failures!, f => f.StartsWith("Ingestion:RateLimitInstances:"));
        Assert.Contains(result.Failures!, f => f.StartsWith("Ingestion:ShadowRunCpuShare:"));
        Assert.Contains(result.Failures!, f => f.StartsWith("Ingestion:Durability:") && f.Contains("PowerLoss") && f.Contains("ProcessCrash"));
    }

    [Fact]
    public void KeyRing_NoCertificate_IsValid() =>
        Assert.True(_validator.Validate(null, new KeyRingOptions { CertificatePath = "", CertificatePassword = "" }).Succeeded);

    [Fact]
    public void KeyRing_CertificateWithItsPassword_IsValid()
    {
        var path = Certificate("pfx-password", withPrivateKey: true);

        Assert.True(_validator.Validate(null, new KeyRingOptions { CertificatePath = path, CertificatePassword = "pfx-password" }).Succeeded);
    }

    [Fact]
    public void KeyRing_NoFileAtThePath_NamesThePath()
    {
        var missing = Path.Combine(_folder, "missing.pfx");

        var result = _validator.Validate(null, new KeyRingOptions { CertificatePath = missing });

        Assert.Equal($"DataProtection:CertificatePath: there is no certificate file at '{missing}'.", Assert.Single(result.Failures!));
    }

    [Fact]
    public void KeyRing_WrongPassword_NamesThePassword()
    {
        var path = Certificate("pfx-password", withPrivateKey: true);

        var result = _validator.Validate(null, new KeyRingOptions { CertificatePath = path, CertificatePassword = "not-the-password" });

        Assert.StartsWith($"DataProtection:CertificatePassword: '{path}' does not open with it", Assert.Single(result.Failures!));
    }

    [Fact]
    public void KeyRing_CertificateWithoutPrivateKey_NamesThePath()
    {
        var path = Certificate("pfx-password", withPrivateKey: false);

        var result = _validator.Validate(null, new KeyRingOptions { CertificatePath = path, CertificatePassword = "pfx-password" });

        Assert.Equal($"DataProtection:CertificatePath: '{path}' has no private key, so the keys could not be read back.", Assert.Single(result.Failures!));
    }

    private string Certificate(string password, bool withPrivateKey)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=SelligentPortal data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var publicOnly = X509CertificateLoader.LoadCertificate(created.Export(X509ContentType.Cert));
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, (withPrivateKey ? created : publicOnly).Export(X509ContentType.Pfx, password));
        return path;
    }
}
