using System.Text.Json;
using System.Text.Json.Serialization;
using SelligentPortal.Core.Configuration.Outcomes;

namespace SelligentPortal.Core.Configuration.Shadow;

/// <summary>
/// What a shadow run found: counts, field by field changes with a few examples, records that would
/// (no longer) be created, and a bounded sample of differing events. One instance builds one from its
/// share of the traffic; the page adds the instances' together with <see cref="Merge"/>. Pure, and
/// bounded whatever the traffic: examples, reasons, samples and values are capped.
/// </summary>
public sealed class ShadowAggregate
{
    public const int ExamplesPerField = 3;
    public const int MaxSamples = 20;
    public const int MaxDifferencesPerSample = 12;
    public const int MaxReasons = 20;
    public const int MaxValueLength = 200;

    /// <summary>Where the reasons past <see cref="MaxReasons"/> are counted.</summary>
    public const string OtherReasons = "(other reasons)";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Events mapped with both the live version and the draft.</summary>
    public long Compared { get; set; }

    /// <summary>Compared events whose outcome differs in any way.</summary>
    public long Changed { get; set; }

    [JsonIgnore]
    public long Unchanged => Compared - Changed;

    /// <summary>Events left without a comparison: the queue was full, or the comparisons had used their share of the processor time.</summary>
    public long NotCompared { get; set; }

    /// <summary>Live applied or skipped them; the draft fails them.</summary>
    public long NowFailing { get; set; }

    /// <summary>Live failed them; the draft applies or skips them.</summary>
    public long NowSucceeding { get; set; }

