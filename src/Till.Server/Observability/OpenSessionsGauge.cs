using System.Diagnostics.Metrics;
using Till.Storage;

namespace Till.Server.Observability;

/// <summary>
/// The value of <c>till.sessions.open</c>: one count over the index of open sessions, read at most
/// once per <see cref="MaxAge"/> by the exporters. A scrape of <c>/metrics</c> reads it first; any other reader (the OTLP export) gets the last value read and starts a fresh read in
/// the background. Until a read has succeeded the gauge reports nothing.
/// </summary>
internal sealed partial class OpenSessionsGauge(ITillStore store, ILogger<OpenSessionsGauge> log)
{
    /// <summary>How old a count may be before it is read again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private long value = -1;
    private long readAt = -1;
    private int reading;
    private readonly Lock gate = new();

    /// <summary>Reads the count now (a scrape), or only when the one held is older than <see cref="MaxAge"/> (<paramref name="always"/> false); a failure keeps the old value.</summary>
    public async Task RefreshAsync(bool always, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref reading, 1) == 1 && !always)
        {
            return;
        }

        if (!always && Fresh())
        {
            Volatile.Write(ref reading, 0);
            return;
        }

        try
        {
            var startedAt = Environment.TickCount64;
            long count;
            await using (var work = await store.BeginAsync(write: false, cancellationToken).ConfigureAwait(false))
            {
                count = await work.CountOpenSessionsAsync().ConfigureAwait(false);
            }

            lock (gate)
            {
                // A read that began before the one already kept says nothing newer.
                if (startedAt >= readAt)
                {
                    Volatile.Write(ref value, count);
                    Volatile.Write(ref readAt, startedAt);
                }
            }
        }
#pragma warning disable CA1031 // A metric that cannot be read keeps its last value; the database's trouble is reported elsewhere.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            NotRead(log, e);
        }
        finally
        {
            Volatile.Write(ref reading, 0);
        }
    }

    /// <summary>The gauge's callback: the last count read, and a fresh read started when it is old.</summary>
    public IEnumerable<Measurement<long>> Observe()
    {
        if (!Fresh())
        {
            _ = Task.Run(() => RefreshAsync(always: false, CancellationToken.None));
        }

        var current = Volatile.Read(ref value);
        return current < 0 ? [] : [new Measurement<long>(current)];
    }

    private bool Fresh() => Volatile.Read(ref readAt) is var at and >= 0 && Environment.TickCount64 - at < MaxAge.TotalMilliseconds;

    [LoggerMessage(Level = LogLevel.Debug, Message = "The open sessions gauge could not be read")]
    private static partial void NotRead(ILogger logger, Exception exception);
}
