using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Dashboard;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Dashboard;

/// <summary>The dashboard's figures, per role: each caller sees exactly their customers' traffic.</summary>
public class DashboardQueriesTests : IAsyncLifetime
{
    private IngestionScenario _scenario = default!;
    private Guid _globex;

    public async ValueTask InitializeAsync()
    {
        _scenario = await IngestionScenario.CreateAsync();
        var globex = await _scenario.AddCustomerAsync("Globex");
        _globex = globex.CustomerId;
        await _scenario.PostBatchAsync(null,
            SegmentEvents.Identify("a-1", "u-1"), SegmentEvents.Identify("a-2", "u-2"), SegmentEvents.BadEmail("f-1", "u-3"));
        await _scenario.PostBatchAsync(globex.Key,
            SegmentEvents.BadEmail("g-1", "u-1"), SegmentEvents.BadEmail("g-2", "u-2"), SegmentEvents.Page("g-3", "u-3"));
        await _scenario.Factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, _scenario.CustomerId);
        await _scenario.Factory.CreateUserAsync("idle-rm@example.com", PortalRoles.RelationshipManager);
        await _scenario.Factory.CreateUserAsync("globex@example.com", PortalRoles.Customer, _globex);
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    private async Task<Outcome<DashboardView>> DashboardOfAsync(string email, Guid? customerId = null)
    {
        var caller = await _scenario.Factory.CallerOfAsync(await _scenario.Factory.FindUserAsync(email));
        return await _scenario.Factory.Services.GetRequiredService<DashboardQueries>().GetAsync(caller, customerId);
    }

    [Fact]
    public async Task Dashboard_Admin_SeesEveryCustomerSummed()
    {
        var view = (await DashboardOfAsync("admin@example.com")).Value!;

        Assert.Equal(60, view.LastHour.Count);
        Assert.Equal(96, view.LastDay.Count);
        Assert.Equal((6, 2, 3, 1), (view.HourTotals.Accepted, view.HourTotals.Applied, view.HourTotals.Failed, view.HourTotals.Skipped));
        Assert.Equal(6, view.DayTotals.Accepted);
        Assert.Equal(6, view.LastHour.Sum(p => p.Accepted));
        Assert.Equal(2, view.HourTotals.Requests);
        Assert.NotNull(view.HourTotals.LatencyAvgMs);
        Assert.False(view.IsEmpty);
        var top = view.TopFailureReasons[0];
        Assert.Equal((_globex, "Globex", 2), (top.CustomerId, top.CustomerName, top.Count));
        Assert.Contains("email_address", top.Reason);
        Assert.Equal(2, view.TopFailureReasons.Count);
    }

    [Fact]
    public async Task Dashboard_OneCustomer_OnlyItsFigures()
    {
        var view = (await DashboardOfAsync("admin@example.com", _scenario.CustomerId)).Value!;

        Assert.Equal((3, 2, 1), (view.DayTotals.Accepted, view.DayTotals.Applied, view.DayTotals.Failed));
        Assert.All(view.TopFailureReasons, r => Assert.Equal(_scenario.CustomerId, r.CustomerId));
    }

    [Fact]
    public async Task Dashboard_RelationshipManager_SeesOnlyAssignedCustomers()
    {
        var view = (await DashboardOfAsync("rm@example.com")).Value!;

        Assert.Equal(3, view.DayTotals.Accepted);
        Assert.All(view.TopFailureReasons, r => Assert.Equal(_scenario.CustomerId, r.CustomerId));
        Assert.Equal(OutcomeStatus.NotFound, (await DashboardOfAsync("rm@example.com", _globex)).Status);
    }

    [Fact]
    public async Task Dashboard_CustomerUser_SeesOwnCustomerOnly()
    {
        var view = (await DashboardOfAsync("globex@example.com")).Value!;

        Assert.Equal((3, 0, 2, 1), (view.DayTotals.Accepted, view.DayTotals.Applied, view.DayTotals.Failed, view.DayTotals.Skipped));
        Assert.All(view.TopFailureReasons, r => Assert.Equal(_globex, r.CustomerId));
        Assert.Equal(OutcomeStatus.NotFound, (await DashboardOfAsync("globex@example.com", _scenario.CustomerId)).Status);
    }

    [Fact]
    public async Task Dashboard_UnassignedRelationshipManager_SeesNothing()
    {
        var view = (await DashboardOfAsync("idle-rm@example.com")).Value!;

        Assert.True(view.IsEmpty);
        Assert.Empty(view.TopFailureReasons);
    }
}
