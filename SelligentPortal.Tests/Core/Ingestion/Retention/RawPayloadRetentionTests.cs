using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SelligentPortal.Core.Ingestion.Retention;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Ingestion.Retention;

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

        var received = (await scenario.EventsAsync()).Select(e => new DateTimeOffset(e.ReceivedAtUtc, TimeSpan.Zero)).ToList();
        // Its own clock, so the purge sees the events at the age the test sets (the app's clock and hourly job stay real).
        var clock = new FakeTimeProvider(received.Min());
        var retention = new RawPayloadRetention(scenario.Factory.Services.GetRequiredService<PortalDbFactory>(), clock);

        clock.Advance(TimeSpan.FromDays(30));
        var nothing = await retention.PurgeAsync(TimeSpan.FromDays(30), CancellationToken.None);
        // A microsecond: the finest step every engine stores and compares times in.
        clock.SetUtcNow(received.Max() + TimeSpan.FromDays(30) + TimeSpan.FromMicroseconds(1));
        var everything = await retention.PurgeAsync(TimeSpan.FromDays(30), CancellationToken.None);

        Assert.Equal(0, nothing);
        Assert.Equal(5, everything);
        var events = await scenario.EventsAsync();
        Assert.Equal(5, events.Count);
        Assert.All(events, e => Assert.Null(e.RawPayload));
        Assert.All(events, e => Assert.Equal(EventStatus.Applied, e.Status));
    }
}
