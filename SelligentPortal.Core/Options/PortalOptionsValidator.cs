using System.Net.Mail;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace SelligentPortal.Core.Options;

/// <summary>Validates the portal's options on start, listing every problem with its configuration key.</summary>
public sealed class PortalOptionsValidator : IValidateOptions<DatabaseOptions>, IValidateOptions<BootstrapOptions>, IValidateOptions<IngestionOptions>,
    IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var problems = new List<string>();
        var sqlite = string.Equals(options.Provider, DatabaseOptions.Sqlite, StringComparison.OrdinalIgnoreCase);
        var postgreSql = string.Equals(options.Provider, DatabaseOptions.PostgreSql, StringComparison.OrdinalIgnoreCase);
        if (!sqlite && !postgreSql)
        {
            problems.Add($"{DatabaseOptions.SectionName}:Provider: '{options.Provider}' is not supported; use '{DatabaseOptions.Sqlite}' (the default) or '{DatabaseOptions.PostgreSql}'.");
        }

        if (sqlite && string.IsNullOrWhiteSpace(options.ConnectionString) && string.IsNullOrWhiteSpace(options.DataFolder))
        {
            problems.Add($"{DatabaseOptions.SectionName}:DataFolder: set a folder or {DatabaseOptions.SectionName}:ConnectionString.");
        }

        if (postgreSql && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            problems.Add($"{DatabaseOptions.SectionName}:ConnectionString: PostgreSQL needs one, such as 'Host=db;Database=selligentportal;Username=portal;Password=...'.");
        }

        return Result(problems);
    }

    public ValidateOptionsResult Validate(string? name, BootstrapOptions options)
    {
        var problems = new List<string>();
        var anySet = !string.IsNullOrEmpty(options.AdminEmail) || !string.IsNullOrEmpty(options.AdminPassword)
            || options.GivenApiToken is not null;
        if (anySet)
        {
            if (string.IsNullOrWhiteSpace(options.AdminEmail) || !MailAddress.TryCreate(options.AdminEmail, out _))
            {
                problems.Add($"{BootstrapOptions.SectionName}:AdminEmail: a valid email address is required when any Bootstrap setting is given.");
            }

            if (string.IsNullOrEmpty(options.AdminPassword))
            {
                problems.Add($"{BootstrapOptions.SectionName}:AdminPassword: required together with {BootstrapOptions.SectionName}:AdminEmail.");
            }

            if (options.GivenApiToken is { } token && token.Length < BootstrapOptions.MinimumApiTokenLength)
            {
                problems.Add($"{BootstrapOptions.SectionName}:ApiToken: must be at least {BootstrapOptions.MinimumApiTokenLength} characters.");
            }
        }

        return Result(problems);
    }

    public ValidateOptionsResult Validate(string? name, IngestionOptions options)
    {
        var problems = new List<string>();
        if (options.RawPayloadRetentionDays is < 1 or > 3650)
        {
            problems.Add($"{IngestionOptions.SectionName}:RawPayloadRetentionDays: must be 1 to 3650 days (it is {options.RawPayloadRetentionDays}).");
        }

        if (options.RetentionPurgeIntervalSeconds is < 1 or > 86400)
        {
            problems.Add($"{IngestionOptions.SectionName}:RetentionPurgeIntervalSeconds: must be 1 to 86400 seconds (it is {options.RetentionPurgeIntervalSeconds}).");
        }

        if (options.WriterQueueMegabytes is < 1 or > 16384)
        {
            problems.Add($"{IngestionOptions.SectionName}:WriterQueueMegabytes: must be 1 to 16384 MB (it is {options.WriterQueueMegabytes}).");
        }

        if (options.ShadowRunCpuShare is not (> 0 and <= 0.5))
        {
            problems.Add($"{IngestionOptions.SectionName}:ShadowRunCpuShare: must be more than 0 and at most 0.5 (it is {options.ShadowRunCpuShare.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }

        if (options.RateLimitInstances is < 1 or > 1000)
        {
            problems.Add($"{IngestionOptions.SectionName}:RateLimitInstances: must be 1 to 1000 instances (it is {options.RateLimitInstances}).");
        }

        // A number in the configuration binds to any value of the enum, named or not.
        if (!Enum.IsDefined(options.Durability))
        {
            problems.Add($"{IngestionOptions.SectionName}:Durability: must be {nameof(IngestionDurability.PowerLoss)} (the default) or "
                + $"{nameof(IngestionDurability.ProcessCrash)} (it is {options.Durability}).");
        }

        return Result(problems);
    }

    /// <summary>The certificate must open with its password and hold its private key, or the key ring could not be read back.</summary>
    public ValidateOptionsResult Validate(string? name, KeyRingOptions options)
    {
        var problems = new List<string>();
        if (options.CertificatePath is not { Length: > 0 } path)
        {
            return Result(problems);
        }

        if (!File.Exists(path))
        {
            problems.Add($"{KeyRingOptions.SectionName}:CertificatePath: there is no certificate file at '{path}'.");
            return Result(problems);
        }

        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
            if (!certificate.HasPrivateKey)
            {
                problems.Add($"{KeyRingOptions.SectionName}:CertificatePath: '{path}' has no private key, so the keys could not be read back.");
            }
        }
        catch (CryptographicException e)
        {
            problems.Add($"{KeyRingOptions.SectionName}:CertificatePassword: '{path}' does not open with it ({e.Message.TrimEnd('.')}).");
        }

        return Result(problems);
    }

    private static ValidateOptionsResult Result(List<string> problems) =>
        problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
}
