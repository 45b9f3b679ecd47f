using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SelligentPortal.Components.Shared;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Components.Shared;

public class UnsavedChangesGuardTests
{
    [Fact]
    public async Task Guard_UnsavedChanges_AsksBeforeInAppNavigationAndStays()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/customers/1/configuration");
        ctx.Render<UnsavedChangesGuard>(p => p.Add(g => g.HasUnsavedChanges, true).Add(g => g.What, "Your changes to the mapping"));

        var leaving = provider.InvokeAsync(() => navigation.NavigateTo("/customers"));
        provider.WaitForAssertion(() => Assert.Contains("Your changes to the mapping are not saved", provider.Find(".mud-dialog").TextContent));
        provider.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Stay on this page").Click();
        await leaving;

        Assert.Equal(NavigationState.Prevented, await OutcomeAsync(navigation, "/customers"));
        Assert.Equal("http://localhost/customers/1/configuration", navigation.Uri);
    }

    [Fact]
    public async Task Guard_UnsavedChanges_LeavesWhenTheUserSaysSo()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        ctx.Render<UnsavedChangesGuard>(p => p.Add(g => g.HasUnsavedChanges, true));

        var leaving = provider.InvokeAsync(() => navigation.NavigateTo("/customers"));
        provider.WaitForAssertion(() => Assert.Contains("Your changes are not saved", provider.Find(".mud-dialog").TextContent));
        Assert.DoesNotContain(((BunitNavigationManager)navigation).History, h => h.Uri == "/customers");
        provider.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Leave without saving").Click();
        await leaving;

        Assert.Equal(NavigationState.Succeeded, await OutcomeAsync(navigation, "/customers"));
    }

    [Fact]
    public async Task Guard_NothingUnsaved_NavigatesWithoutAsking()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();
        var navigation = ctx.Services.GetRequiredService<NavigationManager>();
        ctx.Render<UnsavedChangesGuard>(p => p.Add(g => g.HasUnsavedChanges, false));

        await provider.InvokeAsync(() => navigation.NavigateTo("/customers"));

        Assert.Equal("http://localhost/customers", navigation.Uri);
        Assert.Empty(provider.FindAll(".mud-dialog"));
    }

    [Fact]
    public async Task Guard_UnsavedChanges_TheBrowserAsksOnReloadOrClose()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();

        var cut = ctx.Render<UnsavedChangesGuard>(p => p.Add(g => g.HasUnsavedChanges, true));

        Assert.True(cut.FindComponent<Microsoft.AspNetCore.Components.Routing.NavigationLock>().Instance.ConfirmExternalNavigation);
        cut.Render(p => p.Add(g => g.HasUnsavedChanges, false));
        Assert.False(cut.FindComponent<Microsoft.AspNetCore.Components.Routing.NavigationLock>().Instance.ConfirmExternalNavigation);
    }

    /// <summary>How a navigation ended, once the guard's question is answered (bUnit finishes it on the renderer's queue).</summary>
    private static async Task<NavigationState> OutcomeAsync(NavigationManager navigation, string uri)
    {
        var history = ((BunitNavigationManager)navigation).History;
        for (var i = 0; i < 500; i++)
        {
            if (Outcome() is { } state)
            {
                return state;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"No navigation to {uri} ended within 5 seconds.");

        // bUnit pushes onto the history (a plain Stack) from whichever thread finishes the navigation,
        // even off the renderer's dispatcher: a read that meets a push is retried, not trusted.
        NavigationState? Outcome()
        {
            try
            {
                return history.ToArray().FirstOrDefault(h => h?.Uri == uri)?.State;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
            {
                return null;
            }
        }
    }
}
