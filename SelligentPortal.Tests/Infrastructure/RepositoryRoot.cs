namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// The repository the tests run from: the folder holding SelligentPortal.sln above the test binaries.
/// Everything the tests read lives under it; nothing is looked up beside it.
/// </summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Folder = new(Find);

    public static string Path => Folder.Value;

    /// <summary>A path under the repository root, from its segments.</summary>
    public static string Combine(params string[] segments) => System.IO.Path.Combine([Folder.Value, .. segments]);

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "SelligentPortal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName
            ?? throw new InvalidOperationException($"No SelligentPortal.sln above {AppContext.BaseDirectory}.");
    }
}
