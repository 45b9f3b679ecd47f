using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SelligentPortal.Components.Pages.Sources;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Sources;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Components.Sources;

/// <summary>The sources page over a real database, as the customer's Relationship Manager.</summary>
public class SourcesPageTests
{
    [Fact]
    public async Task SourcesPage_ManagerMarksSourceServerSide_AsksFirstThenSavesAndDeletesAreCarriedOut()
    {
        await using var scenario = await IngestionScenario.CreateAsync(publish: false);
        var rm = await scenario.Factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, scenario.CustomerId);
        await using var ctx = PortalComponentContext.SignedIn(scenario.Factory, rm, PortalRoles.RelationshipManager, typeof(CustomerService), typeof(SourceService));
        var dialogs = ctx.Render<MudDialogProvider>();
        var cut = ctx.Render<SourcesPage>(p => p.Add(s => s.CustomerId, scenario.CustomerId));
        cut.WaitForAssertion(() => Assert.StartsWith("Refused:", cut.Find("[data-testid=deletion-status]").TextContent, StringComparison.Ordinal));

        // Cancelled: nothing changes.
        cut.Find("button[data-testid=server-side-toggle]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("never in a web page or an app", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal));
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.False(await IsServerSideAsync(scenario));

        // Confirmed: saved, and the card says deletes are now carried out.
        cut.Find("button[data-testid=server-side-toggle]").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Mark as server-side").Click());
        cut.WaitForAssertion(() => Assert.StartsWith("Carried out: this source is server-side", cut.Find("[data-testid=deletion-status]").TextContent, StringComparison.Ordinal));
        Assert.True(await IsServerSideAsync(scenario));

        // Unmarking needs no question: it only takes a power away.
        cut.Find("button[data-testid=server-side-toggle]").Click();
        cut.WaitForAssertion(() => Assert.StartsWith("Refused:", cut.Find("[data-testid=deletion-status]").TextContent, StringComparison.Ordinal));
        Assert.Empty(dialogs.FindAll(".mud-dialog"));
        Assert.False(await IsServerSideAsync(scenario));
    }

    [Fact]
    public async Task SourcesPage_CustomerUser_SeesWhetherDeletesAreAcceptedWithoutTheControl()
    {
        await using var scenario = await IngestionScenario.CreateAsync(publish: false);
        await scenario.MarkServerSideAsync();
        var user = await scenario.Factory.CreateUserAsync("user@acme.example", PortalRoles.Customer, scenario.CustomerId);
        await using var ctx = PortalComponentContext.SignedIn(scenario.Factory, user, PortalRoles.Customer, typeof(CustomerService), typeof(SourceService));

        var cut = ctx.Render<SourcesPage>(p => p.Add(s => s.CustomerId, scenario.CustomerId));

        cut.WaitForAssertion(() => Assert.StartsWith("Carried out: this source is server-side", cut.Find("[data-testid=deletion-status]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=server-side-toggle]"));
    }

    private static async Task<bool> IsServerSideAsync(IngestionScenario scenario) =>
        (await scenario.Sources.ListAsync(IngestionScenario.System, scenario.CustomerId)).Value!.Single(s => s.Id == scenario.SourceId).IsServerSide;
}
