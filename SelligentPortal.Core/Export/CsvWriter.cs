using System.Text;

namespace SelligentPortal.Core.Export;

/// <summary>
/// Writes RFC 4180 CSV: comma separated, CRLF line ends, a field quoted when it holds a comma, quote,
/// CR or LF, quotes doubled; also when it holds a semicolon or tab, which spreadsheets in many locales
/// split on (so <c>x;=HYPERLINK(…)</c> cannot become a second cell that starts a formula). A cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or CR is
/// neutralised against formula injection as OWASP recommends: prefixed with <c>'</c> and quoted.
/// </summary>
public sealed class CsvWriter(TextWriter writer)
{
    public const string LineEnd = "\r\n";

    private static readonly System.Buffers.SearchValues<char> NeedsQuotes = System.Buffers.SearchValues.Create(",\"\r\n;\t");

    private readonly StringBuilder _line = new();

    public async Task WriteRowAsync(IReadOnlyList<string?> cells, CancellationToken cancellationToken = default)
    {
        _line.Clear();
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                _line.Append(',');
            }

            AppendCell(_line, cells[i]);
        }

        _line.Append(LineEnd);
        await writer.WriteAsync(_line, cancellationToken);
    }

    /// <summary>One cell as it appears in the file.</summary>
    public static string Escape(string? value)
    {
        var cell = new StringBuilder();
        AppendCell(cell, value);
        return cell.ToString();
    }

    private static void AppendCell(StringBuilder line, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        // A spreadsheet would run these as formulas (or strip the control character and then run them).
        var formula = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        if (!formula && value.AsSpan().IndexOfAny(NeedsQuotes) < 0)
        {
            line.Append(value);
            return;
        }

        line.Append('"');
        if (formula)
        {
            line.Append('\'');
        }

        line.Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
