using System.Text.Json;
using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Components.Pages.Configuration;

/// <summary>The editors' mutable working copy of a configuration document (never saved as is: see <see cref="ToDocument"/>).</summary>
public sealed class ConfigurationForm
{
    public TableForm InternalDataSource { get; set; } = new();

    public List<TableForm> InteractionExtensions { get; } = [];

    /// <summary>Every table, the IDS first.</summary>
    public IEnumerable<TableForm> Tables => InteractionExtensions.Prepend(InternalDataSource);

    public static ConfigurationForm FromDocument(ConfigurationDocument document)
    {
        var form = new ConfigurationForm { InternalDataSource = TableForm.From(document.InternalDataSource.Name, [], document.InternalDataSource.Fields, document.InternalDataSource.Mapping, isExtension: false) };
        foreach (var extension in document.InteractionExtensions)
        {
            form.InteractionExtensions.Add(TableForm.From(extension.Name, extension.Events, extension.Fields, extension.Mapping, isExtension: true));
        }

        return form;
    }

    public ConfigurationDocument ToDocument() => new()
    {
        InternalDataSource = new InternalDataSourceDefinition
        {
            Name = InternalDataSource.Name,
            Fields = InternalDataSource.Fields.Select(f => f.ToDefinition()).ToList(),
            Mapping = InternalDataSource.MappingDictionary(),
        },
        InteractionExtensions = InteractionExtensions.Select(e => new InteractionExtensionDefinition
        {
            Name = e.Name,
            Events = [.. e.Events],
            Fields = e.Fields.Select(f => f.ToDefinition()).ToList(),
            Mapping = e.MappingDictionary(),
        }).ToList(),
    };

    /// <summary>The JSON path the validator uses for a table.</summary>
    public string PathOf(TableForm table)
    {
        var index = InteractionExtensions.IndexOf(table);
        return index < 0 ? "$.internalDataSource" : ProblemPaths.Extension(index);
    }

    public TableForm AddExtension()
    {
        var taken = Tables.Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var name = "EVENTS";
        for (var n = 2; taken.Contains(name); n++)
        {
            name = "EVENTS_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var keyType = InternalDataSource.Fields.FirstOrDefault(f => f.Role == FieldRole.PrimaryKey)?.Type ?? FieldType.Text;
        var table = new TableForm { Name = name, IsExtension = true };
        table.Fields.Add(new FieldForm { Name = "event_id", Type = FieldType.Text, MaxLength = 100, Role = FieldRole.PrimaryKey, Mapping = MappingForm.FromPaths("messageId") });
        table.Fields.Add(new FieldForm { Name = "customer_id", Type = keyType, MaxLength = keyType == FieldType.Text ? 64 : null, Role = FieldRole.RecipientKey, Mapping = MappingForm.FromPaths("userId") });
        table.Fields.Add(new FieldForm { Name = "event_type", Type = FieldType.Text, MaxLength = 100, Role = FieldRole.EventType, Mapping = MappingForm.FromPaths("event") });
        table.Fields.Add(new FieldForm { Name = "event_timestamp", Type = FieldType.Datetime, Role = FieldRole.EventTimestamp, Mapping = MappingForm.FromPaths("timestamp") });
        InteractionExtensions.Add(table);
        return table;
    }
}

/// <summary>The IDS or an Interaction Extension being edited.</summary>
public sealed class TableForm
{
    public string Name { get; set; } = string.Empty;

    public bool IsExtension { get; init; }

    /// <summary>The extension's event filter (empty = every Track).</summary>
    public List<string> Events { get; } = [];

    public List<FieldForm> Fields { get; } = [];

    /// <summary>Mappings whose target is not a field of the table (kept so nothing is lost silently; the validator reports them).</summary>
    public List<(string Field, FieldMapping Mapping)> Orphans { get; } = [];

    public static TableForm From(
        string name, IReadOnlyList<string> events, IReadOnlyList<FieldDefinition> fields, IReadOnlyDictionary<string, FieldMapping> mapping, bool isExtension)
    {
        var table = new TableForm { Name = name, IsExtension = isExtension };
        table.Events.AddRange(events);
        foreach (var field in fields)
        {
            table.Fields.Add(new FieldForm
            {
                Name = field.Name,
                Type = field.Type,
                MaxLength = field.MaxLength,
                Role = field.Role,
                Mapping = mapping.TryGetValue(field.Name, out var m) ? MappingForm.From(m) : null,
            });
        }

        var names = fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        table.Orphans.AddRange(mapping.Where(m => !names.Contains(m.Key)).Select(m => (m.Key, m.Value)));
        return table;
    }

