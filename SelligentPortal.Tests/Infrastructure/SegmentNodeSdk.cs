using System.Diagnostics;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// Segment's own Node SDK (@segment/analytics-node) in SelligentPortal.Tests/Sdk, installed by
/// <c>npm ci</c> from its lock file once per test run. Without Node.js the tests that need it skip
/// with a hint, except under CI=true, where a missing Node.js is a failure.
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

        return npm.ExitCode == 0
            ? null
            : $"'npm ci' in {Folder} failed with exit code {npm.ExitCode}:\n{await output}\n{await errors}";
    }

    private static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, command))
            .FirstOrDefault(File.Exists);
}
