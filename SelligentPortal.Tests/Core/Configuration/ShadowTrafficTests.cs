using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SelligentPortal.Core.Configuration.Shadow;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Options;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Configuration;

/// <summary>The shadow run's side of ingestion: it never holds events back, and counts what it cannot take.</summary>
public sealed class ShadowTrafficTests
{
    [Fact]
    public async Task Offer_QueueFull_CountsTheRestAsNotCompared()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        var runs = scenario.Factory.Services.GetRequiredService<ShadowRunService>();
        var configurations = scenario.Factory.Services.GetRequiredService<ConfigurationService>();
        Assert.True((await configurations.SaveDraftAsync(IngestionScenario.System, scenario.CustomerId, ShadowDrafts.FirstNameFromNickname(), null)).IsOk);
        // An instance whose comparison loop never runs: nothing leaves its queue.
        var traffic = new ShadowTraffic(runs, Microsoft.Extensions.Options.Options.Create(new IngestionOptions()), TimeProvider.System, NullLogger<ShadowTraffic>.Instance);
        Assert.True((await runs.StartAsync(IngestionScenario.System, scenario.CustomerId, new ShadowRunRequest(TimeSpan.FromHours(1), null))).IsOk);
        var live = (await configurations.GetLatestPublishedAsync(scenario.CustomerId, TestContext.Current.CancellationToken))!.Value;
        var receivedAt = DateTime.UtcNow;

        // 55 requests of 100 events: the queue takes 5,000, the other 500 are counted at once.
        for (var request = 0; request < 55; request++)
        {
            var events = Enumerable.Range(0, 100)
                .Select(i => EventPreparation.Prepare(
                    IncomingEvent.Stored($"m-{request}-{i}", "identify", null, "u-1", """{"type":"identify","userId":"u-1","traits":{"firstName":"Ada"}}"""),
                    live, receivedAt))
                .ToList();
            traffic.Offer(scenario.CustomerId, events, live.Compiled, receivedAt, duplicates: 0);
        }

        // Stopping the run makes every instance store its last tally.
        var stopped = await runs.StopAsync(IngestionScenario.System, scenario.CustomerId, TestContext.Current.CancellationToken);

        Assert.True(stopped.IsOk);
        Assert.Equal((500L, 500L, 0L), (stopped.Value!.Events, stopped.Value.Summary.NotCompared, stopped.Value.Summary.Compared));
    }
}
