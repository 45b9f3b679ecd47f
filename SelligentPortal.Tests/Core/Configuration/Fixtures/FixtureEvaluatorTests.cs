using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Fixtures;
using SelligentPortal.Core.Configuration.Outcomes;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Tests.Core.Configuration.Fixtures;

/// <summary>Fixtures map their event as ingestion does, and compare the outcome field by field.</summary>
public class FixtureEvaluatorTests
{
    private static readonly DateTime ReceivedAt = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);

    private const string Identify = """
        {"type":"identify","userId":"u-1","messageId":"m-1","timestamp":"2026-12-01T09:59:00Z",
         "traits":{"email":" Ada@Example.com ","firstName":"Ada","address":{"city":"London"}}}
        """;

    private const string Track = """
        {"type":"track","event":"Order Completed","userId":"u-1","messageId":"m-2","timestamp":"2026-12-01T09:59:00Z","context":{"ip":"10.0.0.1"}}
        """;

    private static CompiledConfiguration Seed(Func<ConfigurationDocument, ConfigurationDocument>? change = null) =>
        MappingCompiler.Compile(change is null ? SeedPreset.Create() : change(SeedPreset.Create()));

    private static RegressionFixture Fixture(string json, CompiledConfiguration expectation, string name = "fixture") => new()
    {
        CustomerId = Guid.NewGuid(), Name = name, EventJson = json, ReceivedAtUtc = ReceivedAt, Origin = FixtureOrigins.Pasted,
        ExpectedJson = FixtureEvaluator.Evaluate(json, ReceivedAt, expectation).ToJson(),
        CreatedBy = "t", UpdatedBy = "t",
    };

    /// <summary>The seed with the IDS field <paramref name="field"/> reading <paramref name="path"/> instead.</summary>
    private static Func<ConfigurationDocument, ConfigurationDocument> Remap(string field, string path) => document => document with
    {
        InternalDataSource = document.InternalDataSource with
        {
            Mapping = new Dictionary<string, FieldMapping>(document.InternalDataSource.Mapping) { [field] = FieldMapping.FromPaths(path) },
        },
    };

    [Fact]
    public void Evaluate_Identify_GivesTheIdsRecordWithTypedFields()
    {
        var outcome = FixtureEvaluator.Evaluate(Identify, ReceivedAt, Seed());

        Assert.Equal("applied", outcome.Status);
        Assert.Null(outcome.Reason);
        Assert.Equal("CUSTOMERS", outcome.IdsRecord!.Table);
        Assert.Equal("u-1", outcome.IdsRecord.Key);
        Assert.Equal("\"ada@example.com\"", outcome.IdsRecord.Fields["email_address"]);
        Assert.Equal("\"London\"", outcome.IdsRecord.Fields["address_city"]);
        Assert.Empty(outcome.Interactions);
    }

    [Fact]
    public void Evaluate_Track_GivesOneInteractionPerExtension()
    {
        var outcome = FixtureEvaluator.Evaluate(Track, ReceivedAt, Seed());

        var interaction = Assert.Single(outcome.Interactions);
        Assert.Equal("EVENTS", interaction.Table);
        Assert.Equal("m-2", interaction.Key);
        Assert.Equal("\"10.0.0.1\"", interaction.Fields["ip_address"]);
        Assert.Equal("\"2026-12-01T09:59:00Z\"", interaction.Fields["event_timestamp"]);
    }

    [Fact]
    public void Evaluate_BadEvent_FailsWithTheReasonIngestionGives()
    {
        var outcome = FixtureEvaluator.Evaluate("""{"type":"identify","traits":{}}""", ReceivedAt, Seed());

        Assert.Equal("failed", outcome.Status);
        Assert.Contains("customer_id", outcome.Reason);
    }

    [Fact]
    public void Check_SameConfiguration_Passes()
    {
        var result = FixtureEvaluator.Check(Fixture(Identify, Seed()), Seed());

        Assert.True(result.Passed);
        Assert.Empty(result.Differences);
    }

    [Fact]
    public void Check_ChangedField_ReportsThatFieldWithBothValues()
    {
        var result = FixtureEvaluator.Check(Fixture(Identify, Seed()), Seed(Remap("address_city", "traits.address.town")));

        var difference = Assert.Single(result.Differences);
        Assert.False(result.Passed);
        Assert.Equal(new OutcomeDifference("field", "CUSTOMERS", "address_city", "\"London\"", null), difference);
    }

    [Fact]
    public void Check_NowFailing_ReportsStatusReasonAndTheLostRecord()
    {
        var result = FixtureEvaluator.Check(Fixture(Identify, Seed()), Seed(Remap("customer_id", "traits.missing")));

        Assert.Equal(["status", "reason", "record"], result.Differences.Select(d => d.What));
        Assert.Equal(("applied", "failed"), (result.Differences[0].Expected, result.Differences[0].Actual));
        Assert.Equal("CUSTOMERS record u-1", result.Differences[2].Expected);
        Assert.Null(result.Differences[2].Actual);
    }

    [Fact]
    public void Check_ChangedKey_IsAKeyDifference()
    {
        var result = FixtureEvaluator.Check(Fixture(Identify, Seed()), Seed(Remap("customer_id", "messageId")));

        Assert.Contains(result.Differences, d => d is { What: "key", Expected: "u-1", Actual: "m-1" });
    }

    [Fact]
    public void Check_UnreadableExpectation_Fails()
    {
        var fixture = Fixture(Identify, Seed());
        fixture.ExpectedJson = "{\"nonsense\":true}";

        Assert.False(FixtureEvaluator.Check(fixture, Seed()).Passed);
    }

    [Fact]
    public void Run_CountsPassesAndFailuresInNameOrder()
    {
        var broken = Seed(Remap("address_city", "traits.address.town"));
        var summary = FixtureEvaluator.Run([Fixture(Track, Seed(), "b track"), Fixture(Identify, Seed(), "a identify")], broken);

        Assert.Equal(["a identify", "b track"], summary.Results.Select(r => r.Name));
        Assert.Equal((2, 1, 1), (summary.Total, summary.Passed, summary.Failed));
        Assert.Equal("1 of 2 fixtures pass", summary.Describe());
    }

    [Fact]
    public void Outcome_RoundTripsThroughJsonWithFieldsAsValues()
    {
        var outcome = FixtureEvaluator.Evaluate(Identify, ReceivedAt, Seed());
        var json = outcome.ToJson();

        Assert.Contains("\"email_address\":\"ada@example.com\"", json);
        var back = EventOutcome.FromJson(json)!;
        Assert.Empty(OutcomeComparison.Compare(outcome, back));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"status\":\"applied\",\"idsRecord\":{\"table\":\"T\"}}")]
    [InlineData("not json")]
    public void Outcome_FromJson_RefusesWhatIsNoOutcome(string json) => Assert.Null(EventOutcome.FromJson(json));
}
