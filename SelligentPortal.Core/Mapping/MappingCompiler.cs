using System.Text;
using System.Text.Json;
using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Core.Mapping;

/// <summary>Turns a validated configuration document into a <see cref="CompiledConfiguration"/>: paths parsed, converters and transforms chosen once.</summary>
public static class MappingCompiler
{
    /// <summary>
    /// Compiles a document. Validate it first with <see cref="ConfigurationValidator.Validate"/>: an invalid
    /// document is a programming error here and throws <see cref="ArgumentException"/> listing the problems.
    /// </summary>
    public static CompiledConfiguration Compile(ConfigurationDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var problems = ConfigurationValidator.Validate(document);
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                "The configuration is not valid; validate it before compiling:" + Environment.NewLine + string.Join(Environment.NewLine, problems),
                nameof(document));
        }

        var ids = CompileTable(document.InternalDataSource.Name, TableKind.InternalDataSource, document.InternalDataSource.Fields,
            document.InternalDataSource.Mapping, []);
        var extensions = new CompiledTable[document.InteractionExtensions.Count];
        for (var i = 0; i < extensions.Length; i++)
        {
            var extension = document.InteractionExtensions[i];
            extensions[i] = CompileTable(extension.Name, TableKind.InteractionExtension, extension.Fields, extension.Mapping, extension.Events);
        }

        return new CompiledConfiguration(document, ids, extensions);
    }

    private static CompiledTable CompileTable(
        string name, TableKind kind, IReadOnlyList<FieldDefinition> fields, IReadOnlyDictionary<string, FieldMapping> mapping, IReadOnlyList<string> events)
    {
        // Parse every path of the table first, so prefixes shared by several fields get one cache slot.
        var mapped = new List<(FieldDefinition Field, FieldMapping Mapping, MappingTemplate? Template, int FirstPath, int PathCount)>();
        var paths = new List<MappingPath>();
        foreach (var field in fields)
        {
            if (!mapping.TryGetValue(field.Name, out var fieldMapping))
            {
                continue;
            }

            var first = paths.Count;
            MappingTemplate? template = null;
            if (fieldMapping.From.Count > 0)
            {
                foreach (var from in fieldMapping.From)
                {
                    paths.Add(MappingPath.Parse(from));
                }
            }
            else if (fieldMapping.Value is null && MappingTemplate.TryParse(fieldMapping.Template, out template, out _))
            {
                paths.AddRange(template.Paths);
            }

            mapped.Add((field, fieldMapping, template, first, paths.Count - first));
        }

        var plan = PathPlan.Create(paths, out var bound);
        var compiled = new List<CompiledField>();
        var primaryKey = -1;
        var recipientKey = -1;
        foreach (var (field, fieldMapping, template, first, count) in mapped)
        {
            if (field.Role == FieldRole.PrimaryKey)
            {
                primaryKey = compiled.Count;
            }
            else if (field.Role == FieldRole.RecipientKey)
            {
                recipientKey = compiled.Count;
            }

            ValueSource source = template is not null ? new TemplateSource(template, bound[first..(first + count)])
                : fieldMapping.Value is { } constant ? new ConstantSource(constant)
                : new PathSource(bound[first..(first + count)]);
            compiled.Add(CompileField(field, fieldMapping, source));
        }

        var eventNames = new byte[events.Count][];
        for (var i = 0; i < events.Count; i++)
        {
            eventNames[i] = Encoding.UTF8.GetBytes(events[i]);
        }

        return new CompiledTable(name, kind, [.. compiled], primaryKey, recipientKey, eventNames, plan);
    }

    private static CompiledField CompileField(FieldDefinition field, FieldMapping mapping, ValueSource source)
    {
        var transforms = new ValueTransform[mapping.Transforms.Count];
        for (var i = 0; i < transforms.Length; i++)
        {
            var transform = mapping.Transforms[i];
            transforms[i] = transform.Name switch
            {
                "trim" => TrimTransform.Instance,
                "lowercase" => LowercaseTransform.Instance,
                "uppercase" => UppercaseTransform.Instance,
                "truncate" => new TruncateTransform(field.MaxLength ?? ConfigurationValidator.MaxTextLength),
                "digits" => DigitsTransform.Instance,
                "sha256" => Sha256Transform.Instance,
                _ => new MapTransform(transform.Map!, transform.Else),
            };
        }

        var hasDefault = mapping.Default is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) };
        var required = mapping.Required == true
            || field.Role.IsKey();
        return new CompiledField(field.Name, source, hasDefault, hasDefault ? RawValue.FromJson(mapping.Default!.Value) : default,
            transforms, FieldConverter.For(field), required);
    }
}

