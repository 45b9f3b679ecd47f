using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SelligentPortal.Core.Users;
using SelligentPortal.Hosting;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// A bUnit context whose components read a real portal's database as a signed-in user: MudBlazor, the
/// user's claims, and the portal's own singletons (queries and services) for the types asked for.
/// </summary>
public static class PortalComponentContext
{
    public static BunitContext Create(PortalFactory factory, PortalUser user, string role, params Type[] services)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(TimeProvider.System);
        foreach (var type in services.Append(typeof(SelligentPortal.Core.Tenancy.CallerResolver)).Append(typeof(SelligentPortal.Core.Ingestion.Notifications.CommitNotifications)))
        {
            ctx.Services.AddSingleton(type, factory.Services.GetRequiredService(type));
        }

        ctx.Services.AddScoped<CurrentCaller>();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        var authorization = ctx.AddAuthorization();
        authorization.SetAuthorized(user.Email!);
        authorization.SetRoles(role);
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, user.Id));
        ctx.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return ctx;
    }
}
