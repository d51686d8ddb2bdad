using System.Text.Json;
using Till.Storage;

namespace Till.Common;

/// <summary>
/// Replays the first result of a mutation retried with the same idempotency key. The key is read
/// and written inside the mutation's own transaction, so a retry racing the first attempt waits
/// for it and then replays it: the mutation books once.
/// </summary>
public static class Idempotency
{
    /// <summary>The stored result for this key, if the same request already succeeded.</summary>
    public static async Task<Outcome<T>?> ReplayAsync<T>(IUnitOfWork work, long shopId, IdempotencyKey? key)
    {
        if (key is null)
        {
            return null;
        }

        var stored = await work.GetIdempotentResultAsync(shopId, key.Key).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        if (stored.Value.Fingerprint != key.Fingerprint)
        {
            throw new IdempotencyConflictException();
        }

        return Outcome<T>.Ok(JsonSerializer.Deserialize<T>(stored.Value.Result)!);
    }

    /// <summary>Remembers a successful result under its key, in the same transaction.</summary>
    public static Task RememberAsync<T>(IUnitOfWork work, long shopId, IdempotencyKey? key, T value, DateTimeOffset now) =>
        key is null ? Task.CompletedTask : work.SaveIdempotentResultAsync(shopId, key.Key, key.Fingerprint, JsonSerializer.Serialize(value), now);
}
