using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using SelligentPortal.Core.ApiTokens;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Tenancy;
using SelligentPortal.Core.Users;

namespace SelligentPortal.Hosting;

internal static class IdentityHosting
{
    public const string ApiPolicy = "ManagementApi";

    public static void AddPortalIdentity(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddScheme<ApiTokenAuthenticationOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        services.AddIdentityCore<PortalUser>(options =>
            {
                // "Confirmed" means "not disabled by an Admin": see EnabledUserConfirmation.
                options.SignIn.RequireConfirmedAccount = true;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
        services.AddScoped<IUserConfirmation<PortalUser>, EnabledUserConfirmation>();
        // Invitation links stay valid long enough to reach someone on holiday.
        services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = TimeSpan.FromDays(7));
        // A disabled user's cookie, and their open circuits (RevalidatingIdentityStateProvider), stop working within a minute.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/Account/Login";
            options.AccessDeniedPath = "/Account/AccessDenied";
            options.Cookie.Name = "SelligentPortal.Auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            // Secure (the default SameAsRequest) whenever the request came over https, directly or
            // through a proxy (Hosting:BehindProxy).
            // A download answers 401 when signed out: a redirect would save the sign-in page as the CSV file.
            // Routing has run by now, so the endpoint says whether it is one.
            var redirectToLogin = options.Events.OnRedirectToLogin;
            options.Events.OnRedirectToLogin = context =>
            {
                if (context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Endpoints.ExportEndpoints.DownloadMetadata>() is null)
                {
                    return redirectToLogin(context);
                }

                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return context.Response.WriteAsync("Sign in to the portal to download this export.", context.HttpContext.RequestAborted);
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());

        services.AddSingleton<SetupState>();
        services.AddScoped<FirstRunSetup>();
        services.AddSingleton<UserAdministration>();
        services.AddScoped<DisabledAccountSignIn>();
        services.AddSingleton<CallerResolver>();
        services.AddSingleton<ApiTokenService>();
        services.AddScoped<CurrentCaller>();
    }
}

/// <summary>Lets Identity refuse sign-in to accounts an Admin disabled.</summary>
internal sealed class EnabledUserConfirmation : IUserConfirmation<PortalUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<PortalUser> manager, PortalUser user) => Task.FromResult(!user.IsDisabled);
}
