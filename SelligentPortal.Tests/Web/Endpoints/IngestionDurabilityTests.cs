using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>The start of the app says what an acknowledged event survives (Ingestion:Durability).</summary>
public class IngestionDurabilityTests
{
    [Theory]
    [InlineData(null, LogLevel.Information, "Ingestion durability: PowerLoss")]
    [InlineData("ProcessCrash", LogLevel.Warning, "Ingestion durability: ProcessCrash")]
    public async Task Start_LogsTheDurabilityMode(string? durability, LogLevel level, string message)
    {
        var logs = new CapturingLoggerProvider();
        await using var factory = new PortalFactory(durability is null ? null : new() { ["Ingestion:Durability"] = durability });
        await using var app = factory.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddLogging(l => l.AddProvider(logs))));

        _ = app.Services; // starts the host

        var line = Assert.Single(logs.Entries, e => e.Message.StartsWith("Ingestion durability:", StringComparison.Ordinal));
        Assert.Equal(level, line.Level);
        Assert.StartsWith(message, line.Message);
        Assert.Equal(durability is null, line.Message.Contains("synced to disk"));
        Assert.Equal(durability is not null, line.Message.Contains("may lose the last second of acknowledged events on power loss"));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, formatter(state, exception)));

        public void Dispose()
        {
        }
    }
}
