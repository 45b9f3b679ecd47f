using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace SelligentPortal.Tests.Web.Components.Configuration;

/// <summary>A bUnit context with what the configuration editors need (MudBlazor and a clock), no database.</summary>
public static class ConfigurationComponentContext
{
    /// <param name="services">More services, registered before the renderer is set up (bUnit refuses them afterwards).</param>
    public static BunitContext Create(Action<IServiceCollection>? services = null)
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(TimeProvider.System);
        services?.Invoke(ctx.Services);
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        return ctx;
    }
}
