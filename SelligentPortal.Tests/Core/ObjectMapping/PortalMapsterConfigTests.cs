using Mapster;
using SelligentPortal.Core.Configuration.Approval;
using SelligentPortal.Core.Configuration.Fixtures;
using SelligentPortal.Core.Configuration.Outcomes;
using SelligentPortal.Core.Configuration.Versions;
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

    [Fact]
    public void Version_ToApiResponse_MapsEveryMember()
    {
        var summary = new VersionSummary(3, "fix", "Rita", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), 1, "Ada", 42, Urgent: true);

        var response = summary.Adapt<ConfigurationEndpoints.VersionResponse>(Config);

        Assert.Equal(new ConfigurationEndpoints.VersionResponse(3, "fix", "Rita", summary.PublishedAtUtc, 1, "Ada", 42, true), response);
    }

    [Theory]
    [InlineData(PublishRequestStatus.Pending, "The draft changed.", "pending", true)]
    [InlineData(PublishRequestStatus.Superseded, "The draft changed.", "superseded", false)]
    [InlineData(PublishRequestStatus.Approved, null, "approved", false)]
    public void PublishRequest_ToApiResponse_MapsEveryMember(PublishRequestStatus status, string? staleReason, string expectedStatus, bool stale)
    {
        var requestedAt = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var summary = new PublishRequestSummary(7, status, 4, 2, "note", "u1", "Rita", requestedAt, "Ada", requestedAt.AddHours(1), "ok", 3, staleReason);

        var response = summary.Adapt<PublishRequestEndpoints.PublishRequestResponse>(Config);

        Assert.Equal(new PublishRequestEndpoints.PublishRequestResponse(
            7, expectedStatus, stale, staleReason, 4, 2, "note", "Rita", requestedAt, "Ada", requestedAt.AddHours(1), "ok", 3), response);
    }

    [Fact]
    public void Fixture_ToApiResponse_MapsEveryMemberWithTheEventAndOutcomeAsJson()
    {
        var at = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var expected = new EventOutcome("failed", "no key", null, []);
        var fixture = new FixtureView(Guid.NewGuid(), "Signup", FixtureOrigins.Pasted, """{"type":"track","event":"Signup"}""", at,
            expected, "Rita", at.AddHours(1), "Ada", at.AddHours(2));

        var response = fixture.Adapt<FixtureEndpoints.FixtureResponse>(Config);

        Assert.Equal((fixture.Id, "Signup", FixtureOrigins.Pasted, at), (response.Id, response.Name, response.Origin, response.ReceivedAt));
        Assert.Equal("Signup", response.Event.GetProperty("event").GetString());
        Assert.Equal(expected.ToElement().GetRawText(), response.Expected.GetRawText());
        Assert.Equal(("Rita", at.AddHours(1), "Ada", at.AddHours(2)), (response.CreatedBy, response.CreatedAt, response.UpdatedBy, response.UpdatedAt));
    }

    [Fact]
    public void FixtureResult_ToApiResponse_MapsEveryMember()
    {
        var difference = new OutcomeDifference("status", null, null, "applied", "failed");
        var result = new FixtureResult(Guid.NewGuid(), "Signup", new EventOutcome("applied", null, null, []), new EventOutcome("failed", "no key", null, []), [difference]);

        var response = result.Adapt<FixtureEndpoints.FixtureResultResponse>(Config);

        Assert.Equal((result.Id, "Signup", false), (response.Id, response.Name, response.Passed));
        Assert.Equal("applied", response.Expected.GetProperty("status").GetString());
        Assert.Equal("no key", response.Actual.GetProperty("reason").GetString());
        Assert.Equal(difference, Assert.Single(response.Differences));
    }
}
