using System.Text.Json;
using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Core.Mapping;

/// <summary>
/// A configuration ready to map events; immutable and thread-safe, so compile once per published
/// version and share it. Pure: no I/O, no clock; never throws for bad input.
/// </summary>
public sealed class CompiledConfiguration
{
    private readonly CompiledTable _internalDataSource;
    private readonly CompiledTable[] _extensions;

    internal CompiledConfiguration(ConfigurationDocument document, CompiledTable internalDataSource, CompiledTable[] extensions)
    {
        Document = document;
        _internalDataSource = internalDataSource;
        _extensions = extensions;
    }

    /// <summary>The document this was compiled from.</summary>
    public ConfigurationDocument Document { get; }

    /// <summary>
    /// Maps one Segment event. <paramref name="eventType"/> overrides the event's <c>type</c> (as the
    /// <c>/v1/track</c>-style endpoints imply it). Identify gives one IDS record; Track one record per
    /// extension whose event filter contains the <c>event</c> name (exact, case-sensitive; an empty filter
    /// takes all); Page, Screen, Group, Alias and Delete are skipped; a missing or unknown type fails.
    /// <c>receivedAt</c> resolves to <paramref name="receivedAtUtc"/>, and an absent <c>timestamp</c> to
    /// receivedAt - (sentAt - originalTimestamp) when both are present, else receivedAt. An event of a
    /// batch reads the <paramref name="envelope"/>'s context, integrations and sentAt when it lacks them.
    /// </summary>
    public MappingResult Map(JsonElement segmentEvent, DateTime receivedAtUtc, string? eventType = null, JsonElement envelope = default)
    {
        if (segmentEvent.ValueKind != JsonValueKind.Object)
        {
            return MappingResult.Failed(eventType, "The event is not a JSON object.");
        }

        var kind = eventType is null ? ReadType(segmentEvent, out eventType) : ParseType(ref eventType);
        switch (kind)
        {
            case CallType.Missing:
                return MappingResult.Failed(null, "The event has no 'type' (identify, track, page, screen, group, alias or delete).");
            case CallType.Unknown:
                return MappingResult.Failed(eventType, $"Unknown event type '{eventType}'; expected identify, track, page, screen, group, alias or delete.");
            case CallType.Other:
                return MappingResult.Skipped(eventType, $"'{eventType}' calls are not mapped.");
        }

        var context = new MappingContext(segmentEvent, receivedAtUtc, envelope);
        List<MappingError>? errors = null;
        if (kind == CallType.Identify)
        {
            var record = _internalDataSource.Map(ref context, ref errors);
            return record is null ? MappingResult.Failed(eventType, [], errors!) : MappingResult.Mapped(eventType!, [record]);
        }

        segmentEvent.TryGetProperty("event"u8, out var eventName);
        var matched = 0;
        foreach (var extension in _extensions)
        {
            if (extension.Takes(eventName))
            {
                matched++;
            }
        }

        if (matched == 0)
        {
            var name = eventName.ValueKind == JsonValueKind.String ? eventName.GetString() : null;
            return MappingResult.Skipped(eventType, $"No interaction extension takes the Track event '{name}'.");
        }

        var records = new MappedRecord[matched];
        var count = 0;
        foreach (var extension in _extensions)
        {
            if (extension.Takes(eventName) && extension.Map(ref context, ref errors) is { } record)
            {
                records[count++] = record;
            }
        }

        if (errors is not null)
        {
            return MappingResult.Failed(eventType, records[..count], errors);
        }

        return MappingResult.Mapped(eventType!, records);
    }

    /// <summary>
    /// For the editor's preview: every mapped field of each table the event goes to, with its value, or why
    /// it has none, or why it fails; unlike <see cref="Map"/>, a failing field does not hide the others.
    /// Empty for events that are skipped or have no known type.
    /// </summary>
    public IReadOnlyList<FieldPreview> Preview(JsonElement segmentEvent, DateTime receivedAtUtc)
    {
        if (segmentEvent.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var kind = ReadType(segmentEvent, out _);
        var context = new MappingContext(segmentEvent, receivedAtUtc);
        if (kind == CallType.Identify)
        {
            return [.. _internalDataSource.Preview(ref context)];
        }

        if (kind != CallType.Track)
        {
            return [];
        }

        segmentEvent.TryGetProperty("event"u8, out var eventName);
        var previews = new List<FieldPreview>();
        foreach (var extension in _extensions)
        {
            if (extension.Takes(eventName))
            {
                previews.AddRange(extension.Preview(ref context));
            }
        }

        return previews;
    }

    private static CallType ReadType(JsonElement root, out string? eventType)
    {
        eventType = null;
        if (!root.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
        {
            return CallType.Missing;
        }

        // Compare UTF-8 first so the common types cost no string allocation.
        foreach (var (name, utf8, kind) in KnownTypes)
        {
            if (type.ValueEquals(utf8))
            {
                eventType = name;
                return kind;
            }
        }

        var text = type.GetString()!;
        var parsed = ParseType(ref text);
        eventType = text;
        return parsed;
    }

    private static CallType ParseType(ref string eventType)
    {
        foreach (var (name, _, kind) in KnownTypes)
        {
            if (string.Equals(name, eventType, StringComparison.OrdinalIgnoreCase))
            {
                eventType = name;
                return kind;
            }
        }

        return string.IsNullOrWhiteSpace(eventType) ? CallType.Missing : CallType.Unknown;
    }

    private static readonly (string Name, byte[] Utf8, CallType Kind)[] KnownTypes =
    [
        ("identify", "identify"u8.ToArray(), CallType.Identify),
        ("track", "track"u8.ToArray(), CallType.Track),
        ("page", "page"u8.ToArray(), CallType.Other),
        ("screen", "screen"u8.ToArray(), CallType.Other),
        ("group", "group"u8.ToArray(), CallType.Other),
        ("alias", "alias"u8.ToArray(), CallType.Other),
        ("delete", "delete"u8.ToArray(), CallType.Other),
    ];

    private enum CallType
    {
        Missing,
        Unknown,
        Identify,
        Track,
        Other,
    }
}
