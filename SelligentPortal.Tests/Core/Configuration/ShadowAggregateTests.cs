using System.Text.Json;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Shadow;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Mapping;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Configuration;

/// <summary>The shadow run's aggregation: live against draft on real mappings, bounded, mergeable, stored as JSON.</summary>
public class ShadowAggregateTests
{
    private static readonly DateTime ReceivedAt = new(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);
    private static readonly CompiledConfiguration Seed = MappingCompiler.Compile(SeedPreset.Create());

    private static PreparedEvent Prepare(CompiledConfiguration configuration, string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var incoming = IncomingEvent.Stored(root.GetProperty("messageId").GetString()!, root.GetProperty("type").GetString(),
            root.TryGetProperty("event", out var name) ? name.GetString() : null, root.GetProperty("userId").GetString(), json);
        return EventPreparation.Prepare(incoming, (1, configuration), ReceivedAt);
    }

    /// <summary>Maps the events with live and draft and adds them, as a shadow run does.</summary>
    private static ShadowAggregate Aggregate(CompiledConfiguration live, CompiledConfiguration draft, params string[] events)
    {
        var aggregate = new ShadowAggregate();
        foreach (var json in events)
        {
            var (before, after) = (Prepare(live, json), Prepare(draft, json));
            var differences = ShadowComparison.Compare(before, live.Document.InternalDataSource.Name, after, draft.Document.InternalDataSource.Name);
            aggregate.Add(new ShadowEventInfo(before.Incoming.MessageId, before.Incoming.Type, before.Incoming.EventName, ReceivedAt),
                EventStatusNames.Name(before.Status), EventStatusNames.Name(after.Status), after.Reason, differences);
        }

        return aggregate;
    }

    private static string Identify(int i, string? email = "ann@example.com") => JsonSerializer.Serialize(new
    {
        type = "identify", messageId = $"id-{i}", userId = $"u-{i}", timestamp = "2026-12-01T08:00:00Z",
        traits = new { email, firstName = "Ann", nickname = $"Annie {i}" },
    });

    private static string Track(int i) => JsonSerializer.Serialize(new
    {
        type = "track", messageId = $"tr-{i}", userId = $"u-{i}", @event = "Order Completed", timestamp = "2026-12-01T08:00:00Z",
    });

    [Fact]
    public void ShadowAggregate_DraftEqualToLive_CountsEveryEventUnchanged()
    {
        var aggregate = Aggregate(Seed, MappingCompiler.Compile(SeedPreset.Create()), Identify(1), Identify(2, email: null), Track(3));

        Assert.Equal(3, aggregate.Compared);
        Assert.Equal(3, aggregate.Unchanged);
        Assert.Equal(0, aggregate.Changed);
        Assert.Empty(aggregate.Fields);
        Assert.Empty(aggregate.Samples);
    }

    [Fact]
    public void ShadowAggregate_FieldMappedDifferently_CountsEveryChangeAndKeepsThreeExamples()
    {
        var aggregate = Aggregate(Seed, MappingCompiler.Compile(ShadowDrafts.FirstNameFromNickname()), [.. Enumerable.Range(1, 5).Select(i => Identify(i)), Track(6)]);

        var field = Assert.Single(aggregate.Fields.Values);
        Assert.Equal(("CUSTOMERS", "first_name", 5L), (field.Table, field.Field, field.Count));
        Assert.Equal(ShadowAggregate.ExamplesPerField, field.Examples.Count);
        Assert.Equal(new ShadowFieldExample("id-1", "\"Ann\"", "\"Annie 1\""), field.Examples[0]);
        Assert.Equal((6L, 5L, 1L), (aggregate.Compared, aggregate.Changed, aggregate.Unchanged));
        Assert.Equal((0L, 0L), (aggregate.NowFailing, aggregate.NowSucceeding));
        var sample = aggregate.Samples[0];
        Assert.Equal(("id-1", "applied", "applied"), (sample.MessageId, sample.LiveStatus, sample.DraftStatus));
        Assert.Equal("first_name", Assert.Single(sample.Differences).Field);
    }

    [Fact]
    public void ShadowAggregate_DraftFailsWhatLiveApplied_CountsNowFailingWithTheDraftsReason()
    {
        var aggregate = Aggregate(Seed, MappingCompiler.Compile(ShadowDrafts.EmailRequired()), Identify(1, email: null), Identify(2, email: null), Identify(3));

        Assert.Equal((2L, 0L, 2L), (aggregate.NowFailing, aggregate.NowSucceeding, aggregate.Changed));
        var reason = Assert.Single(aggregate.NowFailingReasons);
        Assert.Contains("email_address", reason.Key, StringComparison.Ordinal);
        Assert.Equal(2, reason.Value);
        // An event that now fails no longer creates its record.
        Assert.Equal(2, aggregate.RecordsNoLongerCreated["CUSTOMERS"]);
        Assert.Equal("failed", aggregate.Samples[0].DraftStatus);
    }

    [Fact]
    public void ShadowAggregate_DraftAppliesWhatLiveFailed_CountsNowSucceeding()
    {
        var aggregate = Aggregate(MappingCompiler.Compile(ShadowDrafts.EmailRequired()), Seed, Identify(1, email: null));

        Assert.Equal((0L, 1L), (aggregate.NowFailing, aggregate.NowSucceeding));
        Assert.Equal(1, aggregate.RecordsCreated["CUSTOMERS"]);
        Assert.Empty(aggregate.NowFailingReasons);
    }

