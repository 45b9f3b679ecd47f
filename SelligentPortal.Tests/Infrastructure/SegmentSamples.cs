using System.Text.Json;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// Real Segment payloads from public sources, kept in the test project's Samples/segment folder
/// with their origins listed in its SOURCES.md.
/// </summary>
public static class SegmentSamples
{
    public static string Directory { get; } = RepositoryRoot.Combine("SelligentPortal.Tests", "Samples", "segment");

    public static string ReadText(string fileName) => File.ReadAllText(Path.Combine(Directory, fileName));

    public static JsonDocument Parse(string fileName) => JsonDocument.Parse(ReadText(fileName));

    public static IEnumerable<string> AllFiles() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;
}
