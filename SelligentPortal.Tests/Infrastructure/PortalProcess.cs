using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// The app as a real process (the built SelligentPortal.dll) on a loopback port and its own
/// <see cref="TestDatabase"/>, for tests that kill or stop it.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    public const string ApiToken = "crash-test-token-0123456789abcdefghijklmnop";

    private Process? _process;

    private readonly bool _ownsDatabase;

    private readonly ConcurrentQueue<(DateTime ReceivedAtUtc, string Line)> _output = new();

    /// <param name="database">Another process's database, to start a second process on it (it stays that process's to delete); a new one when null.</param>
    public PortalProcess(TestDatabase? database = null)
    {
        Database = database ?? TestDatabase.Create();
        _ownsDatabase = database is null;
        Port = FreePort();
    }

    public TestDatabase Database { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public int ProcessId => _process!.Id;

    public bool HasExited => _process?.HasExited ?? true;

    /// <summary>Extra settings (configuration keys) for every start of this process, over the usual ones.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    /// <summary>Every line the process wrote (standard output and error, every start), with when the test read it.</summary>
    public IReadOnlyCollection<(DateTime ReceivedAtUtc, string Line)> Output => _output;

    public int ExitCode => _process!.ExitCode;

    /// <summary>Starts the app with extra settings (environment variables) and waits for it to exit by itself, within a minute.</summary>
    public async Task<(int ExitCode, string Output, string Errors)> RunUntilExitAsync(IReadOnlyDictionary<string, string> settings)
    {
        var start = StartInfo();
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start)!;
        var output = _process.StandardOutput.ReadToEndAsync();
        var errors = _process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await _process.WaitForExitAsync(timeout.Token);
        return (_process.ExitCode, await output, await errors);
    }

    private ProcessStartInfo StartInfo()
    {
        var repository = RepositoryRoot.Path;
        var testBin = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        // Same configuration (Debug/Release) as the tests themselves.
        var configuration = testBin.Parent!.Name;
        var dll = Path.Combine(repository, "SelligentPortal", "bin", configuration, "net10.0", "SelligentPortal.dll");
        Assert.True(File.Exists(dll), $"Build the app first: {dll} is missing.");

        var start = new ProcessStartInfo("dotnet", [dll, "--urls", BaseAddress.ToString().TrimEnd('/'), "--contentRoot", repository])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = repository,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in Database.Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Bootstrap__AdminEmail"] = "ops@example.com";
        start.Environment["Bootstrap__AdminPassword"] = PortalFactory.Password;
        start.Environment["Bootstrap__ApiToken"] = ApiToken;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in Settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return start;
    }

    public async Task StartAsync()
    {
        _process = Process.Start(StartInfo())!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, "The app exited while starting: " + string.Join(Environment.NewLine, _output.TakeLast(20).Select(o => o.Line)));
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        Assert.Fail("The app did not become ready within 120 seconds: " + string.Join(Environment.NewLine, _output.TakeLast(20).Select(o => o.Line)));
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue((DateTime.UtcNow, line));
        }
    }

    /// <summary>kill -9: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process!.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the graceful shutdown path.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public HttpClient ApiClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
        return client;
    }

    /// <summary>A customer with the seed published and a write key, made through the management API.</summary>
    public async Task<string> CreateCustomerWithKeyAsync() => (await CreateCustomerAsync()).Key;

    /// <summary>A customer with the seed published, one source and a write key for it, made through the management API.</summary>
    public async Task<CreatedCustomer> CreateCustomerAsync()
    {
        using var api = ApiClient();
        var customer = await (await api.PostAsJsonAsync("/api/v1/customers", new { name = "Crash Test" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = customer.GetProperty("id").GetGuid();
        (await api.PostAsJsonAsync($"/api/v1/customers/{id}/configuration/publish", new { note = "seed" })).EnsureSuccessStatusCode();
        var source = await (await api.PostAsJsonAsync($"/api/v1/customers/{id}/sources", new { name = "load" })).Content.ReadFromJsonAsync<JsonElement>();
        var sourceId = source.GetProperty("id").GetGuid();
        var key = await (await api.PostAsync($"/api/v1/customers/{id}/sources/{sourceId}/keys", null)).Content.ReadFromJsonAsync<JsonElement>();
        return new CreatedCustomer(id, sourceId, key.GetProperty("id").GetGuid(), key.GetProperty("key").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            await KillAsync();
        }

        _process?.Dispose();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>What <see cref="PortalProcess.CreateCustomerAsync"/> made: the write key <paramref name="Key"/> (id <paramref name="KeyId"/>) of a source of a customer.</summary>
public sealed record CreatedCustomer(Guid CustomerId, Guid SourceId, Guid KeyId, string Key);
