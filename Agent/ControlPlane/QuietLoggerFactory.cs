using Microsoft.Extensions.Logging;

namespace Babelwire.Agent.ControlPlane;

/// <summary>
/// The SignalR client's logger factory: its messages pass at Debug at most. It logs a failed start or a lost
/// connection as an Error, but the controller being away is a Warning here (docs/code-style.md §8), logged once by the hub
/// client with the reason and the retry delay.
/// </summary>
internal sealed class QuietLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Quiet(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        // The host owns the inner factory.
    }

    private sealed class Quiet(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(Cap(logLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => inner.Log(Cap(logLevel), eventId, state, exception, formatter);

        private static LogLevel Cap(LogLevel level) => level is > LogLevel.Debug and < LogLevel.None ? LogLevel.Debug : level;
    }
}
