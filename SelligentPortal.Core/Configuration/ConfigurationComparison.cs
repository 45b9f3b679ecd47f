using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SelligentPortal.Core.Configuration;

/// <summary>How a table or field differs between two configurations.</summary>
public enum ChangeKind
{
    /// <summary>The same in both.</summary>
    Unchanged,

    /// <summary>Only in the newer one.</summary>
    Added,

    /// <summary>Only in the older one.</summary>
    Removed,

    /// <summary>In both, different.</summary>
    Changed,
}

/// <summary>One field of a table in two configurations: its definition and mapping before and after.</summary>
public sealed record FieldComparison(string Name, FieldDefinition? Before, FieldDefinition? After, FieldMapping? MappingBefore, FieldMapping? MappingAfter)
{
    /// <summary>True when type, max length or role differ.</summary>
    public bool DefinitionChanged => Before is not null && After is not null && Before != After;

    /// <summary>True when the mapping differs (a mapping added or removed counts).</summary>
    public bool MappingChanged => ConfigurationComparison.Json(MappingBefore) != ConfigurationComparison.Json(MappingAfter);

    public ChangeKind Kind =>
        Before is null ? ChangeKind.Added
        : After is null ? ChangeKind.Removed
        : DefinitionChanged || MappingChanged ? ChangeKind.Changed
        : ChangeKind.Unchanged;
}

/// <summary>One table in two configurations (the IDS is always matched to the IDS; extensions by name).</summary>
public sealed record TableComparison(
    string Name, string? NameBefore, bool IsExtension, ChangeKind Kind,
    IReadOnlyList<string>? EventsBefore, IReadOnlyList<string>? EventsAfter, IReadOnlyList<FieldComparison> Fields, bool Reordered)
{
    public IReadOnlyList<FieldComparison> Added => [.. Fields.Where(f => f.Kind == ChangeKind.Added)];

    public IReadOnlyList<FieldComparison> Removed => [.. Fields.Where(f => f.Kind == ChangeKind.Removed)];

    public IReadOnlyList<FieldComparison> Changed => [.. Fields.Where(f => f.Kind == ChangeKind.Changed)];

    public bool EventsChanged => EventsBefore is not null && EventsAfter is not null && !EventsBefore.SequenceEqual(EventsAfter, StringComparer.Ordinal);

    /// <summary>What changed, in a line: <c>2 fields added (plan, tier), 1 changed (email_address)</c>.</summary>
    public string Summary
    {
        get
        {
            if (Kind is ChangeKind.Added or ChangeKind.Removed)
            {
                var count = Fields.Count;
                return string.Create(CultureInfo.InvariantCulture, $"{(Kind == ChangeKind.Added ? "added" : "removed")}, {count} {(count == 1 ? "field" : "fields")}");
            }

            var parts = new List<string>();
            if (NameBefore is not null && NameBefore != Name)
            {
                parts.Add($"renamed from {NameBefore}");
            }

            Part(parts, Added, "added");
            Part(parts, Removed, "removed");
            Part(parts, Changed, "changed");
            if (EventsChanged)
            {
                parts.Add("event filter changed");
            }

            if (Reordered)
            {
                parts.Add("fields reordered");
            }

            return parts.Count == 0 ? "no changes" : string.Join(", ", parts);
        }
    }

    private static void Part(List<string> parts, IReadOnlyList<FieldComparison> fields, string what)
    {
        if (fields.Count > 0)
        {
            var names = string.Join(", ", fields.Take(4).Select(f => f.Name)) + (fields.Count > 4 ? ", …" : "");
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{fields.Count} {(fields.Count == 1 ? "field" : "fields")} {what} ({names})"));
        }
    }
}

