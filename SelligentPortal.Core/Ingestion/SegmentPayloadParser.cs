using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SelligentPortal.Core.Ingestion;

/// <summary>One event of a request, as received (after the batch envelope is applied); its JSON as UTF-8.</summary>
public sealed record IncomingEvent(string MessageId, string? Type, string? EventName, string? UserId, byte[] RawUtf8, string? Failure)
{
    /// <summary>An event read back from the event log (replay, dry run), whose raw payload is text.</summary>
    public static IncomingEvent Stored(string messageId, string? type, string? eventName, string? userId, string rawJson) =>
        new(messageId, type, eventName, userId, Encoding.UTF8.GetBytes(rawJson), null);
}

/// <summary>
/// A request body read as Segment events, or the reason it is refused (400). It keeps the parsed body
/// until disposed, so the mapping reads each event from it instead of parsing the event again.
/// </summary>
public sealed class ParsedPayload : IDisposable
{
    private readonly JsonDocument? _document;
    private readonly IReadOnlyList<JsonElement?> _elements;

    internal ParsedPayload(IReadOnlyList<IncomingEvent> events, IReadOnlyList<JsonElement?> elements, string? bodyWriteKey, JsonDocument? document)
    {
        (Events, _elements, BodyWriteKey, _document) = (events, elements, bodyWriteKey, document);
    }

    private ParsedPayload(string error)
        : this([], [], null, null)
    {
        Error = error;
    }

    public IReadOnlyList<IncomingEvent> Events { get; }

    public string? BodyWriteKey { get; }

    public string? Error { get; }

    public static ParsedPayload Refused(string error) => new(error);

    /// <summary>
    /// Event <paramref name="index"/> as parsed in the body, valid until this payload is disposed;
    /// null when the parser rebuilt the event (a completed messageId, envelope fields), whose
    /// <see cref="IncomingEvent.RawUtf8"/> is then the text to parse.
    /// </summary>
    public JsonElement? ParsedEvent(int index) => _elements[index];

    public void Dispose() => _document?.Dispose();
}

/// <summary>
/// Reads Segment request bodies: one event, <c>{"batch": [...]}</c> or a bare array. It cannot be
/// crashed: malformed JSON, duplicate keys, depth bombs, NUL characters and sizes over the limits are
/// a whole-request error; an item that is not an event is a failed event; nothing throws.
/// </summary>
public static class SegmentPayloadParser
{
    public const int MaxEventBytes = 32 * 1024;
    public const int MaxBatchBytes = 500 * 1024;
    public const int MaxBatchEvents = 2500;

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = 64,
        AllowDuplicateProperties = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <param name="body">The (decompressed) body.</param>
    /// <param name="impliedType">The call type the endpoint implies (<c>/v1/track</c>: track); null for batches and /segment.</param>
    /// <param name="batch">Whether the endpoint takes batches.</param>
    /// <returns>The events; the caller disposes it once they are mapped.</returns>
    public static ParsedPayload Parse(ReadOnlyMemory<byte> body, string? impliedType, bool batch)
    {
        if (body.Length > (batch ? MaxBatchBytes : MaxEventBytes))
        {
            return ParsedPayload.Refused(batch ? "The batch is larger than 500 KB." : "The event is larger than 32 KB.");
        }

        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return ParsedPayload.Refused("The body is not valid UTF-8 JSON.");
        }

        // An escaped NUL survives JSON parsing but not every database or downstream system.
        if (HasEscapedNul(body.Span))
        {
            return ParsedPayload.Refused("NUL characters (\\u0000) are not accepted.");
        }

        JsonDocument document;
        try
        {
            // Parsed in place: the body is already a buffer of its own.
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException e)
        {
            return ParsedPayload.Refused($"The body is not valid JSON: {e.Message}");
        }
        catch (ArgumentException e)
        {
            return ParsedPayload.Refused($"The body is not valid UTF-8 JSON: {e.Message}");
        }
        catch (InvalidOperationException)
        {
            // The duplicate-property check reads every name: one holding a lone surrogate escape cannot be read.
            return ParsedPayload.Refused(LoneSurrogate);
        }

        try
        {
            var payload = Read(document, impliedType, batch);
            if (payload.Error is not null)
            {
                document.Dispose();
            }

            return payload;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static ParsedPayload Read(JsonDocument document, string? impliedType, bool batch)
    {
        var root = document.RootElement;
        if (!batch)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ParsedPayload.Refused("The body is not an event: expected a JSON object.");
            }

            var (single, element) = ReadEvent(root, impliedType, envelope: default);
            return single.RawUtf8.Length > MaxEventBytes ? ParsedPayload.Refused("The event is larger than 32 KB.")
                : single.Failure is { } failure ? ParsedPayload.Refused(failure)
                : new ParsedPayload([single], [element], StringProperty(root, "writeKey"), document);
        }

