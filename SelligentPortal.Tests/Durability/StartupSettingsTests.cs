using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Durability;

/// <summary>The built app refuses to start on database settings it cannot use, with one line naming the setting.</summary>
public class StartupSettingsTests
{
    [Fact]
    public async Task Start_UnknownProvider_StopsWithOneLineNamingTheSetting()
    {
        await using var app = new PortalProcess();

        var (exitCode, _, errors) = await app.RunUntilExitAsync(new Dictionary<string, string> { ["Database__Provider"] = "Oracle" });

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("SelligentPortal cannot start: Database:Provider: 'Oracle' is not supported", line);
    }

    [Fact]
    public async Task Start_PostgreSqlThatCannotBeReached_StopsWithOneLineNamingTheConnectionString()
    {
        await using var app = new PortalProcess();

        // Nothing listens on port 1.
        var (exitCode, _, errors) = await app.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSql",
            ["Database__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=nowhere;Username=nobody;Password=none;Timeout=3",
        });

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("SelligentPortal cannot start: Database:ConnectionString: PostgreSQL at 127.0.0.1:1, database 'nowhere', cannot be used", line);
    }

    [Fact]
    public async Task Start_KeyRingCertificateThatIsNotThere_StopsWithOneLineNamingTheSetting()
    {
        await using var app = new PortalProcess();
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.pfx");

        var (exitCode, _, errors) = await app.RunUntilExitAsync(new Dictionary<string, string> { ["DataProtection__CertificatePath"] = missing });

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"SelligentPortal cannot start: DataProtection:CertificatePath: there is no certificate file at '{missing}'.", line.TrimEnd('\r'));
    }

    [Fact]
    public async Task Start_BehindProxyThatIsNoBoolean_StopsWithOneLineNamingTheSetting()
    {
        await using var app = new PortalProcess();

        var (exitCode, _, errors) = await app.RunUntilExitAsync(new Dictionary<string, string> { ["Hosting__BehindProxy"] = "sometimes" });

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("SelligentPortal cannot start: ", line);
        Assert.Contains("'Hosting:BehindProxy'", line);
    }

#if !POSTGRESQL
    // SQLite's rule: on PostgreSQL several processes are the point.
    [Fact]
    public async Task Start_SecondProcessOnTheSameSqliteFile_IsRefusedAndPointsToPostgreSql()
    {
        await using var first = new PortalProcess();
        await first.StartAsync();
        await using var second = new PortalProcess(first.Database);

        var (exitCode, _, errors) = await second.RunUntilExitAsync(new Dictionary<string, string>());

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("SelligentPortal cannot start: Database:DataFolder: another SelligentPortal process already serves the SQLite database", line);
        Assert.Contains("Database:Provider=PostgreSql", line);
        Assert.False(first.HasExited);
    }
#endif
}
