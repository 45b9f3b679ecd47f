using System.Globalization;
using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Components.Pages.Configuration;

/// <summary>Matches validator problems (JSON paths such as <c>$.internalDataSource.fields[2].name</c>) to what the editors show.</summary>
public static class ProblemPaths
{
    public static string Extension(int index) => string.Create(CultureInfo.InvariantCulture, $"$.interactionExtensions[{index}]");

    public static string Field(string tablePath, int index) => string.Create(CultureInfo.InvariantCulture, $"{tablePath}.fields[{index}]");

    /// <summary>A mapping's path, written as the validator writes member names.</summary>
    public static string Mapping(string tablePath, string field) => tablePath + ".mapping" + Member(field);

    /// <summary>Problems at <paramref name="path"/> or below it.</summary>
    public static IEnumerable<ConfigurationProblem> Under(this IEnumerable<ConfigurationProblem> problems, string path) =>
        problems.Where(p => IsUnder(p.Path, path));

    /// <summary>Problems exactly at <paramref name="path"/>.</summary>
    public static IEnumerable<ConfigurationProblem> At(this IEnumerable<ConfigurationProblem> problems, string path) =>
        problems.Where(p => p.Path == path);

    /// <summary>The problems' messages in words (role names as people read them), or null when there are none.</summary>
    public static string? Text(this IEnumerable<ConfigurationProblem> problems) =>
        problems.Select(p => ProblemWording.Message(p.Message)).ToList() is { Count: > 0 } messages ? string.Join(" ", messages) : null;

    public static bool IsUnder(string problemPath, string path) =>
        problemPath.StartsWith(path, StringComparison.Ordinal)
        && (problemPath.Length == path.Length || problemPath[path.Length] is '.' or '[');

    private static string Member(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return "['" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";
            }
        }

        return name.Length == 0 || char.IsAsciiDigit(name[0]) ? "['" + name + "']" : "." + name;
    }
}
