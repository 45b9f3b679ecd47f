using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using SelligentPortal.Core.Options;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Users;

namespace SelligentPortal.Hosting;

internal static class PersistenceHosting
{
    public static void AddPortalPersistence(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PortalOptionsValidator>();
        services.AddSingleton<IValidateOptions<DatabaseOptions>>(sp => sp.GetRequiredService<PortalOptionsValidator>());
        services.AddSingleton<IValidateOptions<BootstrapOptions>>(sp => sp.GetRequiredService<PortalOptionsValidator>());
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateOnStart();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.SectionName).ValidateOnStart();

        // The engine is chosen now, before the host is built: its services differ.
        var database = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddPortalStorage(database, builder.Environment.ContentRootPath);
        services.AddSingleton(TimeProvider.System);

        // Keys in the database: sign-ins survive restarts and are shared by every instance.
        var dataProtection = services.AddDataProtection()
            .SetApplicationName("SelligentPortal")
            .PersistKeysToDbContext<PortalDbContext>();
        if (builder.Configuration["DataProtection:CertificatePath"] is { Length: > 0 } certificatePath)
        {
            // Encrypted with a certificate kept outside the database, a copy of the database alone
            // reveals no signing secret and forges no sign-in cookie.
            dataProtection.ProtectKeysWithCertificate(LoadCertificate(builder, certificatePath));
        }

        services.AddHealthChecks().AddDbContextCheck<PortalDbContext>("database", tags: ["ready"]);
    }

    /// <summary>Migrates the database, then creates the first Admin from configuration if asked to.</summary>
    public static async Task InitializePortalDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var engine = services.GetRequiredService<IStorageEngine>();
        await engine.InitializeAsync(CancellationToken.None);
        app.Logger.LogInformation("Database: {Provider}, migrated", engine.Name);

        var setup = services.GetRequiredService<FirstRunSetup>();
        // Instances starting together take turns: one creates the roles and the first Admin, the others find them.
        await using var turn = await setup.LockAsync();
        await setup.EnsureRolesAsync();
        if (await setup.RefreshAsync())
        {
            return;
        }

        var bootstrap = services.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        if (bootstrap.IsConfigured)
        {
            var outcome = await setup.CreateFirstAdminAsync(bootstrap.AdminEmail, bootstrap.AdminPassword, null, bootstrap.GivenApiToken, locked: true);
            if (!outcome.IsOk)
            {
                throw new InvalidOperationException(
                    $"Bootstrap:AdminEmail/AdminPassword could not create the first Admin: {string.Join(" ", outcome.Problems)}");
            }

            app.Logger.LogInformation("Created the first Admin {Email} from configuration", bootstrap.AdminEmail);
        }
        else
        {
            app.Logger.LogWarning("No Admin exists yet: open /setup to create the first one");
        }
    }

    private static X509Certificate2 LoadCertificate(WebApplicationBuilder builder, string path)
    {
        var file = Path.IsPathRooted(path) ? path : Path.Combine(builder.Environment.ContentRootPath, path);
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"DataProtection:CertificatePath: there is no certificate file at '{file}'.");
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(file, builder.Configuration["DataProtection:CertificatePassword"]);
        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"DataProtection:CertificatePath: '{file}' has no private key, so the keys could not be read back.");
    }
}
