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
        var keyRing = KeyRingOptionsOf(builder);
        if (keyRing.IsEncrypted)
        {
            // Encrypted with a certificate kept outside the database, a copy of the database alone
            // reveals no signing secret and forges no sign-in cookie.
            dataProtection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(keyRing.CertificatePath!, keyRing.CertificatePassword));
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

    /// <summary>
    /// The key ring's settings, checked now rather than on start: the certificate is needed while the
    /// services are set up, and a bad one should stop the app with one line, not a stack trace.
    /// </summary>
    private static KeyRingOptions KeyRingOptionsOf(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(KeyRingOptions.SectionName).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (options.IsEncrypted)
        {
            options.CertificatePath = Path.Combine(builder.Environment.ContentRootPath, options.CertificatePath!);
        }

        var validation = new PortalOptionsValidator().Validate(null, options);
        return validation.Failed ? throw new PortalStartupException(string.Join(" ", validation.Failures!)) : options;
    }
}
