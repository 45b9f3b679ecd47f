using System.Net;
using System.Text.RegularExpressions;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Pages;

/// <summary>The dashboard page as the server renders it: figures and charts, within the caller's scope.</summary>
public class DashboardPageTests : IAsyncLifetime
{
    private IngestionScenario _scenario = default!;

    public async ValueTask InitializeAsync()
    {
        _scenario = await IngestionScenario.CreateAsync();
        var globex = await _scenario.AddCustomerAsync("Globex");
        await _scenario.PostBatchAsync(null, SegmentEvents.Identify("a-1", "u-1"), SegmentEvents.Identify("a-2", "u-2"), SegmentEvents.BadEmail("f-1", "u-3"));
        await _scenario.PostBatchAsync(globex.Key, SegmentEvents.Identify("g-1", "u-1"));
        await _scenario.Factory.CreateUserAsync("globex@example.com", PortalRoles.Customer, globex.CustomerId);
        await _scenario.Factory.CreateUserAsync("new-rm@example.com", PortalRoles.RelationshipManager);
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    private async Task<string> DashboardHtmlAsync(string email)
    {
        var client = await _scenario.Factory.SignedInClientAsync(email);
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Figure(string html, string testId) => FigurePattern(testId).Match(html) is { Success: true } m ? m.Groups[1].Value.Trim() : "(missing)";

    private static Regex FigurePattern(string testId) => new($"data-testid=\"{testId}\"[^>]*>([^<]*)<");

    [Fact]
    public async Task Dashboard_Admin_ChartsAndFiguresOfAllCustomers()
    {
        var html = await DashboardHtmlAsync("admin@example.com");

        Assert.Equal("4", Figure(html, "hour-accepted"));
        Assert.Equal("3", Figure(html, "hour-applied"));
        Assert.Equal("1", Figure(html, "hour-failed"));
        // Counted on arrival, unlike the failures page (what still fails): the label says which.
        Assert.Contains("Failed on arrival, last hour", html, StringComparison.Ordinal);
        Assert.Contains("counted on arrival, so replays do not lower it", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"chart-hour\"", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("Events per minute", html, StringComparison.Ordinal);
        Assert.Contains($"customers/{_scenario.CustomerId}/failures", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Not built yet", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_CustomerUser_OnlyOwnCustomer()
    {
        var html = await DashboardHtmlAsync("globex@example.com");

        Assert.Equal("Globex", Figure(html, "customer-name"));
        Assert.Equal("1", Figure(html, "hour-accepted"));
        Assert.Equal("0", Figure(html, "hour-failed"));
        Assert.DoesNotContain("customer-select", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Acme", html, StringComparison.Ordinal);
        Assert.DoesNotContain("email_address", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_NoTraffic_EmptyState()
    {
        var html = await DashboardHtmlAsync("new-rm@example.com");

        Assert.Contains("data-testid=\"dashboard-empty\"", html, StringComparison.Ordinal);
        Assert.Contains("You have no customers assigned yet.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"chart-hour\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_AdminWithoutCustomers_SaysToCreateOne()
    {
        await using var factory = new PortalFactory();
        await factory.CreateAdminAsync();
        var client = await factory.SignedInClientAsync("admin@example.com");

        var html = await client.GetStringAsync("/");

        Assert.Contains("There are no customers yet: create one on the Customers page.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("assigned", html, StringComparison.Ordinal);
    }
}