    [Fact]
    public void ShadowAggregate_ExtensionRemovedOrAdded_CountsRecordsNoLongerCreatedOrCreated()
    {
        var withoutExtensions = MappingCompiler.Compile(ShadowDrafts.WithoutExtensions());

        var removed = Aggregate(Seed, withoutExtensions, Track(1), Track(2), Identify(3));
        var added = Aggregate(withoutExtensions, Seed, Track(1));

        Assert.Equal(2, removed.RecordsNoLongerCreated["EVENTS"]);
        Assert.Empty(removed.RecordsCreated);
        // Skipped is not failing: the track is simply not stored any more.
        Assert.Equal((0L, 0L, 2L), (removed.NowFailing, removed.NowSucceeding, removed.Changed));
        Assert.Equal(("applied", "skipped"), (removed.Samples[0].LiveStatus, removed.Samples[0].DraftStatus));
        Assert.Equal(1, added.RecordsCreated["EVENTS"]);
    }

    [Fact]
    public void ShadowAggregate_ManyDifferingEvents_KeepsABoundedSampleAndShortValues()
    {
        var longName = new string('x', 500);
        var events = Enumerable.Range(1, ShadowAggregate.MaxSamples + 5)
            .Select(i => Identify(i).Replace($"Annie {i}", i == 1 ? longName : $"Annie {i}", StringComparison.Ordinal)).ToArray();
        var draft = MappingCompiler.Compile(ShadowDrafts.WithIdsMapping("address_street_1", FieldMapping.FromPaths("traits.nickname")
            with { Transforms = [TransformDefinition.Named("truncate")] }));

        var aggregate = Aggregate(Seed, draft, events);

        Assert.Equal(ShadowAggregate.MaxSamples + 5, aggregate.Changed);
        Assert.Equal(ShadowAggregate.MaxSamples, aggregate.Samples.Count);
        Assert.Equal(ShadowAggregate.MaxValueLength, aggregate.Fields["CUSTOMERS.address_street_1"].Examples[0].Draft!.Length);
        Assert.Equal(ShadowAggregate.MaxValueLength, aggregate.Samples[0].Differences[0].Actual!.Length);
    }

    [Fact]
    public void ShadowAggregate_MergedTalliesReadBackFromJson_AddUpAndStayBounded()
    {
        var draft = MappingCompiler.Compile(ShadowDrafts.EmailRequired());
        var one = Aggregate(Seed, draft, [.. Enumerable.Range(1, 15).Select(i => Identify(i, email: null))]);
        var other = Aggregate(Seed, draft, [.. Enumerable.Range(16, 10).Select(i => Identify(i, email: null)), Identify(30)]);
        other.NotCompared = 7;

        var total = new ShadowAggregate();
        total.Merge(ShadowAggregate.FromJson(one.ToJson()));
        total.Merge(ShadowAggregate.FromJson(other.ToJson()));

        Assert.Equal((26L, 25L, 1L, 25L, 7L), (total.Compared, total.Changed, total.Unchanged, total.NowFailing, total.NotCompared));
        Assert.Equal(25, Assert.Single(total.NowFailingReasons).Value);
        Assert.Equal(25, total.RecordsNoLongerCreated["CUSTOMERS"]);
        Assert.Equal(ShadowAggregate.MaxSamples, total.Samples.Count);
        Assert.Equal("id-1", total.Samples[0].MessageId);
        Assert.Equal(one.ToJson(), ShadowAggregate.FromJson(one.ToJson()).ToJson());
        Assert.Equal(0, ShadowAggregate.FromJson("not json").Compared);
    }

    [Fact]
    public void ShadowAggregate_ManyReasons_KeepsTwentyAndCountsTheRestTogether()
    {
        var aggregate = new ShadowAggregate();
        var difference = new SelligentPortal.Core.Configuration.Outcomes.OutcomeDifference("status", null, null, "applied", "failed");
        for (var i = 0; i < ShadowAggregate.MaxReasons + 3; i++)
        {
            aggregate.Add(new ShadowEventInfo($"m-{i}", "identify", null, ReceivedAt), "applied", "failed", $"reason {i}", [difference]);
        }

        Assert.Equal(ShadowAggregate.MaxReasons + 1, aggregate.NowFailingReasons.Count);
        Assert.Equal(3, aggregate.NowFailingReasons[ShadowAggregate.OtherReasons]);
    }

    [Fact]
    public void ShadowComparison_IsComparable_OnlyEventsLiveMapped()
    {
        var refused = new PreparedEvent { Incoming = new IncomingEvent("m", "identify", null, "u", [], "bad JSON"), Status = EventStatus.Failed };
        var deletion = new PreparedEvent { Incoming = new IncomingEvent("d", "delete", null, "u", [], null), Status = EventStatus.Failed };

        Assert.True(ShadowComparison.IsComparable(Prepare(Seed, Identify(1))));
        Assert.True(ShadowComparison.IsComparable(Prepare(MappingCompiler.Compile(ShadowDrafts.EmailRequired()), Identify(1, email: null))));
        Assert.False(ShadowComparison.IsComparable(refused));
        Assert.False(ShadowComparison.IsComparable(deletion));
    }
}
