using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Options;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Hosting;

/// <summary>
/// PRODUCT.md section 8 and the README's Retention bullet: raw payloads are kept 30 days by default, and
/// the app's own hourly job purges them, run here on a fake clock.
/// </summary>
public class RawPayloadPurgeScheduleTests
{
    private static async Task<string?> PayloadAsync(IngestionScenario scenario, string messageId) =>
        (await scenario.EventsAsync()).Single(e => e.MessageId == messageId).RawPayload;

    /// <summary>Waits (generously: the job runs on its own thread) until the event's payload is purged.</summary>
    private static async Task WaitPurgedAsync(IngestionScenario scenario, string messageId)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); await PayloadAsync(scenario, messageId) is not null;)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The payload of {messageId} was not purged.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task RetentionDays_NotConfigured_IsThirty()
    {
        await using var factory = new PortalFactory();

        Assert.Equal(30, factory.Services.GetRequiredService<IOptions<IngestionOptions>>().Value.RawPayloadRetentionDays);
    }

    [Fact]
    public async Task PurgeJob_Hourly_DropsEachPayloadInTheHourItPassesThirtyDays()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var scenario = await IngestionScenario.CreateAsync(factory: new PortalFactory().WithClock(clock));
        // Three events an hour apart, from the moment the job started (its timer ticks on the hour from then).
        foreach (var hour in new[] { "a", "b", "c" })
        {
            await scenario.PostBatchAsync(null, SegmentEvents.Identify($"purge-{hour}", "u-" + hour));
            clock.Advance(TimeSpan.FromHours(1));
        }

        // Thirty days and half an hour after the first: only it is past retention.
        clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromHours(3) + TimeSpan.FromMinutes(30));
        await WaitPurgedAsync(scenario, "purge-a");
        Assert.NotNull(await PayloadAsync(scenario, "purge-b"));

        // Each following hour's run takes the next one. Two steps, so a run still pending from the long
        // jump above cannot pass for the schedule: only an hourly timer purges the third.
        clock.Advance(TimeSpan.FromHours(1));
        await WaitPurgedAsync(scenario, "purge-b");
        Assert.NotNull(await PayloadAsync(scenario, "purge-c"));
        clock.Advance(TimeSpan.FromHours(1));
        await WaitPurgedAsync(scenario, "purge-c");

        Assert.All(await scenario.EventsAsync(), e => Assert.Equal(EventStatus.Applied, e.Status));
    }
}
