using SelligentPortal.Core.Export;

namespace SelligentPortal.Tests.Core.Export;

public class CsvWriterTests
{
    private static async Task<string> WriteAsync(params string?[][] rows)
    {
        await using var text = new StringWriter();
        var csv = new CsvWriter(text);
        foreach (var row in rows)
        {
            await csv.WriteRowAsync(row);
        }

        return text.ToString();
    }

    [Fact]
    public async Task WriteRow_PlainCells_CommaSeparatedCrlfTerminated()
    {
        var csv = await WriteAsync(["a", "b c", "1.5"], ["x", null, ""]);

        Assert.Equal("a,b c,1.5\r\nx,,\r\n", csv);
    }

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line1\nline2", "\"line1\nline2\"")]
    [InlineData("line1\r\nline2", "\"line1\r\nline2\"")]
    [InlineData("\"", "\"\"\"\"")]
    [InlineData("x;=HYPERLINK(\"http://x\")", "\"x;=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("a\t=cmd", "\"a\t=cmd\"")]
    public void Escape_SpecialCharacters_QuotedWithQuotesDoubled(string value, string expected)
    {
        Assert.Equal(expected, CsvWriter.Escape(value));
    }

    [Theory]
    [InlineData("=1+1", "\"'=1+1\"")]
    [InlineData("+31 6 1234", "\"'+31 6 1234\"")]
    [InlineData("-2", "\"'-2\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\t=cmd", "\"'\t=cmd\"")]
    [InlineData("\r=cmd", "\"'\r=cmd\"")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    public void Escape_FormulaPrefixes_NeutralisedWithQuoteAndQuoted(string value, string expected)
    {
        Assert.Equal(expected, CsvWriter.Escape(value));
    }

    [Theory]
    [InlineData("a=b")]
    [InlineData("x-1")]
    [InlineData("ann@example.com")]
    [InlineData("'quoted")]
    public void Escape_FormulaCharacterNotFirst_LeftAlone(string value)
    {
        Assert.Equal(value, CsvWriter.Escape(value));
    }

    [Fact]
    public async Task WriteRow_Unicode_WrittenAsIs()
    {
        var csv = await WriteAsync(["Zoë", "東京", "emoji 🎉", "Ünïcödé, with comma"]);

        Assert.Equal("Zoë,東京,emoji 🎉,\"Ünïcödé, with comma\"\r\n", csv);
    }
}
