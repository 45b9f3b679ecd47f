using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SelligentPortal.Core.Configuration.Outcomes;

namespace SelligentPortal.Core.Configuration.Fixtures;

/// <summary>A fixture as an exported configuration file carries it.</summary>
public sealed record FixtureFileEntry(string Name, string EventJson, DateTime ReceivedAtUtc, EventOutcome Expected);

/// <summary>
/// Fixtures travel with the configuration document they guard: an export adds a top-level
/// <c>"fixtures"</c> array, an import takes it off before the document is read. Pure.
/// </summary>
public static class FixtureFile
{
    public const string Property = "fixtures";

    /// <summary>The result of <see cref="Split"/>: the document's own JSON, the fixtures, and their problems (located).</summary>
    public sealed record Parts(string DocumentJson, IReadOnlyList<FixtureFileEntry>? Fixtures, IReadOnlyList<(string Path, string Message)> Problems);

    /// <summary>
    /// Takes the fixtures off a file. A file without them, or that is no JSON object, comes back
    /// unchanged with no fixtures (null), for the document reader to judge.
    /// </summary>
    public static Parts Split(string json)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException)
        {
            return new Parts(json, null, []);
        }

        if (root is null || !root.TryGetPropertyValue(Property, out var node))
        {
            return new Parts(json, null, []);
        }

        root.Remove(Property);
        var problems = new List<(string, string)>();
        var entries = new List<FixtureFileEntry>();
        if (node is not JsonArray items)
        {
            problems.Add(("$." + Property, "\"fixtures\" is an array of fixtures."));
            return new Parts(root.ToJsonString(), entries, problems);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"$.{Property}[{i}]";
            if (Read(items[i], path, problems) is not { } entry)
            {
                continue;
            }

            if (!names.Add(entry.Name))
            {
                problems.Add((path + ".name", $"Two fixtures are named '{entry.Name}'."));
                continue;
            }

            entries.Add(entry);
        }

        return new Parts(root.ToJsonString(), entries, problems);
    }

    /// <summary>The document's JSON with the fixtures added as the last property.</summary>
    public static string Join(string documentJson, IEnumerable<FixtureView> fixtures)
    {
        var root = JsonNode.Parse(documentJson)!.AsObject();
        var items = new JsonArray();
        foreach (var fixture in fixtures)
        {
            items.Add(new JsonObject
            {
                ["name"] = fixture.Name,
                ["receivedAt"] = fixture.ReceivedAtUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                ["event"] = JsonNode.Parse(fixture.EventJson),
                ["expected"] = JsonNode.Parse(fixture.Expected.ToJson()),
            });
        }

        root[Property] = items;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static FixtureFileEntry? Read(JsonNode? node, string path, List<(string, string)> problems)
    {
        if (node is not JsonObject item)
        {
            problems.Add((path, "A fixture is an object with name, receivedAt, event and expected."));
            return null;
        }

        var count = problems.Count;
        var name = item["name"] is JsonValue n && n.TryGetValue<string>(out var text) ? text.Trim() : null;
        if ((name is null ? "A fixture needs a name." : RegressionFixtureService.NameProblem(name)) is { } nameProblem)
        {
            problems.Add((path + ".name", nameProblem));
        }

        DateTime receivedAt = default;
        if (item["receivedAt"] is not JsonValue r || !r.TryGetValue<string>(out var time)
            || !DateTime.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out receivedAt))
        {
            problems.Add((path + ".receivedAt", "\"receivedAt\" is an ISO 8601 time, as exported."));
        }

        var eventJson = item["event"]?.ToJsonString();
        if ((eventJson is null ? "A fixture needs its event." : RegressionFixtureService.EventProblem(eventJson)) is { } eventProblem)
        {
            problems.Add((path + ".event", eventProblem));
        }

        var expected = item["expected"] is JsonObject e ? EventOutcome.FromJson(e.ToJsonString()) : null;
        if (expected is null)
        {
            problems.Add((path + ".expected", "\"expected\" is an outcome as exported: status, reason, idsRecord, interactions."));
        }

        return problems.Count > count ? null : new FixtureFileEntry(name!, eventJson!, Common.UtcTime.ToMicroseconds(receivedAt), expected!);
    }
}
