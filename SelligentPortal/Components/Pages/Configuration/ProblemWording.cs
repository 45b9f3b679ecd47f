using System.Globalization;
using System.Text.RegularExpressions;
using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Components.Pages.Configuration;

/// <summary>
/// Validator problems in words a person reads: where (<c>CUSTOMERS, field 22 (plan_tier), name</c> instead of
/// <c>$.internalDataSource.fields[21].name</c>) and what (<c>primary key</c> instead of <c>primaryKey</c>).
/// The API keeps the JSON paths: they are for programs.
/// </summary>
public static partial class ProblemWording
{
    private static readonly (string Json, string Words)[] Terms =
    [
        ("primaryKey", "primary key"),
        ("recipientKey", "recipient key"),
        ("eventType", "event type"),
        ("eventTimestamp", "event timestamp"),
        ("maxLength", "max length"),
    ];

    /// <summary>Where a problem is, named after the tables and fields of the working copy.</summary>
    public static string Location(ConfigurationForm form, string path)
    {
        var match = Shape().Match(path);
        if (!match.Success)
        {
            return path;
        }

        var table = match.Groups["ext"].Success
            ? form.InteractionExtensions.ElementAtOrDefault(Number(match.Groups["ext"].Value)) is { } extension ? Name(extension, "Extension") : "Extension"
            : Name(form.InternalDataSource, "IDS");
        var tableForm = match.Groups["ext"].Success ? form.InteractionExtensions.ElementAtOrDefault(Number(match.Groups["ext"].Value)) : form.InternalDataSource;
        var parts = new List<string> { table };
        var rest = match.Groups["rest"].Value;
        if (FieldPart().Match(rest) is { Success: true } field)
        {
            var index = Number(field.Groups[1].Value);
            var name = tableForm?.Fields.ElementAtOrDefault(index)?.Name;
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"field {index + 1}") + (string.IsNullOrEmpty(name) ? "" : $" ({name})"));
            rest = rest[field.Length..];
            if (rest.StartsWith('.'))
            {
                parts.Add(Term(rest[1..]));
            }
        }
        else if (MappingPart().Match(rest) is { Success: true } mapping)
        {
            parts.Add("mapping of " + mapping.Groups[1].Value.Trim('[', ']', '\'', '.'));
            var detail = rest[mapping.Length..];
            if (FromPart().Match(detail) is { Success: true } from)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"path {Number(from.Groups[1].Value) + 1}"));
            }
            else if (detail.Length > 1)
            {
                parts.Add(Term(detail.TrimStart('.')));
            }
        }
        else if (rest.StartsWith(".events", StringComparison.Ordinal))
        {
            parts.Add("event filter");
        }
        else if (rest == ".name")
        {
            parts.Add("table name");
        }

        return string.Join(", ", parts);
    }

    /// <summary>A problem's message with JSON role and property names written as words.</summary>
    public static string Message(string message)
    {
        foreach (var (json, words) in Terms)
        {
            message = Regex.Replace(message, $@"\b{json}\b", words, RegexOptions.CultureInvariant);
        }

        return message;
    }

    /// <summary>Location and message: <c>CUSTOMERS, field 22 (plan_tier), name: ...</c>.</summary>
    public static string Describe(ConfigurationForm form, ConfigurationProblem problem) => Location(form, problem.Path) + ": " + Message(problem.Message);

    /// <summary>
    /// A problem reading an imported file: the message alone when it is about the whole file (invalid JSON, with its
    /// line), else where in the file. Property names stay as the file spells them: that is what the user fixes.
    /// </summary>
    public static string InFile(ConfigurationProblem problem) => problem.Path == "$" ? problem.Message : $"At {problem.Path}: {problem.Message}";

    private static string Name(TableForm table, string fallback) => string.IsNullOrEmpty(table.Name) ? fallback : table.Name;

    private static string Term(string json) =>
        Terms.FirstOrDefault(t => t.Json == json).Words ?? json switch
        {
            "from" => "paths",
            "transforms" => "transforms",
            _ => json.Split('.', '[')[0],
        };

    private static int Number(string digits) => int.Parse(digits, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\$\.(?:internalDataSource|interactionExtensions\[(?<ext>\d+)\])(?<rest>.*)$")]
    private static partial Regex Shape();

    [GeneratedRegex(@"^\.fields\[(\d+)\]")]
    private static partial Regex FieldPart();

    [GeneratedRegex(@"^\.mapping(\.[A-Za-z0-9_]+|\['(?:[^'\\]|\\.)*'\])")]
    private static partial Regex MappingPart();

    [GeneratedRegex(@"^\.from\[(\d+)\]")]
    private static partial Regex FromPart();
}
