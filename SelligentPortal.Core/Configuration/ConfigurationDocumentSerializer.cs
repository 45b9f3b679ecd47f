using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SelligentPortal.Core.Configuration;

/// <summary>The outcome of <see cref="ConfigurationDocumentSerializer.Parse"/>: a document or the problems found.</summary>
public sealed class ConfigurationParseResult
{
    internal ConfigurationParseResult(ConfigurationDocument? document, IReadOnlyList<ConfigurationProblem> problems)
    {
        Document = document;
        Problems = problems;
    }

    /// <summary>The document, when <see cref="Problems"/> is empty.</summary>
    public ConfigurationDocument? Document { get; }

    /// <summary>Every problem found while reading (not the semantic rules: see <see cref="ConfigurationValidator"/>).</summary>
    public IReadOnlyList<ConfigurationProblem> Problems { get; }

    /// <summary>True when the JSON was read into a document.</summary>
    public bool Succeeded => Document is not null;
}

/// <summary>Reads and writes the section 4 configuration document format.</summary>
public static class ConfigurationDocumentSerializer
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    /// <summary>
    /// Reads a configuration document. Never throws for bad input: wrong JSON, wrong types and unknown
    /// properties come back as problems with their JSON path.
    /// </summary>
    public static ConfigurationParseResult Parse(string json)
    {
        var problems = new List<ConfigurationProblem>();
        if (string.IsNullOrWhiteSpace(json))
        {
            problems.Add(new("$", "The document is empty."));
            return new(null, problems);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line
                ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1})")
                : string.Empty;
            problems.Add(new("$", "The document is not valid JSON" + where + "."));
            return new(null, problems);
        }

        using (document)
        {
            var reader = new Reader(problems);
            var result = reader.ReadDocument(document.RootElement);
            return problems.Count == 0 ? new(result, problems) : new(null, problems);
        }
    }

    /// <summary>Writes a document as indented camelCase JSON in the section 4 shape.</summary>
    public static string Serialize(ConfigurationDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, document);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes a document to a JSON writer.</summary>
    public static void Write(Utf8JsonWriter writer, ConfigurationDocument document)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(document);
        writer.WriteStartObject();
        writer.WritePropertyName("internalDataSource");
        writer.WriteStartObject();
        writer.WriteString("name", document.InternalDataSource.Name);
        WriteFields(writer, document.InternalDataSource.Fields);
        WriteMapping(writer, document.InternalDataSource.Mapping);
        writer.WriteEndObject();
        writer.WritePropertyName("interactionExtensions");
        writer.WriteStartArray();
        foreach (var extension in document.InteractionExtensions)
        {
            writer.WriteStartObject();
            writer.WriteString("name", extension.Name);
            writer.WritePropertyName("events");
            writer.WriteStartArray();
            foreach (var name in extension.Events)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
            WriteFields(writer, extension.Fields);
            WriteMapping(writer, extension.Mapping);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes one field mapping as its JSON object.</summary>
    public static void WriteFieldMapping(Utf8JsonWriter writer, FieldMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(mapping);
        writer.WriteStartObject();
        if (mapping.From.Count == 1)
        {
            writer.WriteString("from", mapping.From[0]);
        }
        else if (mapping.From.Count > 1)
        {
            writer.WritePropertyName("from");
            writer.WriteStartArray();
            foreach (var path in mapping.From)
            {
                writer.WriteStringValue(path);
            }

            writer.WriteEndArray();
        }

        if (mapping.Value is { } value)
        {
            writer.WritePropertyName("value");
            value.WriteTo(writer);
        }

        if (mapping.Template is not null)
        {
            writer.WriteString("template", mapping.Template);
        }

        if (mapping.Default is { } fallback)
        {
            writer.WritePropertyName("default");
            fallback.WriteTo(writer);
        }

        if (mapping.Transforms.Count > 0)
        {
            writer.WritePropertyName("transforms");
            writer.WriteStartArray();
            foreach (var transform in mapping.Transforms)
            {
                if (transform.Map is null && transform.Else is null && transform.Name != TransformDefinition.MapName)
                {
                    writer.WriteStringValue(transform.Name);
                    continue;
                }

                writer.WriteStartObject();
                writer.WritePropertyName(TransformDefinition.MapName);
                writer.WriteStartObject();
                foreach (var (from, to) in transform.Map ?? ReadOnlyDictionary<string, string>.Empty)
                {
                    writer.WriteString(from, to);
                }

                writer.WriteEndObject();
                if (transform.Else is not null)
                {
                    writer.WriteString("else", transform.Else);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (mapping.Required is { } required)
        {
            writer.WriteBoolean("required", required);
        }

        writer.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter writer, IReadOnlyList<FieldDefinition> fields)
    {
        writer.WritePropertyName("fields");
        writer.WriteStartArray();
        foreach (var field in fields)
        {
            writer.WriteStartObject();
            writer.WriteString("name", field.Name);
            writer.WriteString("type", field.Type.ToJsonName());
            if (field.MaxLength is { } maxLength)
            {
                writer.WriteNumber("maxLength", maxLength);
            }

            if (field.Role is { } role)
            {
                writer.WriteString("role", role.ToJsonName());
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteMapping(Utf8JsonWriter writer, IReadOnlyDictionary<string, FieldMapping> mapping)
    {
        writer.WritePropertyName("mapping");
        writer.WriteStartObject();
        foreach (var (field, fieldMapping) in mapping)
        {
            writer.WritePropertyName(field);
            WriteFieldMapping(writer, fieldMapping);
        }

        writer.WriteEndObject();
    }

    /// <summary>Formats a property access for a problem path: <c>.name</c> or <c>['odd name']</c>.</summary>
    internal static string Member(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return "['" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";
            }
        }

        return name.Length == 0 || char.IsAsciiDigit(name[0]) ? "['" + name + "']" : "." + name;
    }

    internal static string Index(int index) => string.Create(CultureInfo.InvariantCulture, $"[{index}]");

    private sealed class Reader(List<ConfigurationProblem> problems)
    {
        private static readonly string[] DocumentProperties = ["internalDataSource", "interactionExtensions"];
        private static readonly string[] IdsProperties = ["name", "fields", "mapping"];
        private static readonly string[] ExtensionProperties = ["name", "events", "fields", "mapping"];
        private static readonly string[] FieldProperties = ["name", "type", "maxLength", "role"];
        private static readonly string[] MappingProperties = ["from", "value", "template", "default", "transforms", "required"];
        private static readonly string[] MapTransformProperties = ["map", "else"];

        public ConfigurationDocument? ReadDocument(JsonElement root)
        {
            if (!ExpectObject(root, "$", "the configuration document"))
            {
                return null;
            }

            RejectUnknown(root, "$", DocumentProperties);
            InternalDataSourceDefinition? ids = null;
            if (root.TryGetProperty("internalDataSource", out var idsElement))
            {
                ids = ReadIds(idsElement, "$.internalDataSource");
            }
            else
            {
                problems.Add(new("$.internalDataSource", "The internal data source is missing."));
            }

            var extensions = new List<InteractionExtensionDefinition>();
            if (root.TryGetProperty("interactionExtensions", out var extensionsElement) && extensionsElement.ValueKind != JsonValueKind.Null)
            {
                if (ExpectArray(extensionsElement, "$.interactionExtensions", "a list of interaction extensions"))
                {
                    var i = 0;
                    foreach (var item in extensionsElement.EnumerateArray())
                    {
                        if (ReadExtension(item, "$.interactionExtensions" + Index(i)) is { } extension)
                        {
                            extensions.Add(extension);
                        }

                        i++;
                    }
                }
            }

            return ids is null ? null : new ConfigurationDocument { InternalDataSource = ids, InteractionExtensions = extensions };
        }

        private InternalDataSourceDefinition? ReadIds(JsonElement element, string path)
        {
            if (!ExpectObject(element, path, "the internal data source"))
            {
                return null;
            }

            RejectUnknown(element, path, IdsProperties);
            var name = ReadRequiredString(element, path, "name", "table name");
            var fields = ReadFields(element, path);
            var mapping = ReadMapping(element, path);
            return new InternalDataSourceDefinition { Name = name ?? string.Empty, Fields = fields, Mapping = mapping };
        }

        private InteractionExtensionDefinition? ReadExtension(JsonElement element, string path)
        {
            if (!ExpectObject(element, path, "an interaction extension"))
            {
                return null;
            }

            RejectUnknown(element, path, ExtensionProperties);
            var name = ReadRequiredString(element, path, "name", "table name");
            var events = new List<string>();
            if (element.TryGetProperty("events", out var eventsElement) && eventsElement.ValueKind != JsonValueKind.Null)
            {
                if (ExpectArray(eventsElement, path + ".events", "a list of Track event names"))
                {
                    var i = 0;
                    foreach (var item in eventsElement.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.String)
                        {
                            events.Add(item.GetString()!);
                        }
                        else
                        {
                            problems.Add(new(path + ".events" + Index(i), $"An event name must be text, not {Describe(item)}."));
                        }

                        i++;
                    }
                }
            }

            var fields = ReadFields(element, path);
            var mapping = ReadMapping(element, path);
            return new InteractionExtensionDefinition { Name = name ?? string.Empty, Events = events, Fields = fields, Mapping = mapping };
        }

        private List<FieldDefinition> ReadFields(JsonElement table, string tablePath)
        {
            var fields = new List<FieldDefinition>();
            var path = tablePath + ".fields";
            if (!table.TryGetProperty("fields", out var element) || element.ValueKind == JsonValueKind.Null)
            {
                problems.Add(new(path, "The list of fields is missing."));
                return fields;
            }

            if (!ExpectArray(element, path, "a list of fields"))
            {
                return fields;
            }

            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                var itemPath = path + Index(i++);
                if (!ExpectObject(item, itemPath, "a field"))
                {
                    continue;
                }

                RejectUnknown(item, itemPath, FieldProperties);
                var name = ReadRequiredString(item, itemPath, "name", "field name");
                var typeName = ReadRequiredString(item, itemPath, "type", "field type");
                var type = FieldType.Text;
                if (typeName is not null && !ConfigurationNames.TryParseFieldType(typeName, out type))
                {
                    problems.Add(new(itemPath + ".type",
                        $"Unknown field type '{typeName}'; expected one of {string.Join(", ", ConfigurationNames.FieldTypeNames)}."));
                }

                int? maxLength = null;
                if (item.TryGetProperty("maxLength", out var maxLengthElement) && maxLengthElement.ValueKind != JsonValueKind.Null)
                {
                    if (maxLengthElement.ValueKind == JsonValueKind.Number && maxLengthElement.TryGetInt32(out var value))
                    {
                        maxLength = value;
                    }
                    else
                    {
                        problems.Add(new(itemPath + ".maxLength", $"The maximum length must be a whole number, not {Describe(maxLengthElement)}."));
                    }
                }

                FieldRole? role = null;
                if (item.TryGetProperty("role", out var roleElement) && roleElement.ValueKind != JsonValueKind.Null)
                {
                    if (roleElement.ValueKind == JsonValueKind.String && ConfigurationNames.TryParseFieldRole(roleElement.GetString(), out var parsed))
                    {
                        role = parsed;
                    }
                    else
                    {
                        problems.Add(new(itemPath + ".role",
                            $"Unknown field role {Describe(roleElement)}; expected one of {string.Join(", ", ConfigurationNames.FieldRoleNames)}."));
                    }
                }

                fields.Add(new FieldDefinition(name ?? string.Empty, type, maxLength, role));
            }

            return fields;
        }

        private IReadOnlyDictionary<string, FieldMapping> ReadMapping(JsonElement table, string tablePath)
        {
            var path = tablePath + ".mapping";
            var map = new OrderedDictionary<string, FieldMapping>(StringComparer.Ordinal);
            if (!table.TryGetProperty("mapping", out var element) || element.ValueKind == JsonValueKind.Null)
            {
                return new ReadOnlyDictionary<string, FieldMapping>(map);
            }

            if (!ExpectObject(element, path, "an object of field mappings"))
            {
                return new ReadOnlyDictionary<string, FieldMapping>(map);
            }

            foreach (var property in element.EnumerateObject())
            {
                var itemPath = path + Member(property.Name);
                if (map.ContainsKey(property.Name))
                {
                    problems.Add(new(itemPath, $"Field '{property.Name}' is mapped twice."));
                    continue;
                }

                if (ReadFieldMapping(property.Value, itemPath) is { } mapping)
                {
                    map[property.Name] = mapping;
                }
            }

            return new ReadOnlyDictionary<string, FieldMapping>(map);
        }

        private FieldMapping? ReadFieldMapping(JsonElement element, string path)
        {
            if (!ExpectObject(element, path, "a field mapping"))
            {
                return null;
            }

            RejectUnknown(element, path, MappingProperties);
            var from = new List<string>();
            if (element.TryGetProperty("from", out var fromElement) && fromElement.ValueKind != JsonValueKind.Null)
            {
                if (fromElement.ValueKind == JsonValueKind.String)
                {
                    from.Add(fromElement.GetString()!);
                }
                else if (fromElement.ValueKind == JsonValueKind.Array)
                {
                    var i = 0;
                    foreach (var item in fromElement.EnumerateArray())
                    {
                        if (item.ValueKind == JsonValueKind.String)
                        {
                            from.Add(item.GetString()!);
                        }
                        else
                        {
                            problems.Add(new(path + ".from" + Index(i), $"A path must be text, not {Describe(item)}."));
                        }

                        i++;
                    }
                }
                else
                {
                    problems.Add(new(path + ".from", $"'from' must be a path or a list of paths, not {Describe(fromElement)}."));
                }
            }

            JsonElement? value = element.TryGetProperty("value", out var valueElement) ? valueElement.Clone() : null;
            JsonElement? fallback = element.TryGetProperty("default", out var defaultElement) ? defaultElement.Clone() : null;
            string? template = null;
            if (element.TryGetProperty("template", out var templateElement) && templateElement.ValueKind != JsonValueKind.Null)
            {
                if (templateElement.ValueKind == JsonValueKind.String)
                {
                    template = templateElement.GetString();
                }
                else
                {
                    problems.Add(new(path + ".template", $"A template must be text, not {Describe(templateElement)}."));
                }
            }

            bool? required = null;
            if (element.TryGetProperty("required", out var requiredElement) && requiredElement.ValueKind != JsonValueKind.Null)
            {
                if (requiredElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    required = requiredElement.GetBoolean();
                }
                else
                {
                    problems.Add(new(path + ".required", $"'required' must be true or false, not {Describe(requiredElement)}."));
                }
            }

            var transforms = new List<TransformDefinition>();
            if (element.TryGetProperty("transforms", out var transformsElement) && transformsElement.ValueKind != JsonValueKind.Null)
            {
                if (ExpectArray(transformsElement, path + ".transforms", "a list of transforms"))
                {
                    var i = 0;
                    foreach (var item in transformsElement.EnumerateArray())
                    {
                        if (ReadTransform(item, path + ".transforms" + Index(i++)) is { } transform)
                        {
                            transforms.Add(transform);
                        }
                    }
                }
            }

            return new FieldMapping
            {
                From = from,
                Value = value,
                Template = template,
                Default = fallback,
                Transforms = transforms,
                Required = required,
            };
        }

        private TransformDefinition? ReadTransform(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                // Unknown names are kept: the validator reports them with the list of known ones.
                return new TransformDefinition(element.GetString()!);
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new(path, $"A transform must be a name or a {{\"map\": ...}} object, not {Describe(element)}."));
                return null;
            }

            RejectUnknown(element, path, MapTransformProperties);
            var map = new OrderedDictionary<string, string>(StringComparer.Ordinal);
            if (!element.TryGetProperty("map", out var mapElement) || mapElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add(new(path + ".map", "A value translation needs a \"map\" object of \"from\": \"to\" text pairs."));
                return null;
            }

            foreach (var entry in mapElement.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.String)
                {
                    map[entry.Name] = entry.Value.GetString()!;
                }
                else
                {
                    problems.Add(new(path + ".map" + Member(entry.Name), $"A translated value must be text, not {Describe(entry.Value)}."));
                }
            }

            string? otherwise = null;
            if (element.TryGetProperty("else", out var elseElement) && elseElement.ValueKind != JsonValueKind.Null)
            {
                if (elseElement.ValueKind == JsonValueKind.String)
                {
                    otherwise = elseElement.GetString();
                }
                else
                {
                    problems.Add(new(path + ".else", $"'else' must be text, not {Describe(elseElement)}."));
                }
            }

            return new TransformDefinition(TransformDefinition.MapName, new ReadOnlyDictionary<string, string>(map), otherwise);
        }

        private string? ReadRequiredString(JsonElement element, string path, string property, string what)
        {
            if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                problems.Add(new(path + "." + property, $"The {what} is missing."));
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                problems.Add(new(path + "." + property, $"The {what} must be text, not {Describe(value)}."));
                return null;
            }

            return value.GetString();
        }

        private bool ExpectObject(JsonElement element, string path, string what)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                return true;
            }

            problems.Add(new(path, $"Expected {what} (a JSON object), found {Describe(element)}."));
            return false;
        }

        private bool ExpectArray(JsonElement element, string path, string what)
        {
            if (element.ValueKind == JsonValueKind.Array)
            {
                return true;
            }

            problems.Add(new(path, $"Expected {what} (a JSON array), found {Describe(element)}."));
            return false;
        }

        private void RejectUnknown(JsonElement element, string path, string[] known)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (Array.IndexOf(known, property.Name) < 0)
                {
                    problems.Add(new(path + Member(property.Name),
                        $"Unknown property '{property.Name}'; expected one of {string.Join(", ", known)}."));
                }
            }
        }

        private static string Describe(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.String => "text '" + element.GetString() + "'",
            JsonValueKind.Number => "the number " + element.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => "null",
            JsonValueKind.Array => "a list",
            JsonValueKind.Object => "an object",
            _ => "nothing",
        };
    }
}
