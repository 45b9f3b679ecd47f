using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Configuration.Examples;
using SelligentPortal.Core.Tenancy;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Configuration.Examples;

public class EditorSampleSourceTests
{
    [Fact]
    public async Task GetAsync_IdentifiesFollowedByManyTracks_KeepsIdentifiesAndOneTrackPerName()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        var (otherCustomer, otherKey) = await scenario.AddCustomerAsync("Other");
        await scenario.PostBatchAsync(null, SegmentEvents.Identify("i-1", "ann", "ann@example.com"), SegmentEvents.BadEmail("i-2", "bob"));
        await scenario.PostBatchAsync(null, Enumerable.Range(1, 30).Select(i => Track("t-" + i, i == 1 ? "Order Completed" : "Product Viewed")).ToArray());
        await scenario.PostBatchAsync(otherKey, Track("o-1", "Secret Event"));
        var source = scenario.Factory.Services.GetRequiredService<EditorSampleSource>();

        var samples = await source.GetAsync(IngestionScenario.System, scenario.CustomerId);

        var recent = samples.Samples.Where(s => !SegmentExamples.All.Contains(s)).ToList();
        Assert.Equal(["identify", "identify"], recent.Take(2).Select(s => s.Json.Contains("\"identify\"") ? "identify" : "other"));
        Assert.Equal(["failed", null], recent.Take(2).Select(s => s.Note));
        Assert.Contains(recent, s => s.Json.Contains("Order Completed"));
        Assert.Equal(2 + EditorSampleSource.Listed, recent.Count);
        Assert.Equal(32, samples.RecentPayloads.Count);
        Assert.DoesNotContain(samples.RecentPayloads, p => p.Contains("Secret Event"));
        Assert.Equal(SegmentExamples.All, samples.Samples.Skip(recent.Count));

        var stranger = new Caller("x", "stranger", PortalRoles.RelationshipManager, TenantScope.For([otherCustomer]));
        Assert.Same(EditorSamples.BuiltIn, await source.GetAsync(stranger, scenario.CustomerId));
    }

    private static string Track(string messageId, string name) =>
        System.Text.Json.JsonSerializer.Serialize(new { type = "track", messageId, userId = "ann", @event = name });
}
