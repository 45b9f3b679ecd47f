using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Tests.Core.Mapping;

public class ValueSourceTests
{
    private static readonly FieldDefinition Name = new("first_name", FieldType.Text, 50);

    private static MappingResult Map(FieldMapping mapping, string traits, FieldDefinition? field = null) =>
        TestConfigurations.MapIdentify(field ?? Name, mapping, $$"""{"type":"identify","userId":"u1","traits":{{traits}}}""");

    [Theory]
    [InlineData("""{"firstName":"Ann","first_name":"Bo"}""", "Ann")]
    [InlineData("""{"first_name":"Bo"}""", "Bo")]
    [InlineData("""{"firstName":null,"first_name":"Bo"}""", "Bo")]
    [InlineData("""{"firstName":"","first_name":"Bo"}""", "Bo")]
    [InlineData("""{"firstName":" ","first_name":"Bo"}""", " ")]
    public void From_Coalesce_FirstPresentNonNullNonEmptyWins(string traits, string expected)
    {
        var result = Map(FieldMapping.FromPaths("traits.firstName", "traits.first_name"), traits);

        Assert.Equal(expected, result.Value("first_name").AsString());
    }

    [Fact]
    public void From_AllMissingAndNotRequired_LeavesFieldOut()
    {
        var result = Map(FieldMapping.FromPaths("traits.firstName", "traits.first_name"), "{}");

        Assert.Equal(MappingOutcome.Mapped, result.Outcome);
        Assert.Equal(["customer_id"], result.Records[0].Fields.Select(f => f.Name));
    }

    [Fact]
    public void From_MissingAndRequired_FailsNamingField()
    {
        var result = Map(FieldMapping.FromPaths("traits.firstName") with { Required = true }, "{}");

        Assert.Equal(MappingOutcome.Failed, result.Outcome);
        Assert.Equal("CUSTOMERS.first_name: a value is required but the event has none", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Default_SourceMissing_IsUsed()
    {
        var result = Map(FieldMapping.FromPaths("traits.firstName") with { Default = TestConfigurations.Json("\"friend\"") }, "{}");

        Assert.Equal("friend", result.Value("first_name").AsString());
    }

    [Fact]
    public void Default_SourcePresent_IsIgnored()
    {
        var result = Map(FieldMapping.FromPaths("traits.firstName") with { Default = TestConfigurations.Json("\"friend\"") }, """{"firstName":"Ann"}""");

        Assert.Equal("Ann", result.Value("first_name").AsString());
    }

    [Fact]
    public void Default_GoesThroughTransforms()
    {
        var mapping = FieldMapping.FromPaths("traits.firstName") with
        {
            Default = TestConfigurations.Json("\"Friend\""),
            Transforms = [TransformDefinition.Named("uppercase")],
        };

        var result = Map(mapping, "{}");

        Assert.Equal("FRIEND", result.Value("first_name").AsString());
    }

    [Fact]
    public void Default_SatisfiesRequired()
    {
        var field = new FieldDefinition("score", FieldType.Integer);
        var mapping = FieldMapping.FromPaths("traits.score") with { Default = TestConfigurations.Json("0"), Required = true };

        var result = Map(mapping, "{}", field);

        Assert.Equal(0L, result.Value("score").AsInt64());
    }

    [Fact]
    public void Value_Constant_IsUsedWhateverTheEvent()
    {
        var result = Map(new FieldMapping { Value = TestConfigurations.Json("\"segment\"") }, """{"firstName":"Ann"}""");

        Assert.Equal("segment", result.Value("first_name").AsString());
    }

    [Fact]
    public void Template_AllPlaceholdersPresent_Renders()
    {
        var result = Map(new FieldMapping { Template = "{{traits.firstName}} {{ traits.lastName }} ({{traits.age}})" },
            """{"firstName":"Ann","lastName":"Lee","age":41}""");

        Assert.Equal("Ann Lee (41)", result.Value("first_name").AsString());
    }

    [Fact]
    public void Template_SomePlaceholdersMissing_RendersThemEmpty()
    {
        var result = Map(new FieldMapping { Template = "{{traits.firstName}}-{{traits.lastName}}" }, """{"lastName":"Lee"}""");

        Assert.Equal("-Lee", result.Value("first_name").AsString());
    }

    [Fact]
    public void Template_AllPlaceholdersMissing_CountsAsMissing()
    {
        var mapping = new FieldMapping { Template = "{{traits.firstName}} {{traits.lastName}}", Default = TestConfigurations.Json("\"n/a\"") };

        var result = Map(mapping, "{}");

        Assert.Equal("n/a", result.Value("first_name").AsString());
    }

    [Fact]
    public void Template_ReceivedAtPlaceholder_RendersIsoUtc()
    {
        var result = Map(new FieldMapping { Template = "at {{receivedAt}}" }, "{}", new FieldDefinition("first_name", FieldType.Text, 100));

        Assert.Equal("at 2024-03-01T12:00:00Z", result.Value("first_name").AsString());
    }
}
