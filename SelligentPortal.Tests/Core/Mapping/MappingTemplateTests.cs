using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Tests.Core.Mapping;

public class MappingTemplateTests
{
    [Fact]
    public void TryParse_Placeholders_AreParsedInOrder()
    {
        var ok = MappingTemplate.TryParse("Hi {{traits.firstName}}, from {{ context.ip }}", out var template, out _);

        Assert.True(ok);
        Assert.Equal(["traits.firstName", "context.ip"], template.Paths.Select(p => p.Text));
    }

    [Theory]
    [InlineData("Hi {{traits.name", "The placeholder opened at position 4 is not closed with '}}'.")]
    [InlineData("Hi {{traits..name}}", "The placeholder at position 4 is not a valid path: Expected a property name but found '.' at position 8 of 'traits..name'.")]
    [InlineData("Hi there", "The template has no {{path}} placeholder; use 'value' for a constant.")]
    public void TryParse_Invalid_ReportsError(string text, string expected)
    {
        var ok = MappingTemplate.TryParse(text, out _, out var error);

        Assert.False(ok);
        Assert.Equal(expected, error);
    }
}