        JsonElement items;
        JsonElement envelope = default;
        if (root.ValueKind == JsonValueKind.Array)
        {
            items = root;
        }
        else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("batch", out items) && items.ValueKind == JsonValueKind.Array)
        {
            envelope = root;
        }
        else
        {
            return ParsedPayload.Refused("The body is not a batch: expected {\"batch\": [...]} or a JSON array.");
        }

        var count = items.GetArrayLength();
        if (count > MaxBatchEvents)
        {
            return ParsedPayload.Refused($"The batch has {count} events; at most {MaxBatchEvents} are accepted.");
        }

        var events = new List<IncomingEvent>(count);
        var elements = new List<JsonElement?>(count);
        foreach (var item in items.EnumerateArray())
        {
            var (incoming, element) = ReadEvent(item, null, envelope);
            if (incoming.RawUtf8.Length > MaxEventBytes)
            {
                return ParsedPayload.Refused($"Event {events.Count} of the batch is larger than 32 KB.");
            }

            events.Add(incoming);
            elements.Add(element);
        }

        return new ParsedPayload(events, elements, envelope.ValueKind == JsonValueKind.Object ? StringProperty(envelope, "writeKey") : null, document);
    }

    /// <returns>The event, and the element it was read from unless it had to be rebuilt.</returns>
    private static (IncomingEvent Event, JsonElement? Element) ReadEvent(JsonElement item, string? impliedType, JsonElement envelope)
    {
        // The event's bytes exactly as sent (a slice of the validated body), copied once: the event log stores them.
        var raw = JsonMarshal.GetRawUtf8Value(item).ToArray();
        if (item.ValueKind != JsonValueKind.Object)
        {
            return (new IncomingEvent(GeneratedMessageId(null, raw), null, null, null, raw, "The item is not an event: expected a JSON object."), null);
        }

        var type = impliedType ?? StringProperty(item, "type")?.ToLowerInvariant();
        var messageId = StringProperty(item, "messageId");
        var needsId = string.IsNullOrEmpty(messageId) || messageId.Length > IngestedEvent.MessageIdMaxLength;
        var inherits = envelope.ValueKind == JsonValueKind.Object
            && (Inherits(item, envelope, "context") || Inherits(item, envelope, "integrations") || Inherits(item, envelope, "sentAt"));
        // A write key sent in the body is a secret: the event log must not keep it.
        var carriesKey = item.TryGetProperty("writeKey", out _);
        var rebuilt = needsId || inherits || carriesKey || (impliedType is not null && StringProperty(item, "type") != impliedType);
        if (rebuilt)
        {
            // Rare: the stored event is completed the way Segment completes it, so mapping and replay see one shape.
            messageId = needsId ? GeneratedMessageId(messageId, raw, impliedType) : messageId;
            try
            {
                raw = Rebuild(raw, messageId!, impliedType, envelope, item);
            }
            catch (InvalidOperationException)
            {
                // A lone surrogate escape survives parsing but cannot be written out again; kept as
                // sent, unless that would keep a write key.
                return (new IncomingEvent(messageId!, type, null, null, carriesKey ? "{}"u8.ToArray() : raw, LoneSurrogate), null);
            }
        }

        var incoming = new IncomingEvent(messageId!, type, StringProperty(item, "event"), IdProperty(item, "userId") ?? IdProperty(item, "anonymousId"), raw, null);
        return (incoming, rebuilt ? null : item);
    }

    private static byte[] Rebuild(byte[] raw, string messageId, string? impliedType, JsonElement envelope, JsonElement item)
    {
        var node = JsonNode.Parse(raw)!.AsObject();
        node["messageId"] = messageId;
        node.Remove("writeKey");
        if (impliedType is not null)
        {
            node["type"] = impliedType;
        }

        foreach (var name in new[] { "context", "integrations", "sentAt" })
        {
            if (envelope.ValueKind == JsonValueKind.Object && Inherits(item, envelope, name))
            {
                node[name] = JsonNode.Parse(envelope.GetProperty(name).GetRawText());
            }
        }

        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    private static bool Inherits(JsonElement item, JsonElement envelope, string name) =>
        !item.TryGetProperty(name, out _) && envelope.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>
    /// Segment fills in a missing messageId: a hash of the content and the endpoint's call type makes a
    /// retry of it a duplicate too, while an identify and a track with the same body stay apart. An id
    /// too long to store becomes a hash of itself, so its retries still meet.
    /// </summary>
    private static string GeneratedMessageId(string? tooLong, byte[] raw, string? impliedType = null)
    {
        if (!string.IsNullOrEmpty(tooLong))
        {
            return "sp-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tooLong)))[..40];
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes((impliedType ?? "") + "\n"));
        hash.AppendData(raw);
        return "sp-" + Convert.ToHexStringLower(hash.GetHashAndReset())[..40];
    }

    private const string LoneSurrogate = "The JSON holds a lone surrogate escape (such as \\ud800), which is not a character.";

    /// <summary>Whether the JSON text holds the escape \u0000 (a backslash that is itself escaped does not count).</summary>
    private static bool HasEscapedNul(ReadOnlySpan<byte> json)
    {
        var from = 0;
        while (json[from..].IndexOf("\\u0000"u8) is var found and >= 0)
        {
            var at = from + found;
            var backslashes = 0;
            while (at - backslashes - 1 >= 0 && json[at - backslashes - 1] == (byte)'\\')
            {
                backslashes++;
            }

            // An even run before it leaves this backslash starting an escape.
            if (backslashes % 2 == 0)
            {
                return true;
            }

            from = at + 1;
        }

        return false;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? SafeString(value) : null;

    private static string? IdProperty(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => SafeString(value),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return text is { Length: > 0 and <= 200 } ? text : null;
    }

    // A lone surrogate escape parses but cannot become a .NET string.
    private static string? SafeString(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
