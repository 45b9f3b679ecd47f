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
/// computed <c>timestamp</c>. Passed by reference so the timestamp is computed at most once per event.
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

    public MappingContext(JsonElement root, DateTime receivedAtUtc)
    {
        Root = root;
        ReceivedAtUtc = receivedAtUtc.Kind switch
        {
            DateTimeKind.Utc => receivedAtUtc,
            DateTimeKind.Local => receivedAtUtc.ToUniversalTime(),
            _ => DateTime.SpecifyKind(receivedAtUtc, DateTimeKind.Utc),
        };
    }

    public JsonElement Root { get; }

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

        var start = Root;
        if (bound.BaseSlot >= 0 && !TryGetSlot(bound.BaseSlot, out start))
        {
            value = default;
            return false;
        }

        if (!path.TryEvaluateFrom(start, bound.StartSegment, out var element) || element.ValueKind == JsonValueKind.Null)
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
            var start = Root;
            var found = (plan.BaseSlot < 0 || TryGetSlot(plan.BaseSlot, out start))
                && plan.Path.TryEvaluateFrom(start, plan.StartSegment, out start);
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
        if (TryReadInstant("sentAt"u8, out var sentAt) && TryReadInstant("originalTimestamp"u8, out var original))
        {
            var ticks = ReceivedAtUtc.Ticks - (sentAt.Ticks - original.Ticks);
            if (ticks is >= 0 and <= 3155378975999999999)
            {
                _computedTimestamp = new DateTime(ticks, DateTimeKind.Utc);
            }
        }
    }

    private readonly bool TryReadInstant(ReadOnlySpan<byte> name, out DateTime utc)
    {
        utc = default;
        if (!Root.TryGetProperty(name, out var element))
        {
            return false;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString();
            return Iso8601.TryParse(text, out utc, out _);
        }

        return element.ValueKind == JsonValueKind.Number && Iso8601.TryFromEpochMilliseconds(element, out utc);
    }
}

/// <summary>Invariant helpers shared by converters.</summary>
internal static class Invariant
{
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
