using System.Text.Json;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Tests.Core.Mapping;

public class MappingPathTests
{
    private static readonly JsonElement Event = TestConfigurations.Json(
        """{"traits":{"address":{"city":"Gent"},"key with space":"spaced","it's":"quoted","a.b":"dotted"},"items":[{"sku":"A1"},{"sku":"B2"}],"context":{"ip":"8.8.8.8"}}""");

    private static string? Evaluate(string text)
    {
        Assert.True(MappingPath.TryParse(text, out var path, out var error), error);
        return path.TryEvaluate(Event, out var value) ? value.ToString() : null;
    }

    [Fact]
    public void TryParse_DottedPath_EvaluatesNestedProperty() => Assert.Equal("Gent", Evaluate("traits.address.city"));

    [Fact]
    public void TryParse_DollarPrefix_IsOptional() => Assert.Equal("8.8.8.8", Evaluate("$.context.ip"));

    [Fact]
    public void TryParse_Index_EvaluatesArrayElement() => Assert.Equal("B2", Evaluate("items[1].sku"));

    [Fact]
    public void TryParse_DollarThenIndexOnProperty_Evaluates() => Assert.Equal("A1", Evaluate("$.items[0].sku"));

    [Fact]
    public void TryParse_DoubleQuotedKey_AllowsSpaces() => Assert.Equal("spaced", Evaluate("traits[\"key with space\"]"));

    [Fact]
    public void TryParse_SingleQuotedKeyWithEscape_Evaluates() => Assert.Equal("quoted", Evaluate("traits['it\\'s']"));

    [Fact]
    public void TryParse_QuotedKeyWithDot_IsOneSegment() => Assert.Equal("dotted", Evaluate("traits['a.b']"));

    [Theory]
    [InlineData("traits.missing")]
    [InlineData("items[5].sku")]
    [InlineData("items.sku")]
    [InlineData("traits.address.city.name")]
    [InlineData("traits[0]")]
    public void TryEvaluate_MissingOrWrongKind_ReturnsFalse(string text) => Assert.Null(Evaluate(text));

    [Theory]
    [InlineData("", "The path is empty.")]
    [InlineData("$", "The path '$' names the whole event; name a value inside it, e.g. '$.userId'.")]
    [InlineData("traits.", "Expected a property name after '.' at position 8 of 'traits.'.")]
    [InlineData("traits..email", "Expected a property name but found '.' at position 8 of 'traits..email'.")]
    [InlineData("items[x]", "Expected an index or a quoted name after '[' at position 7 of 'items[x]'.")]
    [InlineData("items[-1]", "Negative indexes are not supported at position 7 of 'items[-1]'.")]
    [InlineData("items[0", "Expected ']' after the index at position 8 of 'items[0'.")]
    [InlineData("traits['x", "The quoted name is not closed with ' at position 7 of 'traits['x'.")]
    [InlineData("traits email", "Expected '.' or '[' but found ' ' at position 7 of 'traits email'.")]
    public void TryParse_Invalid_ReportsErrorWithPosition(string text, string expected)
    {
        var ok = MappingPath.TryParse(text, out _, out var error);

        Assert.False(ok);
        Assert.Equal(expected, error);
    }
}
