
namespace Till.Storage;

/// <summary>
/// Results and answers kept under idempotency keys (see <see cref="Common.Idempotency"/>).
/// </summary>
public interface IIdempotencyRecords
{
    /// <summary>
    /// The result stored under an idempotency key (its stored form, <see cref="Common.IdempotencyKey.Stored"/>),
    /// with the fingerprint of its request and the first answer sent for it, if that was kept.
    /// </summary>
    Task<(string Fingerprint, string Result, string? Answer)?> GetIdempotentResultAsync(long shopId, string key);
    /// <summary>Stores a result under an idempotency key (its stored form).</summary>
    Task SaveIdempotentResultAsync(long shopId, string key, string fingerprint, string result, DateTimeOffset now);
    /// <summary>Keeps the first answer sent for an idempotency key's request, unless one is kept already.</summary>
    Task SaveIdempotentAnswerAsync(long shopId, string key, string answer);
}
