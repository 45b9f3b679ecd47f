using System.Diagnostics;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// Segment's own Node SDK (@segment/analytics-node) in SelligentPortal.Tests/Sdk, installed by
/// <c>npm ci</c> from its lock file, unless what is installed came from that very lock file. Both test
/// runs (SQLite and PostgreSQL) may want it at once: a lock shared by processes lets one install while
/// the other waits, then finds it current. Without Node.js the tests that need it skip with a hint,
/// except under CI=true, where a missing Node.js is a failure.
/// </summary>
public static class SegmentNodeSdk
{
    private static readonly Lazy<Task<string?>> Install = new(InstallAsync);

    public static string Folder { get; } = RepositoryRoot.Combine("SelligentPortal.Tests", "Sdk");

    /// <summary>Installs the SDK on the first call of the run; later calls wait for that one install.</summary>
    public static async Task EnsureInstalledAsync()
    {
        if (FindOnPath("node") is null || FindOnPath("npm") is null)
        {
            const string hint = "Install Node.js 20 with npm (for example 'sudo apt-get install -y nodejs npm').";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"Node.js and npm are required for the Segment SDK test under CI. {hint}");
            }

            Assert.Skip($"The Segment SDK test needs Node.js and npm. {hint}");
        }

        var failure = await Install.Value;
        if (failure is not null)
        {
            Assert.Fail(failure);
        }
    }

    private static async Task<string?> InstallAsync()
    {
        using var held = await InstallLock.AcquireAsync(Folder, TimeSpan.FromMinutes(10));
        if (held is null)
        {
            return $"Another test run held the npm install lock of {Folder} for 10 minutes.";
        }

        if (IsCurrent(Folder))
        {
            return null;
        }

        var start = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"])
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var npm = Process.Start(start)!;
        var output = npm.StandardOutput.ReadToEndAsync();
        var errors = npm.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await npm.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            return $"'npm ci' in {Folder} did not finish within 5 minutes.";
        }

        if (npm.ExitCode != 0)
        {
            return $"'npm ci' in {Folder} failed with exit code {npm.ExitCode}:\n{await output}\n{await errors}";
        }

        MarkCurrent(Folder);
        return null;
    }

    /// <summary>Whether node_modules was installed from the lock file as it is now (npm ci removes the stamp with the rest).</summary>
    internal static bool IsCurrent(string folder) => File.Exists(StampOf(folder)) && File.ReadAllText(StampOf(folder)) == LockHash(folder);

    /// <summary>Marks node_modules as installed from the lock file as it is now: the stamp holds the lock file's SHA-256.</summary>
    internal static void MarkCurrent(string folder) => File.WriteAllText(StampOf(folder), LockHash(folder));

    private static string StampOf(string folder) => Path.Combine(folder, "node_modules", ".installed-from-lock");

    private static string LockHash(string folder) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, "package-lock.json"))));

    private static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, command))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// An exclusive lock on a file beside the system's temp files, one per SDK folder, held by one process
    /// at a time (the operating system's file lock, released when its holder exits, however it exits).
    /// </summary>
    internal static class InstallLock
    {
        public static string PathFor(string folder) => Path.Combine(Path.GetTempPath(),
            "selligentportal-npm-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(folder)))[..16] + ".lock");

        /// <summary>The lock, or null while another holder has it.</summary>
        public static IDisposable? TryAcquire(string folder)
        {
            try
            {
                return new FileStream(PathFor(folder), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                return null;
            }
        }

        /// <summary>Waits for the lock; null when another holder kept it for <paramref name="patience"/>.</summary>
        public static async Task<IDisposable?> AcquireAsync(string folder, TimeSpan patience)
        {
            var until = DateTime.UtcNow + patience;
            while (true)
            {
                if (TryAcquire(folder) is { } held)
                {
                    return held;
                }

                if (DateTime.UtcNow > until)
                {
                    return null;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250));
            }
        }
    }
}
