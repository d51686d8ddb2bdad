using System.Text.Json;
using Till.Storage;

namespace Till.Common;

/// <summary>
/// Replays the first result of a mutation retried with the same idempotency key. The key is read
/// and written inside the mutation's own transaction, so a retry racing the first attempt waits
/// for it and then replays it: the mutation books once. Once the first answer has been written
/// out, its bytes are kept with the key (<see cref="RememberAnswerAsync"/>), and a replay sends
/// them again unchanged instead of describing the objects as they are now.
/// </summary>
public static class Idempotency
{
    /// <summary>The stored result for this key, if the same request already succeeded.</summary>
    public static async Task<Outcome<T>?> ReplayAsync<T>(IUnitOfWork work, long shopId, IdempotencyKey? key)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (key is null)
        {
            return null;
        }

        var stored = await work.GetIdempotentResultAsync(shopId, key.Stored).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        if (stored.Value.Fingerprint != key.Fingerprint)
        {
            throw new IdempotencyConflictException();
        }

        key.Replayed = true;
        key.ReplayedAnswer = stored.Value.Answer;
        return Outcome<T>.Ok(JsonSerializer.Deserialize<T>(stored.Value.Result)!);
    }

    /// <summary>Remembers a successful result under its key, in the same transaction.</summary>
    public static Task RememberAsync<T>(IUnitOfWork work, long shopId, IdempotencyKey? key, T value, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(work);
        return key is null ? Task.CompletedTask : work.SaveIdempotentResultAsync(shopId, key.Stored, key.Fingerprint, JsonSerializer.Serialize(value), now);
    }

    /// <summary>
    /// Keeps <paramref name="answer"/>, the bytes first sent for the request under <paramref name="key"/>,
    /// unless an answer is kept already (the first one written wins). Does nothing for a key that
    /// was replayed with its answer.
    /// </summary>
    public static async Task RememberAnswerAsync(ITillStore store, long shopId, IdempotencyKey key, string answer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(key);
        if (key.ReplayedAnswer is not null)
        {
            return;
        }

        await store.WriteAsync(
            async work =>
            {
                await work.SaveIdempotentAnswerAsync(shopId, key.Stored, answer).ConfigureAwait(false);
                return new Written<bool>(true, Commit: true);
            },
            cancellationToken).ConfigureAwait(false);
    }
}
