using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Tests.Core.Mapping;

public class ValueTransformTests
{
    private static readonly FieldDefinition Text = new("note", FieldType.Text, 8);

    [Fact]
    public void Trim_SurroundingWhitespace_IsRemoved()
    {
        var result = TestConfigurations.MapValue(Text, "\"  ab c \\t\"", "trim");

        Assert.Equal("ab c", result.Value("note").AsString());
    }

    [Fact]
    public void Lowercase_MixedCase_IsInvariantLowercase()
    {
        var result = TestConfigurations.MapValue(Text, "\"AbC\"", "lowercase");

        Assert.Equal("abc", result.Value("note").AsString());
    }

    [Fact]
    public void Uppercase_MixedCase_IsUppercase()
    {
        var result = TestConfigurations.MapValue(Text, "\"nl-be\"", "uppercase");

        Assert.Equal("NL-BE", result.Value("note").AsString());
    }

    [Fact]
    public void Truncate_LongerThanMaxLength_IsCutInsteadOfFailing()
    {
        var result = TestConfigurations.MapValue(Text, "\"abcdefghijkl\"", "truncate");

        Assert.Equal("abcdefgh", result.Value("note").AsString());
    }

    [Fact]
    public void Truncate_SurrogatePairAtBoundary_IsNotSplit()
    {
        var result = TestConfigurations.MapValue(Text, "\"abcdefg\\uD83D\\uDE00\"", "truncate");

        Assert.Equal("abcdefg", result.Value("note").AsString());
    }

    [Fact]
    public void Digits_PhoneNumber_KeepsDigitsAndLeadingPlus()
    {
        var result = TestConfigurations.MapValue(new FieldDefinition("note", FieldType.Text, 20), "\"+31 (0)6-12+34\"", "digits");

        Assert.Equal("+31061234", result.Value("note").AsString());
    }

    [Fact]
    public void Digits_NoDigitsLeft_MakesFieldMissing()
    {
        var result = TestConfigurations.MapValue(Text, "\"n/a\"", "digits");

        Assert.Equal(MappingOutcome.Mapped, result.Outcome);
        Assert.False(result.Records[0].TryGetValue("note", out _));
    }

    [Fact]
    public void Sha256_Email_IsLowercaseHex()
    {
        var field = new FieldDefinition("hash", FieldType.Text, 64);

        var result = TestConfigurations.MapValue(field, "\"abc\"", "sha256");

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", result.Value("hash").AsString());
    }

    [Fact]
    public void Transforms_InOrder_TrimThenLowercaseThenHash()
    {
        var field = new FieldDefinition("hash", FieldType.Text, 64);

        var result = TestConfigurations.MapValue(field, "\" ABC \"", "trim", "lowercase", "sha256");

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", result.Value("hash").AsString());
    }

    [Theory]
    [InlineData("\"M\"", "male")]
    [InlineData("\"F\"", "female")]
    [InlineData("\"x\"", "unknown")]
    [InlineData("1", "one")]
    public void Map_Translation_UsesEntryOrElse(string json, string expected)
    {
        var field = new FieldDefinition("gender", FieldType.Text, 10);
        var map = TransformDefinition.ValueMap(new Dictionary<string, string> { ["M"] = "male", ["F"] = "female", ["1"] = "one" }, "unknown");

        var result = TestConfigurations.MapIdentify(field, FieldMapping.FromPaths("traits.v") with { Transforms = [map] },
            """{"type":"identify","userId":"u1","traits":{"v":""" + json + "}}");

        Assert.Equal(expected, result.Value("gender").AsString());
    }

    [Fact]
    public void Map_NoElse_PassesValueThrough()
    {
        var field = new FieldDefinition("gender", FieldType.Text, 10);
        var map = TransformDefinition.ValueMap(new Dictionary<string, string> { ["M"] = "male" });

        var result = TestConfigurations.MapIdentify(field, FieldMapping.FromPaths("traits.v") with { Transforms = [map] },
            """{"type":"identify","userId":"u1","traits":{"v":"other"}}""");

        Assert.Equal("other", result.Value("gender").AsString());
    }

    [Fact]
    public void Transforms_OnNumber_WorkOnTextFormAndConvertBack()
    {
        var field = new FieldDefinition("plan", FieldType.Integer);
        var map = TransformDefinition.ValueMap(new Dictionary<string, string> { ["1"] = "100" });

        var result = TestConfigurations.MapIdentify(field, FieldMapping.FromPaths("traits.v") with { Transforms = [map] },
            """{"type":"identify","userId":"u1","traits":{"v":1}}""");

        Assert.Equal(100L, result.Value("plan").AsInt64());
    }
}
