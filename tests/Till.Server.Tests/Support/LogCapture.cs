using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Till.Server.Tests.Support;

/// <summary>Records what a running server logs (at the levels its logging lets through), for tests that check what reaches the log.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> entries = new();

    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? string.Empty : " [" + Exception.GetType().Name + "]")}";
    }

    public IReadOnlyList<Entry> Entries => [.. entries];

    /// <summary>Starts recording what <paramref name="server"/> logs from now on.</summary>
    public static LogCapture Attach(TillServer server)
    {
        var capture = new LogCapture();
        server.Services.GetRequiredService<ILoggerFactory>().AddProvider(capture);
        return capture;
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Recorder(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture.entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception));
    }
}
