using System.Text.Json.Nodes;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Fixtures;
using SelligentPortal.Core.Configuration.Outcomes;

namespace SelligentPortal.Tests.Core.Configuration.Fixtures;

/// <summary>Fixtures travel in the exported configuration file and come off it on import.</summary>
public class FixtureFileTests
{
    private static readonly EventOutcome Applied = new("applied", null, new OutcomeRecord("CUSTOMERS", "u-1",
        new SortedDictionary<string, string>(StringComparer.Ordinal) { ["first_name"] = "\"Ada\"", ["score"] = "12.5" }), []);

    private static FixtureView View(string name) => new(Guid.NewGuid(), name, FixtureOrigins.Pasted, """{"type":"identify","userId":"u-1"}""",
        new DateTime(2026, 12, 1, 10, 0, 0, 123, 456, DateTimeKind.Utc), Applied, "rm", DateTime.UtcNow, "rm", DateTime.UtcNow);

    [Fact]
    public void JoinThenSplit_GivesTheDocumentAndTheFixturesBack()
    {
        var document = ConfigurationDocumentSerializer.Serialize(SeedPreset.Create());

        var parts = FixtureFile.Split(FixtureFile.Join(document, [View("first"), View("second")]));

        Assert.Empty(parts.Problems);
        Assert.True(ConfigurationDocumentSerializer.Parse(parts.DocumentJson).Document!.ContentEquals(SeedPreset.Create()));
        Assert.Equal(["first", "second"], parts.Fixtures!.Select(f => f.Name));
        Assert.Equal(new DateTime(2026, 12, 1, 10, 0, 0, 123, 456, DateTimeKind.Utc), parts.Fixtures![0].ReceivedAtUtc);
        Assert.Empty(OutcomeComparison.Compare(Applied, parts.Fixtures[0].Expected));
        Assert.Equal("u-1", JsonNode.Parse(parts.Fixtures[0].EventJson)!["userId"]!.GetValue<string>());
    }

    [Fact]
    public void Join_WritesFieldValuesAsJsonValues()
    {
        var file = JsonNode.Parse(FixtureFile.Join(ConfigurationDocumentSerializer.Serialize(SeedPreset.Create()), [View("first")]))!;

        Assert.Equal(12.5, file["fixtures"]![0]!["expected"]!["idsRecord"]!["fields"]!["score"]!.GetValue<double>());
    }

    [Fact]
    public void Split_FileWithoutFixtures_IsUnchanged()
    {
        var document = ConfigurationDocumentSerializer.Serialize(SeedPreset.Create());

        var parts = FixtureFile.Split(document);

        Assert.Same(document, parts.DocumentJson);
        Assert.Null(parts.Fixtures);
    }

    [Fact]
    public void Split_BadFixtures_AreLocatedProblems()
    {
        var file = JsonNode.Parse(ConfigurationDocumentSerializer.Serialize(SeedPreset.Create()))!.AsObject();
        file["fixtures"] = JsonNode.Parse("""
            [
              {"name":"ok","receivedAt":"2026-12-01T10:00:00Z","event":{"type":"identify"},"expected":{"status":"skipped","reason":"x"}},
              {"name":"ok","receivedAt":"2026-12-01T10:00:00Z","event":{"type":"identify"},"expected":{"status":"skipped","reason":"x"}},
              {"name":"","receivedAt":"yesterday","event":[1],"expected":{"status":"applied","idsRecord":{}}},
              7
            ]
            """);

        var parts = FixtureFile.Split(file.ToJsonString());

        Assert.Equal(
            ["$.fixtures[1].name", "$.fixtures[2].name", "$.fixtures[2].receivedAt", "$.fixtures[2].event", "$.fixtures[2].expected", "$.fixtures[3]"],
            parts.Problems.Select(p => p.Path));
        Assert.Single(parts.Fixtures!);
    }
}
