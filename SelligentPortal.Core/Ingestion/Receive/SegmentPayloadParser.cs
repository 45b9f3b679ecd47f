using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SelligentPortal.Core.Ingestion.Receive;

/// <summary>One event of a request, as received; its JSON as UTF-8.</summary>
public sealed record IncomingEvent(string MessageId, string? Type, string? EventName, string? UserId, byte[] RawUtf8, string? Failure)
{
    /// <summary>The batch envelope this event inherits fields from (shared by the request's events), or null.</summary>
    public BatchEnvelope? Envelope { get; init; }

    /// <summary>An event read back from the event log (replay, dry run), whose raw payload is text.</summary>
    public static IncomingEvent Stored(string messageId, string? type, string? eventName, string? userId, string rawJson, string? envelopeJson = null) =>
        new(messageId, type, eventName, userId, Encoding.UTF8.GetBytes(rawJson), null) { Envelope = BatchEnvelope.Stored(envelopeJson) };
}

/// <summary>
/// A request body read as Segment events, or the reason it is refused (400). It keeps the parsed body
/// until disposed, so the mapping reads each event from it instead of parsing the event again.
/// </summary>
public sealed class ParsedPayload : IDisposable
{
    private readonly JsonDocument? _document;
    private readonly IReadOnlyList<JsonElement?> _elements;

    internal ParsedPayload(
        IReadOnlyList<IncomingEvent> events, IReadOnlyList<JsonElement?> elements, string? bodyWriteKey, JsonDocument? document, JsonElement envelope = default)
    {
        (Events, _elements, BodyWriteKey, _document, Envelope) = (events, elements, bodyWriteKey, document, envelope);
    }

    private ParsedPayload(string error)
        : this([], [], null, null)
    {
        Error = error;
    }

    /// <summary>The batch's envelope as parsed (undefined for a single event), valid until this payload is disposed.</summary>
    public JsonElement Envelope { get; }

    public IReadOnlyList<IncomingEvent> Events { get; }

    public string? BodyWriteKey { get; }

    public string? Error { get; }

    public static ParsedPayload Refused(string error) => new(error);

    /// <summary>
    /// Event <paramref name="index"/> as parsed in the body, valid until this payload is disposed;
    /// null when the parser rebuilt the event (a completed messageId or type, a write key removed),
    /// whose <see cref="IncomingEvent.RawUtf8"/> is then the text to parse.
    /// </summary>
    public JsonElement? ParsedEvent(int index) => _elements[index];

    public void Dispose() => _document?.Dispose();
}