    /// <summary>The draft's reasons for the events that would now fail, with their counts.</summary>
    public Dictionary<string, long> NowFailingReasons { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per <c>TABLE.field</c> (or <c>TABLE#key</c> for the record key): how often its value would change.</summary>
    public Dictionary<string, ShadowFieldChanges> Fields { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per table: records the draft would create that live does not.</summary>
    public Dictionary<string, long> RecordsCreated { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per table: records live creates that the draft would not (including those of events that would now fail).</summary>
    public Dictionary<string, long> RecordsNoLongerCreated { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The first differing events, with their differences (values shortened).</summary>
    public List<ShadowSample> Samples { get; set; } = [];

    /// <summary>Counts one compared event; <paramref name="differences"/> is live (expected) against draft (actual).</summary>
    public void Add(ShadowEventInfo info, string liveStatus, string draftStatus, string? draftReason, IReadOnlyList<OutcomeDifference> differences)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(differences);
        Compared++;
        if (differences.Count == 0)
        {
            return;
        }

        Changed++;
        const string failed = "failed";
        if (liveStatus != failed && draftStatus == failed)
        {
            NowFailing++;
            AddReason(draftReason ?? "", 1);
        }
        else if (liveStatus == failed && draftStatus != failed)
        {
            NowSucceeding++;
        }

        foreach (var difference in differences)
        {
            switch (difference.What)
            {
                case "record" when difference.Expected is null:
                    Increment(RecordsCreated, difference.Table!, 1);
                    break;
                case "record" when difference.Actual is null:
                    Increment(RecordsNoLongerCreated, difference.Table!, 1);
                    break;
                case "field" or "key":
                    var changes = FieldEntry(difference.Table!, difference.What == "key" ? null : difference.Field);
                    changes.Count++;
                    if (changes.Examples.Count < ExamplesPerField)
                    {
                        changes.Examples.Add(new ShadowFieldExample(info.MessageId, Shorten(difference.Expected), Shorten(difference.Actual)));
                    }

                    break;
            }
        }

        if (Samples.Count < MaxSamples)
        {
            Samples.Add(new ShadowSample(info.MessageId, info.Type, info.EventName, info.ReceivedAtUtc, liveStatus, draftStatus,
                differences.Take(MaxDifferencesPerSample)
                    .Select(d => d with { Expected = Shorten(d.Expected), Actual = Shorten(d.Actual) })
                    .ToList(),
                Math.Max(0, differences.Count - MaxDifferencesPerSample)));
        }
    }

    /// <summary>Adds another share of the same run (another instance's) into this one.</summary>
    public void Merge(ShadowAggregate other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Compared += other.Compared;
        Changed += other.Changed;
        NotCompared += other.NotCompared;
        NowFailing += other.NowFailing;
        NowSucceeding += other.NowSucceeding;
        foreach (var (reason, count) in other.NowFailingReasons)
        {
            AddReason(reason, count);
        }

        foreach (var (_, theirs) in other.Fields)
        {
            var mine = FieldEntry(theirs.Table, theirs.Field);
            mine.Count += theirs.Count;
            mine.Examples.AddRange(theirs.Examples.Take(ExamplesPerField - mine.Examples.Count));
        }

        foreach (var (table, count) in other.RecordsCreated)
        {
            Increment(RecordsCreated, table, count);
        }

        foreach (var (table, count) in other.RecordsNoLongerCreated)
        {
            Increment(RecordsNoLongerCreated, table, count);
        }

        Samples.AddRange(other.Samples.Take(MaxSamples - Samples.Count));
    }

    /// <summary>A copy that later changes to this one do not touch (for storing while events keep coming).</summary>
    public ShadowAggregate Copy()
    {
        var copy = new ShadowAggregate();
        copy.Merge(this);
        return copy;
    }

    /// <summary>The fields, the most often changed first, then by table and field.</summary>
    public IEnumerable<ShadowFieldChanges> FieldsByCount() =>
        Fields.Values.OrderByDescending(f => f.Count).ThenBy(f => f.Table, StringComparer.Ordinal).ThenBy(f => f.Field, StringComparer.Ordinal);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>An aggregate read back from <see cref="ToJson"/>; empty when the text is not one.</summary>
    public static ShadowAggregate FromJson(string json)
    {
        try
        {
            var read = JsonSerializer.Deserialize<ShadowAggregate>(json, Json) ?? new ShadowAggregate();
            // Dictionaries read back with the default comparer: keep the ordinal one.
            var aggregate = new ShadowAggregate();
            aggregate.Merge(read);
            return aggregate;
        }
        catch (JsonException)
        {
            return new ShadowAggregate();
        }
    }

    private ShadowFieldChanges FieldEntry(string table, string? field)
    {
        var key = field is null ? $"{table}#key" : $"{table}.{field}";
        if (!Fields.TryGetValue(key, out var changes))
        {
            Fields[key] = changes = new ShadowFieldChanges { Table = table, Field = field };
        }

        return changes;
    }

    private void AddReason(string reason, long count)
    {
        var key = NowFailingReasons.ContainsKey(reason) || NowFailingReasons.Count < MaxReasons ? reason : OtherReasons;
        Increment(NowFailingReasons, Shorten(key)!, count);
    }

    private static void Increment(Dictionary<string, long> counts, string key, long by) => counts[key] = counts.GetValueOrDefault(key) + by;

    private static string? Shorten(string? value) => value is { Length: > MaxValueLength } ? string.Concat(value.AsSpan(0, MaxValueLength - 1), "…") : value;
}

/// <summary>How often one field's value (or, with a null <see cref="Field"/>, the record key) would change, with the first examples.</summary>
public sealed class ShadowFieldChanges
{
    public required string Table { get; set; }

    public string? Field { get; set; }

    public long Count { get; set; }

    public List<ShadowFieldExample> Examples { get; set; } = [];
}

/// <summary>One event's value live and under the draft (JSON text; null when absent).</summary>
public sealed record ShadowFieldExample(string MessageId, string? Live, string? Draft);

/// <summary>One differing event: live against draft (each difference's Expected is live, Actual the draft).</summary>
public sealed record ShadowSample(
    string MessageId, string? Type, string? EventName, DateTime ReceivedAtUtc, string LiveStatus, string DraftStatus,
    IReadOnlyList<OutcomeDifference> Differences, int MoreDifferences);

/// <summary>What the aggregate keeps of an event besides its outcomes.</summary>
public sealed record ShadowEventInfo(string MessageId, string? Type, string? EventName, DateTime ReceivedAtUtc);
