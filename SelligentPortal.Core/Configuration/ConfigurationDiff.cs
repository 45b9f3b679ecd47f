using System.Buffers;
using System.Text;
using System.Text.Json;

namespace SelligentPortal.Core.Configuration;

/// <summary>One difference between two configuration versions.</summary>
/// <param name="Path">Where, e.g. <c>$.internalDataSource.fields.first_name</c> or <c>$.interactionExtensions.EVENTS.mapping.channel</c>.</param>
/// <param name="Kind"><c>added</c>, <c>removed</c> or <c>changed</c>.</param>
/// <param name="Before">The compact JSON before (null when added).</param>
/// <param name="After">The compact JSON after (null when removed).</param>
public sealed record ConfigurationChange(string Path, string Kind, string? Before, string? After);

/// <summary>Compares two configuration versions at table, field and mapping granularity (the "compare two versions" feature).</summary>
public static class ConfigurationDiff
{
    /// <summary>The kind of an added item.</summary>
    public const string Added = "added";

    /// <summary>The kind of a removed item.</summary>
    public const string Removed = "removed";

    /// <summary>The kind of a changed item.</summary>
    public const string Changed = "changed";

    /// <summary>
    /// Lists the differences. Fields and mappings are matched by name and extensions by table name
    /// (so a path names the item, not its position); a field moved to another position is reported as changed
    /// on the table's <c>fieldOrder</c>.
    /// </summary>
    public static IReadOnlyList<ConfigurationChange> Compare(ConfigurationDocument before, ConfigurationDocument after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<ConfigurationChange>();
        const string IdsPath = "$.internalDataSource";
        Scalar(changes, IdsPath + ".name", before.InternalDataSource.Name, after.InternalDataSource.Name);
        CompareTable(changes, IdsPath, before.InternalDataSource.Fields, after.InternalDataSource.Fields,
            before.InternalDataSource.Mapping, after.InternalDataSource.Mapping);

        var beforeExtensions = before.InteractionExtensions.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var afterNames = new HashSet<string>(after.InteractionExtensions.Select(e => e.Name), StringComparer.Ordinal);
        foreach (var extension in before.InteractionExtensions)
        {
            if (!afterNames.Contains(extension.Name))
            {
                changes.Add(new(ExtensionPath(extension.Name), Removed, Summary(extension), null));
            }
        }

        foreach (var extension in after.InteractionExtensions)
        {
            var path = ExtensionPath(extension.Name);
            if (!beforeExtensions.TryGetValue(extension.Name, out var old))
            {
                changes.Add(new(path, Added, null, Summary(extension)));
                continue;
            }

            Scalar(changes, path + ".events", Json(old.Events), Json(extension.Events));
            CompareTable(changes, path, old.Fields, extension.Fields, old.Mapping, extension.Mapping);
        }

        return changes;
    }

    private static string ExtensionPath(string name) => "$.interactionExtensions" + ConfigurationDocumentSerializer.Member(name);

    private static void CompareTable(
        List<ConfigurationChange> changes,
        string path,
        IReadOnlyList<FieldDefinition> beforeFields,
        IReadOnlyList<FieldDefinition> afterFields,
        IReadOnlyDictionary<string, FieldMapping> beforeMapping,
        IReadOnlyDictionary<string, FieldMapping> afterMapping)
    {
        CompareNamed(changes, path + ".fields",
            beforeFields.Select(f => (f.Name, Json(f))).ToList(),
            afterFields.Select(f => (f.Name, Json(f))).ToList());
        Scalar(changes, path + ".fieldOrder",
            Json(beforeFields.Select(f => f.Name).ToList()), Json(afterFields.Select(f => f.Name).ToList()),
            reportOnlyIfSameSet: true);
        CompareNamed(changes, path + ".mapping",
            beforeMapping.Select(m => (m.Key, Json(m.Value))).ToList(),
            afterMapping.Select(m => (m.Key, Json(m.Value))).ToList());
    }

    private static void CompareNamed(List<ConfigurationChange> changes, string path, List<(string Name, string Json)> before, List<(string Name, string Json)> after)
    {
        var afterByName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, json) in after)
        {
            afterByName.TryAdd(name, json);
        }

        var beforeByName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, json) in before)
        {
            if (!beforeByName.TryAdd(name, json))
            {
                continue;
            }

            if (!afterByName.TryGetValue(name, out var now))
            {
                changes.Add(new(path + ConfigurationDocumentSerializer.Member(name), Removed, json, null));
            }
            else if (now != json)
            {
                changes.Add(new(path + ConfigurationDocumentSerializer.Member(name), Changed, json, now));
            }
        }

        foreach (var (name, json) in after)
        {
            if (!beforeByName.ContainsKey(name))
            {
                changes.Add(new(path + ConfigurationDocumentSerializer.Member(name), Added, null, json));
            }
        }
    }

    private static void Scalar(List<ConfigurationChange> changes, string path, string before, string after, bool reportOnlyIfSameSet = false)
    {
        if (before == after)
        {
            return;
        }

        if (reportOnlyIfSameSet)
        {
            // Added or removed fields already explain a different list; only a pure reorder is reported here.
            var a = JsonSerializer.Deserialize<string[]>(before) ?? [];
            var b = JsonSerializer.Deserialize<string[]>(after) ?? [];
            if (a.Length != b.Length || !a.Order(StringComparer.Ordinal).SequenceEqual(b.Order(StringComparer.Ordinal)))
            {
                return;
            }
        }

        changes.Add(new(path, Changed, before, after));
    }

    private static string Summary(InteractionExtensionDefinition extension) =>
        Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("name", extension.Name);
            w.WriteNumber("fields", extension.Fields.Count);
            w.WriteNumber("mappings", extension.Mapping.Count);
            w.WriteEndObject();
        });

    private static string Json(FieldDefinition field) =>
        Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("name", field.Name);
            w.WriteString("type", field.Type.ToJsonName());
            if (field.MaxLength is { } maxLength)
            {
                w.WriteNumber("maxLength", maxLength);
            }

            if (field.Role is { } role)
            {
                w.WriteString("role", role.ToJsonName());
            }

            w.WriteEndObject();
        });

    private static string Json(FieldMapping mapping) => Write(w => ConfigurationDocumentSerializer.WriteFieldMapping(w, mapping));

    private static string Json(IReadOnlyList<string> values) =>
        Write(w =>
        {
            w.WriteStartArray();
            foreach (var value in values)
            {
                w.WriteStringValue(value);
            }

            w.WriteEndArray();
        });

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
