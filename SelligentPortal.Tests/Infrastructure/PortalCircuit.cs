using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SelligentPortal.Core.Tenancy;
using SelligentPortal.Core.Users;
using SelligentPortal.Hosting;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// A bUnit context that stands for a live interactive circuit of a signed-in user: components get the
/// real app's services (a <see cref="PortalFactory"/>'s database and Core services) and that user's
/// authentication state, so what a component loads is what the user's scope lets it load.
/// </summary>
public static class PortalCircuit
{
    public static BunitContext For(PortalFactory factory, PortalUser user)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        // Per circuit in the app: resolved here so it reads this context's authentication state.
        ctx.Services.AddScoped(services => new CurrentCaller(
            services.GetRequiredService<AuthenticationStateProvider>(), factory.Services.GetRequiredService<CallerResolver>()));
        ctx.Services.AddFallbackServiceProvider(factory.Services);
        var authorization = ctx.AddAuthorization();
        authorization.SetAuthorized(user.Email!);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id));
        return ctx;
    }
}
