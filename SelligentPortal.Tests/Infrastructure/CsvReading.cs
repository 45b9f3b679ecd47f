using System.Text;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>A strict RFC 4180 reader for asserting on exported files (quoted fields, doubled quotes, CRLF rows).</summary>
public static class CsvReading
{
    public static List<string[]> Parse(string csv)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else if (c is '\r' or '\n')
            {
                Assert.Fail($"A bare line break outside quotes at {i}: rows end with CRLF and fields holding one are quoted.");
            }
            else
            {
                cell.Append(c);
            }
        }

        Assert.False(quoted, "An unterminated quoted field.");
        Assert.True(cell.Length == 0 && row.Count == 0, "The last row does not end with CRLF.");
        return rows;
    }
}
