using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace SelligentPortal.Tests.Web.Components.Configuration;

/// <summary>A bUnit context with what the configuration editors need (MudBlazor and a clock), no database.</summary>
public static class ConfigurationComponentContext
{
    public static BunitContext Create()
    {
        var ctx = new BunitContext();
        ctx.Services.AddMudServices();
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return ctx;
    }
}
