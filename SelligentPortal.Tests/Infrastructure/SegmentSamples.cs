using System.Text.Json;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// The real Segment payloads in shared/samples/segment, found relative to the repository (CI clones the
/// repository elsewhere with shared/ beside it).
/// </summary>
public static class SegmentSamples
{
    private static readonly Lazy<string> Folder = new(FindFolder);

    public static string Directory => Folder.Value;

    public static string ReadText(string fileName) => File.ReadAllText(Path.Combine(Folder.Value, fileName));

    public static JsonDocument Parse(string fileName) => JsonDocument.Parse(ReadText(fileName));

    public static IEnumerable<string> AllFiles() =>
        System.IO.Directory.EnumerateFiles(Folder.Value, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    private static string FindFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SelligentPortal.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"No SelligentPortal.sln above {AppContext.BaseDirectory}.");
        }

        var folder = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "samples", "segment"));
        return System.IO.Directory.Exists(folder)
            ? folder
            : throw new InvalidOperationException($"The Segment samples are expected in {folder} (shared/ beside the repository).");
    }
}
