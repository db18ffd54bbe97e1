using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.Tests.ControlPlane;

/// <summary>Keeps every log entry at Information and above, to assert on levels, event ids and messages.</summary>
internal sealed class LogRecorder : ILoggerProvider
{
    public sealed record Entry(LogLevel Level, int EventId, string Category, string Message);

    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                owner._entries.Enqueue(new Entry(logLevel, eventId.Id, category, formatter(state, exception)));
        }
    }
}
