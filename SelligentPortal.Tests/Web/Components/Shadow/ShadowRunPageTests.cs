using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Components.Pages.Shadow;
using SelligentPortal.Core.Configuration.Shadow;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Components.Shadow;

/// <summary>The shadow page over a real portal, as the customer's Relationship Manager.</summary>
public class ShadowRunPageTests
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(20);

    private static async Task<(IngestionScenario Scenario, PortalUser Manager)> ScenarioAsync()
    {
        var scenario = await IngestionScenario.CreateAsync();
        var rm = await scenario.Factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, scenario.CustomerId);
        var saved = await scenario.Factory.Services.GetRequiredService<ConfigurationService>()
            .SaveDraftAsync(IngestionScenario.System, scenario.CustomerId, ShadowDrafts.FirstNameFromNickname(), null);
        Assert.True(saved.IsOk);
        return (scenario, rm);
    }

    private static string Identify(int i) => JsonSerializer.Serialize(new
    {
        type = "identify", messageId = $"id-{i}", userId = $"u-{i}", traits = new { email = $"ann{i}@example.com", firstName = "Ann", nickname = $"Annie {i}" },
    });

    [Fact]
    public async Task ShadowRunPage_StartSendAndStop_ShowsTheRunsFindingsLive()
    {
        var (scenario, rm) = await ScenarioAsync();
        await using var _ = scenario;
        await using var ctx = PortalComponentContext.SignedIn(scenario.Factory, rm, PortalRoles.RelationshipManager,
            typeof(CustomerService), typeof(ConfigurationService), typeof(ShadowRunService));
        var cut = ctx.Render<ShadowRunPage>(p => p.Add(s => s.CustomerId, scenario.CustomerId));
        cut.WaitForAssertion(() => Assert.Contains("revision 2", cut.Find("[data-testid=shadow-start-what]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=shadow-status]"));

        // No period and no count: refused with the reason, nothing started.
        cut.Find("[data-testid=shadow-days] input, input[data-testid=shadow-days]").Change("");
        cut.Find("button[data-testid=shadow-start-button]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Give a period", cut.Find("[data-testid=shadow-start-problems]").TextContent, StringComparison.Ordinal));

        cut.Find("[data-testid=shadow-hours] input, input[data-testid=shadow-hours]").Change("6");
        cut.Find("button[data-testid=shadow-start-button]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Running", cut.Find("[data-testid=shadow-state]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=shadow-start]"));
        Assert.Contains("revision 2 against live version 1", cut.Find("[data-testid=shadow-draft]").TextContent, StringComparison.Ordinal);

        await scenario.PostBatchAsync(null, Identify(1), Identify(2), SegmentEvents.Page("p-1", "u-1"));

        // The page reads the run again every two seconds.
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=shadow-compared]").TextContent), Live);
        Assert.Equal("2", cut.Find("[data-testid=shadow-changed]").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=shadow-unchanged]").TextContent);
        var field = cut.Find("[data-testid=shadow-field][data-field='CUSTOMERS.first_name']");
        Assert.Equal("2", field.QuerySelector("[data-testid=shadow-field-count]")!.TextContent);
        Assert.Contains("\"Ann\" → \"Annie 1\"", field.QuerySelector("[data-testid=shadow-field-example]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, cut.FindAll("[data-testid=shadow-sample]").Count);
        Assert.Contains("live applied → draft applied", cut.Find("[data-testid=shadow-sample-status]").TextContent, StringComparison.Ordinal);
        Assert.Equal($"customers/{scenario.CustomerId}/events?messageId=id-1", cut.Find("[data-testid=shadow-sample-link]").GetAttribute("href"));

        cut.Find("button[data-testid=shadow-stop]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Ended", cut.Find("[data-testid=shadow-state]").TextContent.Trim()));
        Assert.Contains("it was stopped", cut.Find("[data-testid=shadow-ended]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=shadow-start]"));
        Assert.Equal("3", cut.Find("[data-testid=shadow-compared]").TextContent);
    }
}