/// <summary>
/// Compares two configurations table by table and field by field, for people: the publish dialog, the
/// version diff and the audit log (the API's path-level diff is <see cref="ConfigurationDiff"/>).
/// </summary>
public static class ConfigurationComparison
{
    /// <summary>Every table of either document, with every field; <paramref name="before"/> null: nothing was there.</summary>
    public static IReadOnlyList<TableComparison> Compare(ConfigurationDocument? before, ConfigurationDocument after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var tables = new List<TableComparison>
        {
            Table(after.InternalDataSource.Name, before?.InternalDataSource.Name, false, null, null,
                before?.InternalDataSource.Fields, before?.InternalDataSource.Mapping, after.InternalDataSource.Fields, after.InternalDataSource.Mapping),
        };
        var old = (before?.InteractionExtensions ?? []).ToDictionary(e => e.Name, StringComparer.Ordinal);
        foreach (var extension in after.InteractionExtensions)
        {
            old.TryGetValue(extension.Name, out var previous);
            tables.Add(Table(extension.Name, previous?.Name, true, previous?.Events, extension.Events, previous?.Fields, previous?.Mapping, extension.Fields, extension.Mapping));
        }

        var names = after.InteractionExtensions.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in (before?.InteractionExtensions ?? []).Where(e => !names.Contains(e.Name)))
        {
            var fields = gone.Fields.Select(f => new FieldComparison(f.Name, f, null, gone.Mapping.GetValueOrDefault(f.Name), null)).ToList();
            tables.Add(new TableComparison(gone.Name, gone.Name, true, ChangeKind.Removed, gone.Events, null, fields, false));
        }

        return tables;
    }

    /// <summary>A mapping in words: <c>traits.email, else context.traits.email · trim, lowercase · default "x" · required</c>.</summary>
    public static string Describe(FieldMapping? mapping)
    {
        if (mapping is null)
        {
            return "not mapped";
        }

        var parts = new List<string>
        {
            mapping.Template is not null ? $"template \"{mapping.Template}\""
            : mapping.From.Count == 0 && mapping.Value is { } value ? "constant " + value.GetRawText()
            : string.Join(", else ", mapping.From),
        };
        if (mapping.Transforms.Count > 0)
        {
            parts.Add(string.Join(", ", mapping.Transforms.Select(t => t.Name == TransformDefinition.MapName
                ? string.Create(CultureInfo.InvariantCulture, $"map ({t.Map?.Count ?? 0} values)")
                : t.Name)));
        }

        if (mapping.Default is { } fallback)
        {
            parts.Add("default " + fallback.GetRawText());
        }

        if (mapping.Required == true)
        {
            parts.Add("required");
        }

        return string.Join(" · ", parts);
    }

    /// <summary>A field's type and role in words: <c>text(64) · Primary key</c>.</summary>
    public static string Describe(FieldDefinition field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.TypeText() + (field.Role is { } role ? " · " + role.ToDisplayName() : "");
    }

    internal static string? Json(FieldMapping? mapping)
    {
        if (mapping is null)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ConfigurationDocumentSerializer.WriteFieldMapping(writer, mapping);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static TableComparison Table(
        string name, string? nameBefore, bool isExtension, IReadOnlyList<string>? eventsBefore, IReadOnlyList<string>? eventsAfter,
        IReadOnlyList<FieldDefinition>? fieldsBefore, IReadOnlyDictionary<string, FieldMapping>? mappingBefore,
        IReadOnlyList<FieldDefinition> fieldsAfter, IReadOnlyDictionary<string, FieldMapping> mappingAfter)
    {
        var existed = fieldsBefore is not null;
        var previous = (fieldsBefore ?? []).GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var fields = new List<FieldComparison>();
        foreach (var field in fieldsAfter)
        {
            previous.TryGetValue(field.Name, out var old);
            fields.Add(new FieldComparison(field.Name, old, field, old is null ? null : mappingBefore?.GetValueOrDefault(field.Name), mappingAfter.GetValueOrDefault(field.Name)));
        }

        var kept = fieldsAfter.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        fields.AddRange((fieldsBefore ?? []).Where(f => !kept.Contains(f.Name))
            .Select(f => new FieldComparison(f.Name, f, null, mappingBefore?.GetValueOrDefault(f.Name), null)));
        var commonBefore = (fieldsBefore ?? []).Select(f => f.Name).Where(kept.Contains).ToList();
        var commonAfter = fieldsAfter.Select(f => f.Name).Where(previous.ContainsKey).ToList();
        var reordered = !commonBefore.SequenceEqual(commonAfter, StringComparer.Ordinal);
        var comparison = new TableComparison(name, nameBefore, isExtension, ChangeKind.Unchanged, eventsBefore, eventsAfter, fields, reordered);
        var kind = !existed ? ChangeKind.Added
            : fields.Any(f => f.Kind != ChangeKind.Unchanged) || reordered || comparison.EventsChanged || nameBefore != name ? ChangeKind.Changed
            : ChangeKind.Unchanged;
        return comparison with { Kind = kind };
    }
}
