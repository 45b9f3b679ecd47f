using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SelligentPortal.Core.Mapping;

/// <summary>A value on its way through the pipeline: missing, a JSON value, text, or an instant computed by the engine.</summary>
internal readonly struct RawValue
{
    private RawValue(RawKind kind, JsonElement json, string? text, DateTime instant)
    {
        Kind = kind;
        Json = json;
        Text = text;
        Instant = instant;
    }

    public RawKind Kind { get; }

    /// <summary>A non-string JSON value (strings are carried as <see cref="Text"/>).</summary>
    public JsonElement Json { get; }

    public string? Text { get; }

    public DateTime Instant { get; }

    public static RawValue FromJson(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? FromText(element.GetString()!) : new(RawKind.Json, element, null, default);

    public static RawValue FromText(string text) => new(RawKind.Text, default, text, default);

    public static RawValue FromInstant(DateTime utc) => new(RawKind.Instant, default, null, utc);

    /// <summary>The text form: strings as is, numbers and booleans invariant, objects and arrays as compact JSON, instants ISO 8601 UTC.</summary>
    public string ToText() => Kind switch
    {
        RawKind.Text => Text!,
        RawKind.Instant => Iso8601.FormatUtc(Instant),
        _ => Json.ValueKind switch
        {
            JsonValueKind.Number => Json.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Object or JsonValueKind.Array => CompactJson(Json),
            _ => string.Empty,
        },
    };

    /// <summary>A short, quoted form for error messages.</summary>
    public string Describe()
    {
        var text = ToText();
        if (text.Length > 60)
        {
            text = string.Concat(text.AsSpan(0, 57), "...");
        }

        return Kind == RawKind.Json && Json.ValueKind != JsonValueKind.String ? text : "'" + text + "'";
    }

    private static string CompactJson(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

internal enum RawKind
{
    Json,
    Text,
    Instant,
}

/// <summary>
/// The event being mapped, with the virtual paths the server resolves itself: <c>receivedAt</c> and a
/// computed <c>timestamp</c>. An event of a batch also reads the envelope's <c>context</c>,
/// <c>integrations</c> and <c>sentAt</c> when it has none of its own, as Segment applies them.
/// Passed by reference so the timestamp is computed at most once per event.
/// </summary>
internal struct MappingContext
{
    private SlotCache _slots;
    private BoundPath[] _plan = [];
    private uint _resolved;
    private uint _present;
    private bool _timestampResolved;
    private bool _timestampFromEvent;
    private JsonElement _timestampElement;
    private DateTime _computedTimestamp;

    public MappingContext(JsonElement root, DateTime receivedAtUtc, JsonElement envelope = default)
    {
        Root = root;
        Envelope = envelope;
        ReceivedAtUtc = receivedAtUtc.Kind switch
        {
            DateTimeKind.Utc => receivedAtUtc,
            DateTimeKind.Local => receivedAtUtc.ToUniversalTime(),
            _ => DateTime.SpecifyKind(receivedAtUtc, DateTimeKind.Utc),
        };
    }

    public JsonElement Root { get; }

    /// <summary>The batch envelope (undefined when there is none).</summary>
    public JsonElement Envelope { get; }

    public DateTime ReceivedAtUtc { get; }

    /// <summary>Switches to a table's prefix plan (slot numbers are per table).</summary>
    public void UsePlan(PathPlan plan)
    {
        _plan = plan.Slots;
        _resolved = 0;
        _present = 0;
    }

    /// <summary>Looks a path up; null, absent and (for coalescing) empty strings count as missing.</summary>
    public bool TryResolve(BoundPath bound, out RawValue value)
    {
        var path = bound.Path;
        switch (path.VirtualKind)
        {
            case VirtualPath.ReceivedAt:
                value = RawValue.FromInstant(ReceivedAtUtc);
                return true;
            case VirtualPath.Timestamp:
                ResolveTimestamp();
                value = _timestampFromEvent ? RawValue.FromJson(_timestampElement) : RawValue.FromInstant(_computedTimestamp);
                return true;
        }

        var element = default(JsonElement);
        var found = bound.BaseSlot >= 0
            ? TryGetSlot(bound.BaseSlot, out var start) && path.TryEvaluateFrom(start, bound.StartSegment, out element)
            : TryEvaluateFromRoot(path, out element);
        if (!found || element.ValueKind == JsonValueKind.Null)
        {
            value = default;
            return false;
        }

        value = RawValue.FromJson(element);
        return value.Kind != RawKind.Text || value.Text!.Length > 0;
    }

    private bool TryGetSlot(int slot, out JsonElement element)
    {
        var bit = 1u << slot;
        if ((_resolved & bit) == 0)
        {
            var plan = _plan[slot];
            JsonElement start;
            var found = plan.BaseSlot < 0
                ? TryEvaluateFromRoot(plan.Path, out start)
                : TryGetSlot(plan.BaseSlot, out start) && plan.Path.TryEvaluateFrom(start, plan.StartSegment, out start);
            _resolved |= bit;
            if (found)
            {
                _present |= bit;
                _slots[slot] = start;
            }
        }

        element = _slots[slot];
        return (_present & bit) != 0;
    }

    private void ResolveTimestamp()
    {
        if (_timestampResolved)
        {
            return;
        }

        _timestampResolved = true;
        if (Root.TryGetProperty("timestamp"u8, out var timestamp) && timestamp.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            && !(timestamp.ValueKind == JsonValueKind.String && timestamp.ValueEquals(ReadOnlySpan<byte>.Empty)))
        {
            _timestampFromEvent = true;
            _timestampElement = timestamp;
            return;
        }

        // Segment's correction for device clock skew: receivedAt - (sentAt - originalTimestamp).
        _computedTimestamp = ReceivedAtUtc;
        if (TryReadInstant("sentAt"u8, out var sentAt) && TryReadInstant("originalTimestamp"u8, out var original)
            && Iso8601.TryCorrectSkew(ReceivedAtUtc, sentAt, original, out var corrected))
        {
            _computedTimestamp = corrected;
        }
    }

    private readonly bool TryReadInstant(ReadOnlySpan<byte> name, out DateTime utc)
    {
        utc = default;
        return TryGetTopLevel(name, out var element) && Iso8601.TryReadInstant(element, out utc);
    }

    private readonly bool TryEvaluateFromRoot(MappingPath path, out JsonElement value) =>
        Envelope.ValueKind == JsonValueKind.Object && path.FirstUtf8Name is { } first && TryInherit(first, out var inherited)
            ? path.TryEvaluateFrom(inherited, 1, out value)
            : path.TryEvaluateFrom(Root, 0, out value);

    /// <summary>A field of the event, or of the envelope when the event inherits it.</summary>
    private readonly bool TryGetTopLevel(ReadOnlySpan<byte> name, out JsonElement value) =>
        Root.TryGetProperty(name, out value) || (Envelope.ValueKind == JsonValueKind.Object && TryInherit(name, out value));

    /// <summary>Segment's rule: an event without its own context, integrations or sentAt takes the envelope's (when not null).</summary>
    private readonly bool TryInherit(ReadOnlySpan<byte> name, out JsonElement value)
    {
        value = default;
        return (name.SequenceEqual("context"u8) || name.SequenceEqual("integrations"u8) || name.SequenceEqual("sentAt"u8))
            && !Root.TryGetProperty(name, out _)
            && Envelope.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }
}

/// <summary>Invariant helpers shared by converters.</summary>
internal static class Invariant
{
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