    public FieldForm AddField()
    {
        var taken = Fields.Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var name = "new_field";
        for (var n = 2; taken.Contains(name); n++)
        {
            name = "new_field_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var field = new FieldForm { Name = name, Type = FieldType.Text, MaxLength = 100 };
        Fields.Add(field);
        return field;
    }

    public void Move(FieldForm field, int offset)
    {
        var index = Fields.IndexOf(field);
        var target = index + offset;
        if (index < 0 || target < 0 || target >= Fields.Count)
        {
            return;
        }

        Fields.RemoveAt(index);
        Fields.Insert(target, field);
    }

    public IReadOnlyDictionary<string, FieldMapping> MappingDictionary() =>
        FieldMappings.Create(Fields.Where(f => f.Mapping is not null)
            .Select(f => new KeyValuePair<string, FieldMapping>(f.Name, f.Mapping!.ToMapping()))
            .Concat(Orphans.Select(o => new KeyValuePair<string, FieldMapping>(o.Field, o.Mapping))));
}

/// <summary>A field being edited, with its mapping (so renaming a field keeps it).</summary>
public sealed class FieldForm
{
    public string Name { get; set; } = string.Empty;

    public FieldType Type { get; set; } = FieldType.Text;

    public int? MaxLength { get; set; }

    public FieldRole? Role { get; set; }

    /// <summary>Null: the field is not mapped.</summary>
    public MappingForm? Mapping { get; set; }

    public FieldDefinition ToDefinition() => new(Name, Type, MaxLength, Role);

    /// <summary>Changes the type, giving text a max length and taking it from other types (what the validator asks).</summary>
    public void ChangeType(FieldType type)
    {
        Type = type;
        MaxLength = type == FieldType.Text ? MaxLength ?? 100 : null;
    }
}

/// <summary>Where a mapped value comes from.</summary>
public enum SourceKind
{
    Paths,
    Value,
    Template,
}

/// <summary>A field mapping being edited.</summary>
public sealed class MappingForm
{
    public SourceKind Kind { get; set; } = SourceKind.Paths;

    /// <summary>The <c>from</c> paths, tried in order.</summary>
    public List<string> Paths { get; } = [];

    public JsonText Value { get; set; } = JsonText.Empty;

    public string Template { get; set; } = string.Empty;

    /// <summary>The default; empty text = none.</summary>
    public JsonText Default { get; set; } = JsonText.Empty;

    public List<TransformDefinition> Transforms { get; } = [];

    public bool? Required { get; set; }

    public static MappingForm FromPaths(params string[] paths)
    {
        var form = new MappingForm();
        form.Paths.AddRange(paths);
        return form;
    }

    public static MappingForm From(FieldMapping mapping)
    {
        var form = new MappingForm
        {
            Kind = mapping.Template is not null ? SourceKind.Template : mapping.Value is not null && mapping.From.Count == 0 ? SourceKind.Value : SourceKind.Paths,
            Value = JsonText.From(mapping.Value),
            Template = mapping.Template ?? string.Empty,
            Default = JsonText.From(mapping.Default),
            Required = mapping.Required,
        };
        form.Paths.AddRange(mapping.From);
        form.Transforms.AddRange(mapping.Transforms);
        return form;
    }

    /// <summary>The mapping with only the chosen kind's source (the editor keeps the others while the user switches).</summary>
    public FieldMapping ToMapping() => new()
    {
        From = Kind == SourceKind.Paths ? Paths.Where(p => !string.IsNullOrWhiteSpace(p)).ToList() : [],
        Value = Kind == SourceKind.Value ? Value.ToElement() ?? JsonText.FromString(string.Empty) : null,
        Template = Kind == SourceKind.Template ? Template : null,
        Default = Default.ToElement(),
        Transforms = [.. Transforms],
        Required = Required,
    };
}

/// <summary>
/// A constant as the user types it. A value loaded as a JSON number, boolean or object stays one while
/// its text still parses as JSON; anything typed fresh is a string (conversion to the field type is automatic).
/// </summary>
public sealed record JsonText(string Text, bool IsLiteral)
{
    public static JsonText Empty { get; } = new(string.Empty, false);

    public bool IsEmpty => Text.Length == 0;

    public static JsonText From(JsonElement? element) => element switch
    {
        null => Empty,
        { ValueKind: JsonValueKind.String } e => new(e.GetString()!, false),
        { } e => new(e.GetRawText(), true),
    };

    public JsonText WithText(string? text) => this with { Text = text ?? string.Empty };

    public JsonElement? ToElement()
    {
        if (IsLiteral)
        {
            try
            {
                using var document = JsonDocument.Parse(Text);
                return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // No longer valid JSON: the user typed text.
            }
        }

        return IsEmpty ? null : FromString(Text);
    }

    public static JsonElement FromString(string text) => JsonSerializer.SerializeToElement(text);
}
