using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Customers;

namespace SelligentPortal.Tests.Web.Components.Shared;

public class CustomerBreadcrumbsTests
{
    private static readonly CustomerSummary Acme = new(Guid.Parse("11111111-2222-3333-4444-555555555555"), "Acme", CustomerStatus.Active, DateTime.UnixEpoch, []);

    [Fact]
    public void For_Staff_StartsAtTheCustomerListAndEndsDisabled()
    {
        var crumbs = CustomerBreadcrumbs.For(isStaff: true, Acme, ("Event log", $"customers/{Acme.Id}/events"), ("Event 7", null));

        Assert.Equal(["Customers", "Acme", "Event log", "Event 7"], crumbs.Select(c => c.Text));
        Assert.Equal(["customers", $"customers/{Acme.Id}", $"customers/{Acme.Id}/events", null], crumbs.Select(c => c.Href));
        Assert.Equal([false, false, false, true], crumbs.Select(c => c.Disabled));
    }

    [Fact]
    public void For_CustomerUser_StartsAtTheirCustomer()
    {
        var crumbs = CustomerBreadcrumbs.For(isStaff: false, Acme, ("Records", null));

        Assert.Equal(["Acme", "Records"], crumbs.Select(c => c.Text));
        Assert.True(crumbs[^1].Disabled);
    }

    [Fact]
    public void For_NoTrail_TheCustomerIsTheCurrentPage()
    {
        var crumbs = CustomerBreadcrumbs.For(isStaff: true, Acme);

        Assert.Equal(["Customers", "Acme"], crumbs.Select(c => c.Text));
        Assert.True(crumbs[^1].Disabled);
        Assert.Null(crumbs[^1].Href);
    }
}
