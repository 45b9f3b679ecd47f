using Mapster;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.ObjectMapping;
using SelligentPortal.Endpoints;

namespace SelligentPortal.Tests.Core.ObjectMapping;

public class PortalMapsterConfigTests
{
    private static readonly TypeAdapterConfig Config = PortalMapsterConfig.Create(typeof(CustomerEndpoints).Assembly);

    [Fact]
    public void Config_WholeApp_Compiles() => Config.Compile();

    [Fact]
    public void Customer_ToApiResponse_MapsEveryMember()
    {
        var summary = new CustomerSummary(Guid.NewGuid(), "Acme", CustomerStatus.Suspended, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            [new AssignedManager("u1", "Rita")]);

        var response = summary.Adapt<CustomerEndpoints.CustomerResponse>(Config);

        Assert.Equal(summary.Id, response.Id);
        Assert.Equal("Acme", response.Name);
        Assert.Equal("Suspended", response.Status);
        Assert.Equal(summary.CreatedAtUtc, response.CreatedAt);
        Assert.Equal("Rita", Assert.Single(response.RelationshipManagers).Name);
    }
}