/// <summary>
/// Reads Segment request bodies: one event, <c>{"batch": [...]}</c> or a bare array. It cannot be
/// crashed: malformed JSON, duplicate keys, depth bombs, NUL characters and sizes over the limits are
/// a whole-request error; an item that is not an event, or that cannot be read, is a failed event;
/// nothing throws. What it keeps is bounded by the body: each event's own bytes (a rebuilt one grows
/// by its completed messageId and type only) and the envelope's inherited fields once.
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
        var escapes = ScanEscapes(body.Span);
        if ((escapes & Escapes.Nul) != 0)
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
            var payload = Read(document, impliedType, batch, (escapes & Escapes.LoneSurrogate) != 0);
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

    private static ParsedPayload Read(JsonDocument document, string? impliedType, bool batch, bool loneSurrogates)
    {
        var root = document.RootElement;
        if (!batch)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ParsedPayload.Refused("The body is not an event: expected a JSON object.");
            }

            var (single, element) = ReadEventSafely(root, impliedType, envelope: default, inherited: null, loneSurrogates);
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
        var inherited = BatchEnvelope.From(envelope);
        foreach (var item in items.EnumerateArray())
        {
            var (incoming, element) = ReadEventSafely(item, null, inherited is null ? default : envelope, inherited, loneSurrogates);
            if (incoming.RawUtf8.Length > MaxEventBytes)
            {
                return ParsedPayload.Refused($"Event {events.Count} of the batch is larger than 32 KB.");
            }

            events.Add(incoming);
            elements.Add(element);
        }

        return new ParsedPayload(
            events, elements, envelope.ValueKind == JsonValueKind.Object ? StringProperty(envelope, "writeKey") : null, document, envelope);
    }

    /// <summary>
    /// One item, whatever it holds: a fault while reading it fails that event only, never its batch
    /// (Segment would retry the whole batch after a 5xx, and fail the same way again).
    /// </summary>
    private static (IncomingEvent Event, JsonElement? Element) ReadEventSafely(
        JsonElement item, string? impliedType, JsonElement envelope, BatchEnvelope? inherited, bool loneSurrogates)
    {
        try
        {
            // Only when the body has one somewhere: which items hold it (they cannot be read as text).
            if (loneSurrogates && (ScanEscapes(JsonMarshal.GetRawUtf8Value(item)) & Escapes.LoneSurrogate) != 0)
            {
                var raw = JsonMarshal.GetRawUtf8Value(item).ToArray();
                var keepable = item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("writeKey", out _);
                return (new IncomingEvent(
                    StringProperty(item, "messageId") is { Length: > 0 and <= IngestedEvent.MessageIdMaxLength } id ? id : GeneratedMessageId(null, raw, impliedType),
                    null, null, null, keepable ? raw : "{}"u8.ToArray(), LoneSurrogate), null);
            }

            return ReadEvent(item, impliedType, envelope, inherited);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var raw = JsonMarshal.GetRawUtf8Value(item).ToArray();
            return (new IncomingEvent(GeneratedMessageId(null, raw, impliedType), null, null, null, item.ValueKind == JsonValueKind.Object && item.TryGetProperty("writeKey", out _) ? "{}"u8.ToArray() : raw,
                $"The event could not be read: {e.Message}"), null);
        }
    }

    /// <returns>The event, and the element it was read from unless it had to be rebuilt.</returns>
    private static (IncomingEvent Event, JsonElement? Element) ReadEvent(JsonElement item, string? impliedType, JsonElement envelope, BatchEnvelope? inherited)
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
        var inherits = inherited is not null && BatchEnvelope.InheritedFields.Any(name => BatchEnvelope.Inherits(item, envelope, name));
        // A write key sent in the body is a secret: the event log must not keep it.
        var carriesKey = item.TryGetProperty("writeKey", out _);
        var rebuilt = needsId || carriesKey || (impliedType is not null && StringProperty(item, "type") != impliedType);
        if (rebuilt)
        {
            // Rare: the stored event is completed the way Segment completes it, so mapping and replay see one shape.
            messageId = needsId ? GeneratedMessageId(messageId, raw, impliedType) : messageId;
            try
            {
                raw = Rebuild(raw, messageId!, impliedType);
            }
            catch (InvalidOperationException)
            {
                // A lone surrogate escape survives parsing but cannot be written out again; kept as
                // sent, unless that would keep a write key.
                return (new IncomingEvent(messageId!, type, null, null, carriesKey ? "{}"u8.ToArray() : raw, LoneSurrogate), null);
            }
        }

        var incoming = new IncomingEvent(messageId!, type, StringProperty(item, "event"), IdProperty(item, "userId") ?? IdProperty(item, "anonymousId"), raw, null)
        {
            Envelope = inherits ? inherited : null,
        };
        return (incoming, rebuilt ? null : item);
    }

    private static byte[] Rebuild(byte[] raw, string messageId, string? impliedType)
    {
        var node = JsonNode.Parse(raw)!.AsObject();
        node["messageId"] = messageId;
        node.Remove("writeKey");
        if (impliedType is not null)
        {
            node["type"] = impliedType;
        }

        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

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

    [Flags]
    private enum Escapes
    {
        None = 0,
        Nul = 1,
        LoneSurrogate = 2,
    }

    /// <summary>
    /// The escapes in valid JSON text that cannot become text downstream: <c>\u0000</c>, and a surrogate
    /// escape (<c>\ud800</c>) without its pair. Backslashes occur only inside strings, each starting an
    /// escape, so walking from escape to escape never mistakes <c>\\u0000</c> (an escaped backslash) for one.
    /// Runs before the JSON is parsed, so it also stops safely at a text cut short.
    /// </summary>
    private static Escapes ScanEscapes(ReadOnlySpan<byte> json)
    {
        var found = Escapes.None;
        var i = 0;
        while (i < json.Length && json[i..].IndexOf((byte)'\\') is var next and >= 0)
        {
            i += next;
            if (i + 1 >= json.Length || json[i + 1] != (byte)'u')
            {
                i += 2;
                continue;
            }

            if (i + 6 > json.Length)
            {
                break;
            }

            var code = Hex4(json.Slice(i + 2, 4));
            i += 6;
            if (code == 0)
            {
                found |= Escapes.Nul;
            }
            else if (code is >= 0xD800 and <= 0xDBFF)
            {
                if (i + 6 <= json.Length && json[i] == (byte)'\\' && json[i + 1] == (byte)'u' && Hex4(json.Slice(i + 2, 4)) is >= 0xDC00 and <= 0xDFFF)
                {
                    i += 6;
                }
                else
                {
                    found |= Escapes.LoneSurrogate;
                }
            }
            else if (code is >= 0xDC00 and <= 0xDFFF)
            {
                found |= Escapes.LoneSurrogate;
            }
        }

        return found;
    }

    private static int Hex4(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var digit in digits)
        {
            value = (value << 4) | (digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10);
        }

        return value;
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
