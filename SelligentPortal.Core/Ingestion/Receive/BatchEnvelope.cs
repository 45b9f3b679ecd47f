using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SelligentPortal.Core.Ingestion.Receive;

/// <summary>
/// What a batch's envelope passes on to its events: <c>context</c>, <c>integrations</c> and
/// <c>sentAt</c>, for the events that do not carry their own. Kept once per request and stored once,
/// never copied into each event: a 32 KB envelope context over 2,500 events would otherwise be 80 MB.
/// The mapping reads an inherited field through the envelope (see <c>MappingContext</c>).
/// </summary>
public sealed class BatchEnvelope
{
    /// <summary>The envelope fields an event inherits when it lacks them (Segment's batch semantics).</summary>
    public static IReadOnlyList<string> InheritedFields { get; } = ["context", "integrations", "sentAt"];

    private BatchEnvelope(byte[] utf8) => Utf8 = utf8;

    /// <summary>A JSON object holding only the inherited fields the envelope has.</summary>
    public byte[] Utf8 { get; }

    /// <summary>The envelope's inheritable fields, or null when it has none (null values do not count).</summary>
    public static BatchEnvelope? From(JsonElement envelope)
    {
        if (envelope.ValueKind != JsonValueKind.Object || !InheritedFields.Any(name => HasValue(envelope, name)))
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var name in InheritedFields)
            {
                if (HasValue(envelope, name))
                {
                    writer.WritePropertyName(name);
                    envelope.GetProperty(name).WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return new BatchEnvelope(buffer.WrittenSpan.ToArray());
    }

    /// <summary>An envelope read back from the event log.</summary>
    public static BatchEnvelope? Stored(string? json) => json is null ? null : new BatchEnvelope(Encoding.UTF8.GetBytes(json));

    /// <summary>Whether an event without the field <paramref name="name"/> takes it from <paramref name="envelope"/>.</summary>
    public static bool Inherits(JsonElement item, JsonElement envelope, string name) =>
        envelope.ValueKind == JsonValueKind.Object && HasValue(envelope, name) && !item.TryGetProperty(name, out _);

    /// <summary>
    /// The event as its mapping saw it: its own JSON with the envelope's fields it lacks, for people
    /// and tools reading the event log. Off the hot path: it parses both.
    /// </summary>
    public static string Apply(string eventJson, string? envelopeJson)
    {
        try
        {
            if (envelopeJson is null || JsonNode.Parse(eventJson) is not JsonObject item || JsonNode.Parse(envelopeJson) is not JsonObject envelope)
            {
                return eventJson;
            }

            foreach (var name in InheritedFields)
            {
                if (!item.ContainsKey(name) && envelope[name] is { } value)
                {
                    item[name] = value.DeepClone();
                }
            }

            return item.ToJsonString();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Kept as sent (a lone surrogate escape cannot be written out again): shown without the envelope.
            return eventJson;
        }
    }

    private static bool HasValue(JsonElement envelope, string name) =>
        envelope.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;
}
