using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Records;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Records;

public class TableFailuresTests
{
    [Fact]
    public async Task ForTable_CountsTheFailedEventsEachTableWouldHaveTaken()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        await scenario.PostBatchAsync(null,
            SegmentEvents.BadEmail("i-1", "bob"),
            SegmentEvents.BadEmail("i-2", "eve"),
            Track("t-1", "Order Completed"),
            Track("t-2", "Order Completed"),
            Track("t-3", "Product Viewed"),
            SegmentEvents.Identify("i-3", "ann", "ann@example.com"));
        var failures = scenario.Factory.Services.GetRequiredService<FailureQueries>();

        var ids = (await failures.ForTableAsync(IngestionScenario.System, scenario.CustomerId, null)).Value!;
        var orders = (await failures.ForTableAsync(IngestionScenario.System, scenario.CustomerId, ["Order Completed"])).Value!;
        var everyTrack = (await failures.ForTableAsync(IngestionScenario.System, scenario.CustomerId, [])).Value!;
        var nothing = (await failures.ForTableAsync(IngestionScenario.System, scenario.CustomerId, ["Signed Up"])).Value!;

        Assert.Equal(2, ids.Count);
        Assert.Equal(2, orders.Count);
        Assert.Equal(3, everyTrack.Count);
        Assert.Equal((0, (DateTime?)null), (nothing.Count, nothing.LastAt));
        Assert.Equal(DateTimeKind.Utc, orders.LastAt!.Value.Kind);
        Assert.False((await failures.ForTableAsync(IngestionScenario.System, Guid.NewGuid(), null)).IsOk);
    }

    // No userId: the seed's EVENTS extension requires one, so these fail.
    private static string Track(string messageId, string name) =>
        JsonSerializer.Serialize(new { type = "track", messageId, anonymousId = "visitor", @event = name });
}