internal sealed class CompiledField(
    string name, ValueSource source, bool hasDefault, RawValue fallback, ValueTransform[] transforms, FieldConverter converter, bool required)
{
    public string Name { get; } = name;

    public ValueSource Source { get; } = source;

    public bool HasDefault { get; } = hasDefault;

    public RawValue Default { get; } = fallback;

    public ValueTransform[] Transforms { get; } = transforms;

    public FieldConverter Converter { get; } = converter;

    public bool Required { get; } = required;
}

internal sealed class CompiledTable(string name, TableKind kind, CompiledField[] fields, int primaryKey, int recipientKey, byte[][] events, PathPlan plan)
{
    private readonly PathPlan _plan = plan;

    public string Name { get; } = name;

    public TableKind Kind { get; } = kind;

    public CompiledField[] Fields { get; } = fields;

    public int PrimaryKeyIndex { get; } = primaryKey;

    public int RecipientKeyIndex { get; } = recipientKey;

    /// <summary>UTF-8 event names; empty = every Track event.</summary>
    public byte[][] Events { get; } = events;

    public bool Takes(JsonElement eventName)
    {
        if (Events.Length == 0)
        {
            return true;
        }

        if (eventName.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        foreach (var name in Events)
        {
            if (eventName.ValueEquals(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Maps the event into this table; adds errors and returns null when a field fails.</summary>
    public MappedRecord? Map(ref MappingContext context, ref List<MappingError>? errors)
    {
        context.UsePlan(_plan);
        var fields = Fields;
        var values = new MappedField[fields.Length];
        var count = 0;
        var failed = false;
        FieldValue primaryKey = default;
        FieldValue? recipientKey = null;
        for (var i = 0; i < fields.Length; i++)
        {
            var field = fields[i];
            var step = MapField(field, ref context, out var value, out var reason);
            if (step == FieldStep.Failed)
            {
                failed = AddError(ref errors, field, reason!);
                continue;
            }

            if (step != FieldStep.Value)
            {
                continue;
            }

            if (i == PrimaryKeyIndex)
            {
                primaryKey = value;
            }
            else if (i == RecipientKeyIndex)
            {
                recipientKey = value;
            }

            values[count++] = new MappedField(field.Name, value);
        }

        if (failed)
        {
            return null;
        }

        if (count != values.Length)
        {
            Array.Resize(ref values, count);
        }

        return new MappedRecord(Name, Kind, values, primaryKey, recipientKey);
    }

    /// <summary>What every mapped field of this table gets from the event, failing or not (the editor's preview).</summary>
    public IEnumerable<FieldPreview> Preview(ref MappingContext context)
    {
        context.UsePlan(_plan);
        var previews = new FieldPreview[Fields.Length];
        for (var i = 0; i < Fields.Length; i++)
        {
            var field = Fields[i];
            previews[i] = MapField(field, ref context, out var value, out var reason) switch
            {
                FieldStep.Value => new FieldPreview(Name, field.Name, FieldPreviewStatus.Value, value, null),
                FieldStep.Failed => new FieldPreview(Name, field.Name, FieldPreviewStatus.Failed, null, reason),
                FieldStep.Empty => new FieldPreview(Name, field.Name, FieldPreviewStatus.NoValue, null, "empty after the transforms"),
                _ => new FieldPreview(Name, field.Name, FieldPreviewStatus.NoValue, null, field.Source.MissingReason),
            };
        }

        return previews;
    }

    /// <summary>One field's way through source, default, transforms and conversion.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static FieldStep MapField(CompiledField field, ref MappingContext context, out FieldValue value, out string? reason)
    {
        value = default;
        reason = null;
        if (!field.Source.TryGet(ref context, out var raw))
        {
            if (!field.HasDefault)
            {
                if (field.Required)
                {
                    reason = "a value is required but the event has none";
                    return FieldStep.Failed;
                }

                return FieldStep.Missing;
            }

            raw = field.Default;
        }

        if (field.Transforms.Length > 0)
        {
            var text = raw.ToText();
            foreach (var transform in field.Transforms)
            {
                text = transform.Apply(text);
            }

            if (text.Length == 0)
            {
                // A transform that leaves nothing (digits of "n/a") means no value, not an invalid one.
                if (field.Required)
                {
                    reason = "a value is required but it is empty after the transforms";
                    return FieldStep.Failed;
                }

                return FieldStep.Empty;
            }

            raw = RawValue.FromText(text);
        }

        return field.Converter.TryConvert(raw, out value, out reason) ? FieldStep.Value : FieldStep.Failed;
    }

    private enum FieldStep
    {
        Value,
        Missing,
        Empty,
        Failed,
    }

    private bool AddError(ref List<MappingError>? errors, CompiledField field, string reason)
    {
        (errors ??= []).Add(new MappingError(Name, field.Name, reason));
        return true;
    }
}
