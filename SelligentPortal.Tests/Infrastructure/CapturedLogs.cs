using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>The warnings and errors a test host logged, to assert that a failure was reported.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Message)> Entries => [.. _entries];

    public bool Contains(LogLevel level, string messagePart) =>
        _entries.Any(e => e.Level == level && e.Message.Contains(messagePart, StringComparison.OrdinalIgnoreCase));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                // The exception's type and message follow the message, so a failing test can show why.
                var message = formatter(state, exception);
                logs._entries.Enqueue((logLevel, category, exception is null ? message : $"{message} [{exception.GetType().Name}: {exception.Message}]"));
            }
        }
    }
}
