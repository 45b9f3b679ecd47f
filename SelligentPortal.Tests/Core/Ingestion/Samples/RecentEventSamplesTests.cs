using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Configuration.Examples;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Ingestion.Samples;

public class RecentEventSamplesTests
{
    [Fact]
    public async Task Samples_AfterEventsArrive_StartWithTheCustomersRecentEvents()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        var samples = scenario.Factory.Services.GetRequiredService<ISampleEventSource>();
        var before = await samples.GetSamplesAsync(scenario.CustomerId);

        await scenario.PostAsync("/v1/track", "{\"messageId\":\"t-1\",\"userId\":\"u\",\"event\":\"Plan Chosen\",\"properties\":{\"tier\":\"gold\"}}");
        var after = await samples.GetSamplesAsync(scenario.CustomerId);

        Assert.DoesNotContain(before, s => s.Name.StartsWith("Recent"));
        Assert.StartsWith("Recent track 'Plan Chosen'", after[0].Name);
        Assert.Contains("\"tier\":\"gold\"", after[0].Json);
        Assert.Equal(before.Count + 1, after.Count);
    }
}
