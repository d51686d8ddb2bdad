using Till.Common;

namespace Till.Storage;

/// <summary>What a write unit of work answers: its value, and whether its writes are to be kept.</summary>
/// <param name="Value">The answer to hand back to the caller.</param>
/// <param name="Commit">True to keep the unit's writes; false to undo them (a refused request).</param>
public readonly record struct Written<T>(T Value, bool Commit);

/// <summary>
/// The one shape of every mutation's transaction: begin, replay an answer already given under the
/// same idempotency key, run the use case's checks and writes, remember a success under its key,
/// commit (or undo everything when the use case refused). A database failure anywhere becomes the
/// use case's own storage error, with nothing kept.
/// </summary>
public static class WriteUnit
{
    /// <summary>
    /// Runs <paramref name="body"/> in one write unit of <paramref name="store"/>. A failed outcome
    /// undoes the unit's writes; a success is remembered under <paramref name="idempotency"/> and
    /// committed before this returns. <paramref name="onFailure"/> turns a database failure into the
    /// use case's error (null lets the failure propagate).
    /// </summary>
    public static async Task<Outcome<T>> RunAsync<T>(
        ITillStore store, long shopId, IdempotencyKey? idempotency, DateTimeOffset now,
        Func<IUnitOfWork, Task<Outcome<T>>> body, Func<StorageFailureException, Outcome<T>>? onFailure,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await store.WriteAsync(
                async work =>
                {
                    if (await Idempotency.ReplayAsync<T>(work, shopId, idempotency).ConfigureAwait(false) is { } replay)
                    {
                        return new Written<Outcome<T>>(replay, Commit: false);
                    }

                    var outcome = await body(work).ConfigureAwait(false);
                    if (!outcome.Succeeded)
                    {
                        return new Written<Outcome<T>>(outcome, Commit: false);
                    }

                    await Idempotency.RememberAsync(work, shopId, idempotency, outcome.Value, now).ConfigureAwait(false);
                    return new Written<Outcome<T>>(outcome, Commit: true);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (StorageFailureException failure) when (onFailure is not null)
        {
            return onFailure(failure).AsStorageFailure();
        }
    }

    /// <summary>
    /// Runs a write unit one statement after another on a unit of work of its own, for stores with
    /// no better way (and for wrappers of a store): begin, run, commit when asked, dispose.
    /// </summary>
    public static async Task<T> OneAtATimeAsync<T>(Func<CancellationToken, Task<IUnitOfWork>> begin, Func<IUnitOfWork, Task<Written<T>>> unit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(begin);
        ArgumentNullException.ThrowIfNull(unit);
        await using var work = await begin(cancellationToken).ConfigureAwait(false);
        var written = await unit(work).ConfigureAwait(false);
        if (written.Commit)
        {
            await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return written.Value;
    }
}
