using System.Collections.ObjectModel;
using System.Text.Json;

namespace SelligentPortal.Core.Configuration;

/// <summary>
/// A customer's configuration (docs/product.md section 4): the IDS schema and the Interaction Extension
/// schemas with their mappings. Immutable; use <c>with</c> to derive a changed copy.
/// </summary>
public sealed record ConfigurationDocument
{
    /// <summary>The Internal Data Source: where Identify calls go.</summary>
    public required InternalDataSourceDefinition InternalDataSource { get; init; }

    /// <summary>The Interaction Extensions: where Track calls go.</summary>
    public IReadOnlyList<InteractionExtensionDefinition> InteractionExtensions { get; init; } = [];

    /// <summary>True when both documents serialize to the same JSON (records compare lists by reference).</summary>
    public bool ContentEquals(ConfigurationDocument? other) =>
        other is not null && ConfigurationDocumentSerializer.Serialize(this) == ConfigurationDocumentSerializer.Serialize(other);
}

/// <summary>The Internal Data Source table: fields and mapping from Identify events.</summary>
public sealed record InternalDataSourceDefinition
{
    /// <summary>The table name, e.g. <c>CUSTOMERS</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The fields, in display order.</summary>
    public IReadOnlyList<FieldDefinition> Fields { get; init; } = [];

    /// <summary>Target field name → mapping, in document order.</summary>
    public IReadOnlyDictionary<string, FieldMapping> Mapping { get; init; } = FieldMappings.Empty;
}

/// <summary>An Interaction Extension table: the Track events it takes, fields and mapping.</summary>
public sealed record InteractionExtensionDefinition
{
    /// <summary>The table name, e.g. <c>EVENTS</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Track event names this extension takes (exact, case-sensitive); empty = all.</summary>
    public IReadOnlyList<string> Events { get; init; } = [];

    /// <summary>The fields, in display order.</summary>
    public IReadOnlyList<FieldDefinition> Fields { get; init; } = [];

    /// <summary>Target field name → mapping, in document order.</summary>
    public IReadOnlyDictionary<string, FieldMapping> Mapping { get; init; } = FieldMappings.Empty;
}

/// <summary>One field of a table.</summary>
/// <param name="Name">Matches <c>^[A-Za-z][A-Za-z0-9_]{0,63}$</c>, unique ignoring case.</param>
/// <param name="Type">The Message Studio type.</param>
/// <param name="MaxLength">Required for text (1..4000), not allowed otherwise.</param>
/// <param name="Role">The role, if any.</param>
public sealed record FieldDefinition(string Name, FieldType Type, int? MaxLength = null, FieldRole? Role = null);

/// <summary>
/// How one target field gets its value. Exactly one of <see cref="From"/>, <see cref="Value"/> and
/// <see cref="Template"/> is set in a valid document.
/// </summary>
public sealed record FieldMapping
{
    /// <summary>Paths tried in order; the first present, non-null, non-empty-string value wins.</summary>
    public IReadOnlyList<string> From { get; init; } = [];

    /// <summary>A constant value.</summary>
    public JsonElement? Value { get; init; }

    /// <summary>Text with <c>{{path}}</c> placeholders.</summary>
    public string? Template { get; init; }

    /// <summary>Used when the source is missing; it then goes through the transforms like a source value.</summary>
    public JsonElement? Default { get; init; }

    /// <summary>Transforms applied in order.</summary>
    public IReadOnlyList<TransformDefinition> Transforms { get; init; } = [];

    /// <summary>Whether a missing value fails the event (key roles are always required).</summary>
    public bool? Required { get; init; }

    /// <summary>A mapping from one or more paths.</summary>
    public static FieldMapping FromPaths(params string[] paths) => new() { From = paths };
}

/// <summary>
/// A transform: a named one (<c>trim</c>, <c>lowercase</c>, <c>uppercase</c>, <c>truncate</c>,
/// <c>digits</c>, <c>sha256</c>) or a value translation (<see cref="Map"/> with optional <see cref="Else"/>).
/// </summary>
/// <param name="Name">The transform name; <c>map</c> for a value translation.</param>
/// <param name="Map">For <c>map</c>: input text → output text (exact match).</param>
/// <param name="Else">For <c>map</c>: the output when no entry matches; when null the value passes unchanged.</param>
public sealed record TransformDefinition(string Name, IReadOnlyDictionary<string, string>? Map = null, string? Else = null)
{
    /// <summary>The transform names that take no argument.</summary>
    public static IReadOnlyList<string> NamedTransforms { get; } = ["trim", "lowercase", "uppercase", "truncate", "digits", "sha256"];

    /// <summary>The name of the value translation transform.</summary>
    public const string MapName = "map";

    /// <summary>A named transform, e.g. <c>TransformDefinition.Named("trim")</c>.</summary>
    public static TransformDefinition Named(string name) => new(name);

    /// <summary>A value translation.</summary>
    public static TransformDefinition ValueMap(IReadOnlyDictionary<string, string> map, string? otherwise = null) => new(MapName, map, otherwise);
}

/// <summary>Builds the ordered, read-only mapping dictionaries of a table.</summary>
public static class FieldMappings
{
    /// <summary>An empty mapping.</summary>
    public static IReadOnlyDictionary<string, FieldMapping> Empty { get; } =
        new ReadOnlyDictionary<string, FieldMapping>(new OrderedDictionary<string, FieldMapping>(StringComparer.Ordinal));

    /// <summary>An ordered read-only mapping from pairs (a later duplicate key replaces the earlier one).</summary>
    public static IReadOnlyDictionary<string, FieldMapping> Create(IEnumerable<KeyValuePair<string, FieldMapping>> pairs)
    {
        var map = new OrderedDictionary<string, FieldMapping>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            map[pair.Key] = pair.Value;
        }

        return new ReadOnlyDictionary<string, FieldMapping>(map);
    }

    /// <summary>An ordered read-only mapping from tuples.</summary>
    public static IReadOnlyDictionary<string, FieldMapping> Create(params (string Field, FieldMapping Mapping)[] pairs)
    {
        var map = new OrderedDictionary<string, FieldMapping>(StringComparer.Ordinal);
        foreach (var (field, mapping) in pairs)
        {
            map[field] = mapping;
        }

        return new ReadOnlyDictionary<string, FieldMapping>(map);
    }
}

/// <summary>A problem in a configuration document.</summary>
/// <param name="Path">A JSON path into the document, e.g. <c>$.internalDataSource.fields[2].type</c>.</param>
/// <param name="Message">A message a Relationship Manager understands.</param>
public sealed record ConfigurationProblem(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
