using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Dashboard;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Dashboard;

/// <summary>The per-minute statistics the single writer keeps in each group commit.</summary>
public class IngestionMinuteStatsTests : IAsyncLifetime
{
    private IngestionScenario _scenario = default!;

    public async ValueTask InitializeAsync() => _scenario = await IngestionScenario.CreateAsync();

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    private async Task<List<IngestionMinuteStat>> StatsAsync()
    {
        await using var db = _scenario.Db();
        return await db.IngestionMinuteStats.AsNoTracking().ToListAsync();
    }

    [Fact]
    public async Task Ingest_MixedBatch_CountsEveryOutcomeInTheMinuteItWasReceived()
    {
        await _scenario.PostBatchAsync(null,
            SegmentEvents.Identify("a-1", "u-1", "ann@example.com"),
            SegmentEvents.Identify("a-2", "u-2"),
            SegmentEvents.BadEmail("f-1", "u-3"),
            SegmentEvents.Identify("a-1", "u-1"),
            SegmentEvents.Page("p-1", "u-1"));

        var row = Assert.Single(await StatsAsync());
        var received = (await _scenario.EventsAsync()).First().ReceivedAtUtc;
        Assert.Equal(_scenario.CustomerId, row.CustomerId);
        Assert.Equal(new DateTime(received.Year, received.Month, received.Day, received.Hour, received.Minute, 0), row.MinuteUtc);
        Assert.Equal((5, 2, 1, 1, 1, 0), (row.Accepted, row.Applied, row.Failed, row.Duplicate, row.Skipped, row.Deleted));
        Assert.Equal(1, row.LatencyCount);
        Assert.True(row.LatencySumMs > 0);
        Assert.Equal(row.LatencySumMs, row.LatencyMaxMs);
    }

    [Fact]
    public async Task Ingest_SeveralRequests_AddUpAndAgreeWithTheEventLog()
    {
        var other = await _scenario.AddCustomerAsync("Globex");
        await _scenario.PostBatchAsync(null, SegmentEvents.Identify("a-1", "u-1"), SegmentEvents.BadEmail("f-1", "u-2"));
        await _scenario.PostBatchAsync(null, SegmentEvents.Identify("a-1", "u-1"), SegmentEvents.Identify("a-2", "u-1"));
        await _scenario.PostBatchAsync(other.Key, SegmentEvents.Identify("g-1", "u-9"));

        var stats = await StatsAsync();
        var acme = stats.Where(s => s.CustomerId == _scenario.CustomerId).ToList();
        var events = (await _scenario.EventsAsync()).Where(e => e.CustomerId == _scenario.CustomerId).ToList();
        Assert.Equal(4, acme.Sum(s => s.Accepted));
        Assert.Equal(events.Count(e => e.Status == EventStatus.Applied), acme.Sum(s => s.Applied));
        Assert.Equal(events.Count(e => e.Status == EventStatus.Failed), acme.Sum(s => s.Failed));
        Assert.Equal(1, acme.Sum(s => s.Duplicate));
        Assert.Equal(2, acme.Sum(s => s.LatencyCount));
        Assert.True(acme.Max(s => s.LatencyMaxMs) * 2 >= acme.Sum(s => s.LatencySumMs));
        var globex = Assert.Single(stats, s => s.CustomerId == other.CustomerId);
        Assert.Equal((1, 1, 1), (globex.Accepted, globex.Applied, globex.LatencyCount));
    }

    [Fact]
    public async Task Retention_MinutesOlderThanEightDays_ArePurgedRecentOnesKept()
    {
        await _scenario.PostBatchAsync(null, SegmentEvents.Identify("a-1", "u-1"));
        await using (var db = _scenario.Db())
        {
            db.IngestionMinuteStats.Add(new IngestionMinuteStat { CustomerId = _scenario.CustomerId, MinuteUtc = DateTime.UtcNow.AddDays(-9), Accepted = 7 });
            await db.SaveChangesAsync();
        }

        var purged = await _scenario.Factory.Services.GetRequiredService<IngestionStatsRetention>().PurgeAsync(CancellationToken.None);

        Assert.Equal(1, purged);
        var left = Assert.Single(await StatsAsync());
        Assert.Equal(1, left.Accepted);
    }
}
