using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web;

public class RawPayloadRetentionTests
{
    [Fact]
    public async Task Purge_PastRetention_DropsPayloadsKeepsTheLog()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        for (var i = 0; i < 5; i++)
        {
            await scenario.PostAsync("/v1/track", $"{{\"messageId\":\"t-{i}\",\"userId\":\"u\",\"event\":\"E\"}}");
        }

        var retention = scenario.Factory.Services.GetRequiredService<RawPayloadRetention>();

        var nothing = await retention.PurgeAsync(TimeSpan.FromDays(30), CancellationToken.None);
        await Task.Delay(20);
        var everything = await retention.PurgeAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.Equal(0, nothing);
        Assert.Equal(5, everything);
        var events = await scenario.EventsAsync();
        Assert.Equal(5, events.Count);
        Assert.All(events, e => Assert.Null(e.RawPayload));
        Assert.All(events, e => Assert.Equal(EventStatus.Applied, e.Status));
    }
}
