using System.Globalization;
using System.Text.Json;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Core.Configuration.Examples;

/// <summary>One path seen in sample events.</summary>
/// <param name="Path">A mapping path, e.g. <c>traits.address.city</c> or <c>properties.products[0].sku</c>.</param>
/// <param name="Name">The last segment, e.g. <c>city</c> or <c>[0]</c>.</param>
/// <param name="Parent">The parent path; null at the top.</param>
/// <param name="Occurrences">In how many samples the path is present.</param>
/// <param name="Example">A compact example value (scalars only; null for objects and arrays).</param>
/// <param name="IsLeaf">True for a scalar value (string, number, boolean, null).</param>
public sealed record EventPath(string Path, string Name, string? Parent, int Occurrences, string? Example, bool IsLeaf);

/// <summary>
/// The paths present in a set of sample events, with how often each occurs and an example value: the
/// source of the mapping editor's path tree, autocomplete and coverage. Arrays contribute their first element.
/// </summary>
public sealed class EventPathCatalog
{
    private const int MaxExampleLength = 60;

    private readonly JsonElement[] _samples;

    private EventPathCatalog(IReadOnlyList<EventPath> paths, JsonElement[] samples)
    {
        Paths = paths;
        _samples = samples;
    }

    /// <summary>Every path, parents before children, in first-seen order.</summary>
    public IReadOnlyList<EventPath> Paths { get; }

    /// <summary>How many samples parsed as JSON objects.</summary>
    public int SampleCount => _samples.Length;

    /// <summary>An empty catalog.</summary>
    public static EventPathCatalog Empty { get; } = new([], []);

    /// <summary>The paths of some raw events; those that are not JSON objects are ignored.</summary>
    public static EventPathCatalog Build(IEnumerable<string> eventsJson)
    {
        ArgumentNullException.ThrowIfNull(eventsJson);
        var order = new List<string>();
        var found = new Dictionary<string, (string Name, string? Parent, int Count, string? Example, bool Leaf)>(StringComparer.Ordinal);
        var samples = new List<JsonElement>();
        foreach (var json in eventsJson)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json);
            }
            catch (JsonException)
            {
                continue;
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                samples.Add(document.RootElement.Clone());
                var seen = new HashSet<string>(StringComparer.Ordinal);
                Walk(document.RootElement, null, order, found, seen);
            }
        }

        return new EventPathCatalog(
            order.Select(p => new EventPath(p, found[p].Name, found[p].Parent, found[p].Count, found[p].Example, found[p].Leaf)).ToList(),
            [.. samples]);
    }

    /// <summary>
    /// Whether any sample holds a value at a path, in any spelling the engine reads (<c>$.a.b</c>,
    /// <c>a["b"]</c>, <c>a[3]</c>). <c>receivedAt</c> and <c>timestamp</c> always have one: the server
    /// sets them. A path that does not parse is never seen.
    /// </summary>
    public bool IsSeen(string path)
    {
        if (!MappingPath.TryParse(path, out var parsed, out _))
        {
            return false;
        }

        if (parsed.VirtualKind != VirtualPath.None)
        {
            return true;
        }

        foreach (var sample in _samples)
        {
            if (parsed.TryEvaluate(sample, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The direct children of a path (null: the top level).</summary>
    public IEnumerable<EventPath> ChildrenOf(string? parent) => Paths.Where(p => p.Parent == parent);

    /// <summary>Leaf paths no used path covers (a used path covers itself and everything below it).</summary>
    public IReadOnlyList<EventPath> Unused(IEnumerable<string> usedPaths)
    {
        var used = usedPaths.Select(Normalize).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
        return Paths.Where(p => p.IsLeaf && !Covered(p.Path, used)).ToList();
    }

    /// <summary>A path as the catalog writes it: without a leading <c>$.</c>, parsed and re-rendered when valid.</summary>
    public static string Normalize(string path)
    {
        var text = path.Trim();
        if (text.StartsWith("$.", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        return MappingPath.TryParse(text, out _, out _) ? text : string.Empty;
    }

    private static bool Covered(string path, HashSet<string> used)
    {
        for (var candidate = path; candidate.Length > 0; candidate = ParentOf(candidate))
        {
            if (used.Contains(candidate))
            {
                return true;
            }
        }

        return false;
    }

    private static string ParentOf(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }

    private static void Walk(
        JsonElement element,
        string? parent,
        List<string> order,
        Dictionary<string, (string Name, string? Parent, int Count, string? Example, bool Leaf)> found,
        HashSet<string> seen)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                var segment = Segment(property.Name, parent is null);
                Add(parent + segment, property.Name, parent, property.Value, order, found, seen);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array && element.GetArrayLength() > 0)
        {
            Add(parent + "[0]", "[0]", parent, element[0], order, found, seen);
        }
    }

    private static void Add(
        string path,
        string name,
        string? parent,
        JsonElement value,
        List<string> order,
        Dictionary<string, (string Name, string? Parent, int Count, string? Example, bool Leaf)> found,
        HashSet<string> seen)
    {
        var leaf = value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);
        if (seen.Add(path))
        {
            if (found.TryGetValue(path, out var known))
            {
                found[path] = known with { Count = known.Count + 1, Example = known.Example ?? Example(value), Leaf = known.Leaf && leaf };
            }
            else
            {
                order.Add(path);
                found[path] = (name, parent, 1, Example(value), leaf);
            }
        }

        Walk(value, path, order, found, seen);
    }

    private static string Segment(string name, bool top)
    {
        var plain = name.Length > 0 && char.IsAsciiLetter(name[0]) || name.StartsWith('_');
        foreach (var c in name)
        {
            plain &= char.IsAsciiLetterOrDigit(c) || c == '_' || c == '$';
        }

        if (plain)
        {
            return top ? name : "." + name;
        }

        return "[\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"]";
    }

    private static string? Example(JsonElement value)
    {
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => value.GetRawText(),
            _ => null,
        };
        return text is { Length: > MaxExampleLength } ? string.Create(CultureInfo.InvariantCulture, $"{text[..(MaxExampleLength - 1)]}…") : text;
    }
}
