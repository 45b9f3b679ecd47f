using Bunit;
using SelligentPortal.Components.Layout;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Components;

public class NavMenuTests
{
    private static async Task<IReadOnlyList<string>> VisibleEntriesAsync(string? role)
    {
        await using var ctx = PortalComponentContext.SignedInWithoutDatabase("someone@example.com", role);
        var cut = ctx.Render<NavMenu>();
        return cut.FindAll("[data-testid^=nav-]")
            .Select(e => e.GetAttribute("data-testid")!)
            .Where(id => id != "nav-menu")
            .Distinct()
            .ToList();
    }

    [Fact]
    public async Task NavMenu_Admin_ShowsAdministration()
    {
        var entries = await VisibleEntriesAsync(PortalRoles.Admin);

        Assert.Contains("nav-customers", entries);
        Assert.Contains("nav-users", entries);
        Assert.Contains("nav-audit", entries);
        Assert.DoesNotContain("nav-my-customer", entries);
    }

    [Fact]
    public async Task NavMenu_RelationshipManager_ShowsCustomersButNoAdministration()
    {
        var entries = await VisibleEntriesAsync(PortalRoles.RelationshipManager);

        Assert.Contains("nav-customers", entries);
        Assert.Contains("nav-audit", entries);
        Assert.DoesNotContain("nav-users", entries);
        Assert.DoesNotContain("nav-admin", entries);
    }

    [Fact]
    public async Task NavMenu_Customer_ShowsOnlyOwnAccount()
    {
        var entries = await VisibleEntriesAsync(PortalRoles.Customer);

        Assert.Equal(["nav-dashboard", "nav-my-customer", "nav-my-records", "nav-my-events", "nav-my-failures", "nav-api-tokens"], entries);
    }
}
