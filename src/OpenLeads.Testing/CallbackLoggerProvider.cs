using Microsoft.Extensions.Logging;

namespace OpenLeads.Testing;

/// <summary>The server's log, one line per entry, to a test's output.</summary>
internal sealed class CallbackLoggerProvider(Action<string> write, LogLevel minimum) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, write, minimum);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, Action<string> write, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var line = $"openleads {logLevel} {category}: {formatter(state, exception)}";
            try
            {
                write(exception is null ? line : $"{line}{Environment.NewLine}{exception}");
            }
            catch (InvalidOperationException)
            {
                // xunit's output helper refuses lines once its test has finished; a late log entry is dropped.
            }
        }
    }
}
