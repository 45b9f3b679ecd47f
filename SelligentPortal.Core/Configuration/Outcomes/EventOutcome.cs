using System.Text.Json;
using System.Text.Json.Serialization;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion;

namespace SelligentPortal.Core.Configuration.Outcomes;

/// <summary>
/// What one event becomes under one configuration, in a form that compares field by field: its status,
/// the failure or skip reason, and the records it produces. Regression fixtures keep one as their
/// expectation; shadow runs compare the live version's with the draft's.
/// </summary>
public sealed record EventOutcome(
    string Status,
    string? Reason,
    OutcomeRecord? IdsRecord,
    IReadOnlyList<OutcomeRecord> Interactions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The outcome of a mapped event; <paramref name="idsTable"/> names the IDS (PreparedEvent does not).</summary>
    public static EventOutcome From(PreparedEvent prepared, string idsTable)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var ids = prepared.IdsRecord is { } record
            ? new OutcomeRecord(idsTable, record.PrimaryKey, new SortedDictionary<string, string>(record.Fields.ToDictionary(f => f.Key, f => f.Value), StringComparer.Ordinal))
            : null;
        var interactions = prepared.Interactions
            .Select(i => new OutcomeRecord(i.Extension, i.EventId, FieldsOf(i.FieldsUtf8)))
            .OrderBy(i => i.Table, StringComparer.Ordinal)
            .ToList();
        var reason = prepared.Status is EventStatus.Failed or EventStatus.Skipped ? prepared.Reason : null;
        return new EventOutcome(EventStatusNames.Name(prepared.Status), reason, ids, interactions);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The outcome as a JSON element, to embed in API answers and files.</summary>
    public JsonElement ToElement() => JsonSerializer.SerializeToElement(this, Json);

    /// <summary>An outcome read back from <see cref="ToJson"/>, or null when the text is not one.</summary>
    public static EventOutcome? FromJson(string json)
    {
        try
        {
            var outcome = JsonSerializer.Deserialize<EventOutcome>(json, Json);
            return outcome is { Status: not null } && (outcome.Interactions ?? []).All(i => i is { Table: not null, Key: not null, Fields: not null })
                && outcome.IdsRecord is null or { Table: not null, Key: not null, Fields: not null }
                ? outcome with { Interactions = outcome.Interactions ?? [] }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>One line for people: "applied: CUSTOMERS record 42, 1 interaction".</summary>
    public string Describe()
    {
        if (Reason is not null)
        {
            return $"{Status}: {Reason}";
        }

        var parts = new List<string>();
        if (IdsRecord is { } ids)
        {
            parts.Add($"{ids.Table} record {ids.Key}");
        }

        if (Interactions.Count > 0)
        {
            parts.Add(Interactions.Count == 1 ? $"1 {Interactions[0].Table} interaction" : $"{Interactions.Count} interactions");
        }

        return parts.Count == 0 ? Status : $"{Status}: {string.Join(", ", parts)}";
    }

    private static SortedDictionary<string, string> FieldsOf(byte[] utf8)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(utf8);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            fields[property.Name] = property.Value.GetRawText();
        }

        return fields;
    }
}

/// <summary>A record an event produces: its table, its key, and each field's value as JSON text.</summary>
public sealed record OutcomeRecord(string Table, string Key, [property: JsonConverter(typeof(RawJsonFieldsConverter))] IReadOnlyDictionary<string, string> Fields);

/// <summary>Writes fields as a JSON object of their values (not of strings holding JSON), and reads them back minified.</summary>
internal sealed class RawJsonFieldsConverter : JsonConverter<IReadOnlyDictionary<string, string>>
{
    public override IReadOnlyDictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A record's fields are a JSON object.");
        }

        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            fields[property.Name] = JsonSerializer.Serialize(property.Value);
        }

        return fields;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, json) in value)
        {
            writer.WritePropertyName(name);
            writer.WriteRawValue(json, skipInputValidation: false);
        }

        writer.WriteEndObject();
    }
}

/// <summary>
/// One difference between an expected and an actual outcome. <see cref="Field"/> is null for the
/// status, the reason or a whole record; values are JSON text (a field) or plain text, null when absent.
/// </summary>
public sealed record OutcomeDifference(string What, string? Table, string? Field, string? Expected, string? Actual);
