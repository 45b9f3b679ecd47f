using System.Net;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Pages;

public class CustomerOverviewPageTests
{
    [Fact]
    public async Task Overview_AfterEvents_ShowsVersionLastEventFailuresAndCounts()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        await scenario.PostAsync("/v1/identify", "{\"messageId\":\"ok\",\"userId\":\"u1\",\"traits\":{\"email\":\"a@example.com\"}}");
        await scenario.PostAsync("/v1/identify", "{\"messageId\":\"bad\",\"userId\":\"u2\",\"traits\":{\"email\":\"nope\"}}");
        var client = await scenario.Factory.SignedInClientAsync("admin@example.com");

        var response = await client.GetAsync($"/customers/{scenario.CustomerId}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("data-testid=\"activity-version\"[^>]*>\\s*Version 1", html);
        Assert.Matches("data-testid=\"activity-failed\"[^>]*>\\s*1\\s*<", html);
        Assert.Matches("data-testid=\"activity-records\"[^>]*>1<", html);
        Assert.Matches("data-testid=\"activity-sources\"[^>]*>1 · 1<", html);
        Assert.DoesNotMatch("data-testid=\"activity-last-event\"[^>]*>\\s*None yet", html);
    }
}
