using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SelligentPortal.Core.Ingestion.Notifications;
using SelligentPortal.Core.Tenancy;
using SelligentPortal.Core.Users;
using SelligentPortal.Hosting;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// The one way component tests build a bUnit context. Every context has MudBlazor and loose JS interop;
/// each factory method adds what its kind of test needs, from no database at all to a signed-in
/// user's live circuit against a <see cref="PortalFactory"/>. Services are registered before the
/// renderer is set up (bUnit refuses them afterwards).
/// </summary>
public static class PortalComponentContext
{
    /// <summary>No database and nobody signed in: MudBlazor, a clock and an interactive Server renderer.</summary>
    /// <param name="services">More services, registered before the renderer is set up.</param>
    public static BunitContext WithoutDatabase(Action<IServiceCollection>? services = null)
    {
        var ctx = Start();
        ctx.Services.AddSingleton(TimeProvider.System);
        services?.Invoke(ctx.Services);
        ctx.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return ctx;
    }

    /// <summary>No database, signed in as <paramref name="email"/> with <paramref name="role"/> (none when null): for layout and navigation.</summary>
    public static BunitContext SignedInWithoutDatabase(string email, string? role)
    {
        var ctx = Start();
        SignIn(ctx, email, role, userId: null);
        return ctx;
    }

    /// <summary>
    /// A real portal's database read as a signed-in user, on an interactive Server renderer: the user's
    /// claims and role, a <see cref="CurrentCaller"/>, and the portal's own singletons (queries and
    /// services) for the types asked for, beside its caller resolver and commit notifications.
    /// Anything else a component asks for is missing, as in a unit test.
    /// </summary>
    public static BunitContext SignedIn(PortalFactory factory, PortalUser user, string role, params Type[] services)
    {
        var ctx = Start();
        ctx.Services.AddSingleton(TimeProvider.System);
        foreach (var type in services.Append(typeof(CallerResolver)).Append(typeof(CommitNotifications)))
        {
            ctx.Services.AddSingleton(type, factory.Services.GetRequiredService(type));
        }

        ctx.Services.AddScoped<CurrentCaller>();
        SignIn(ctx, user.Email!, role, user.Id);
        ctx.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return ctx;
    }

    /// <summary>
    /// A live interactive circuit of a signed-in user: components get the whole app's services (a
    /// <see cref="PortalFactory"/>'s database, clock and Core services) and that user's authentication
    /// state, so what a component loads is what the user's scope lets it load.
    /// </summary>
    public static BunitContext Circuit(PortalFactory factory, PortalUser user)
    {
        var ctx = Start();
        // Per circuit in the app: resolved here so it reads this context's authentication state.
        ctx.Services.AddScoped(services => new CurrentCaller(
            services.GetRequiredService<AuthenticationStateProvider>(), factory.Services.GetRequiredService<CallerResolver>()));
        ctx.Services.AddFallbackServiceProvider(factory.Services);
        SignIn(ctx, user.Email!, role: null, user.Id);
        return ctx;
    }

    private static BunitContext Start()
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return ctx;
    }

    private static void SignIn(BunitContext ctx, string email, string? role, string? userId)
    {
        var authorization = ctx.AddAuthorization();
        authorization.SetAuthorized(email);
        if (role is not null)
        {
            authorization.SetRoles(role);
        }

        if (userId is not null)
        {
            authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
        }
    }
}
