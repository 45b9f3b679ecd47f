using SelligentPortal.Components.Pages.Records;
using SelligentPortal.Components.Shared;

namespace SelligentPortal.Tests.Web.Components.Shared;

public class PortalRoutesTests
{
    private static readonly Guid Acme = Guid.Parse("11111111-2222-3333-4444-555555555555");

    [Fact]
    public void CustomerPages_AreUnderTheCustomer()
    {
        Assert.Equal("customers/11111111-2222-3333-4444-555555555555", PortalRoutes.Customer(Acme));
        Assert.Equal($"customers/{Acme}/configuration/shadow", PortalRoutes.ShadowRun(Acme));
        Assert.Equal($"customers/{Acme}/events/42", PortalRoutes.EventDetail(Acme, 42));
        Assert.Equal($"customers/{Acme}/records", PortalRoutes.CustomerRecords(Acme));
    }

    [Fact]
    public void Records_EscapeWhatComesFromData()
    {
        Assert.Equal($"customers/{Acme}/records?tab=web%20clicks", PortalRoutes.CustomerRecords(Acme, "web clicks"));
        Assert.Equal($"customers/{Acme}/records/ids/a%2Fb%3Fc", PortalRoutes.IdsRecord(Acme, "a/b?c"));
        Assert.Equal($"customers/{Acme}/records/interactions/web%20clicks/e%231", PortalRoutes.InteractionRecord(Acme, "web clicks", "e#1"));
    }

    [Fact]
    public void RecordBreadcrumbs_LeadBackToTheRecordsTab()
    {
        Assert.Equal([$"customers/{Acme}/records", null], RecordBreadcrumbs.Trail(Acme, "IDS", "key-1").Select(s => s.Href));
        Assert.Equal([$"customers/{Acme}/records?tab=clicks", null], RecordBreadcrumbs.Trail(Acme, "clicks", "event-1").Select(s => s.Href));
    }
}
