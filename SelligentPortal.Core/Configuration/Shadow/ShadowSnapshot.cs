using System.Text.Json;

namespace SelligentPortal.Core.Configuration.Shadow;

/// <summary>
/// What a publish request keeps of the shadow run of its draft: when it ran, its counts and the fields
/// most often changed. A snapshot, so the reviewer sees what the requester saw even after the run ends.
/// </summary>
public sealed record ShadowSnapshot(
    long RunId, bool IsActive, DateTime StartedAtUtc, DateTime? EndedAtUtc, string? EndReason, int? LiveVersion,
    long Compared, long Changed, long NowFailing, long NowSucceeding, long NotCompared,
    long RecordsCreated, long RecordsNoLongerCreated, IReadOnlyList<ShadowSnapshot.FieldChange> TopFields)
{
    public const int MaxFields = 5;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>How often one field's value (a null field: the record key) would change.</summary>
    public sealed record FieldChange(string Table, string? Field, long Count);

    public static ShadowSnapshot Of(ShadowRunView run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var summary = run.Summary;
        return new ShadowSnapshot(
            run.Id, run.IsActive, run.StartedAtUtc, run.EndedAtUtc, run.EndReason, run.LiveVersion,
            summary.Compared, summary.Changed, summary.NowFailing, summary.NowSucceeding, summary.NotCompared,
            summary.RecordsCreated.Values.Sum(), summary.RecordsNoLongerCreated.Values.Sum(),
            [.. summary.FieldsByCount().Take(MaxFields).Select(f => new FieldChange(f.Table, f.Field, f.Count))]);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>A snapshot read back from <see cref="ToJson"/>; null when the text is not one.</summary>
    public static ShadowSnapshot? FromJson(string? json)
    {
        try
        {
            return json is null ? null : JsonSerializer.Deserialize<ShadowSnapshot>(json, Json) is { TopFields: not null } snapshot ? snapshot : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
