using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Till.Server.Auth;

/// <summary>
/// The identities of live tokens, by token hash, kept in this process so that a request need not
/// read its token from the database. Only tokens found live are kept (an unknown token is never
/// remembered), and at most <see cref="Capacity"/> of them.
/// <para>
/// Entries are served only while <see cref="RevocationWatch"/> has confirmed, within the last
/// <see cref="TrustWindow"/>, that no token was revoked since the cache was last cleared. A node
/// that cannot read the revocation marker (database down, watch not running) therefore stops
/// trusting the cache by itself and reads every token from the database again.
/// </para>
/// </summary>
internal sealed class IdentityCache(int capacity = IdentityCache.DefaultCapacity)
{
    /// <summary>How many identities are kept by default.</summary>
    public const int DefaultCapacity = 10_000;

    /// <summary>How long a confirmation that nothing was revoked is good for.</summary>
    public static readonly TimeSpan TrustWindow = TimeSpan.FromMilliseconds(750);

    private static readonly long TrustWindowMs = (long)TrustWindow.TotalMilliseconds;

    private readonly ConcurrentDictionary<string, Identity> entries = new(StringComparer.Ordinal);
    private long generation;
    private int count;

    /// <summary>When (<see cref="Environment.TickCount64"/>) the last check that found nothing new began.</summary>
    private long confirmedAt = long.MinValue / 2;

    public int Capacity { get; } = capacity;

    /// <summary>How many identities are held now.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>Moves on every <see cref="Clear"/>; a lookup that started before a clear must not store what it found.</summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>Whether entries may be served now.</summary>
    public bool Trusted => Environment.TickCount64 - Volatile.Read(ref confirmedAt) < TrustWindowMs;

    /// <summary>The identity of a token hash, when it is held and the cache is trusted.</summary>
    public bool TryGet(string hash, [NotNullWhen(true)] out Identity? identity)
    {
        if (Trusted && entries.TryGetValue(hash, out identity))
        {
            return true;
        }

        identity = null;
        return false;
    }

    /// <summary>
    /// Keeps the identity of a live token read from the database. <paramref name="seenGeneration"/> is
    /// <see cref="Generation"/> as it was before the read began: if the cache was cleared since, the
    /// read may predate a revocation, and the entry is dropped again.
    /// </summary>
    public void Add(string hash, Identity identity, long seenGeneration)
    {
        if (entries.TryAdd(hash, identity))
        {
            // Over capacity: drop other entries, any of them (their tokens are read from the database next time).
            if (Interlocked.Increment(ref count) > Capacity)
            {
                foreach (var other in entries)
                {
                    if (Volatile.Read(ref count) <= Capacity)
                    {
                        break;
                    }

                    if (!string.Equals(other.Key, hash, StringComparison.Ordinal) && entries.TryRemove(other.Key, out _))
                    {
                        Interlocked.Decrement(ref count);
                    }
                }
            }
        }

        if (Generation != seenGeneration && entries.TryRemove(hash, out _))
        {
            Interlocked.Decrement(ref count);
        }
    }

    /// <summary>Forgets every identity: a token was revoked here or on another node.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref generation);
        foreach (var entry in entries)
        {
            if (entries.TryRemove(entry.Key, out _))
            {
                Interlocked.Decrement(ref count);
            }
        }
    }

    /// <summary>
    /// Records that a check of the revocation marker which began at <paramref name="startedAt"/>
    /// (<see cref="Environment.TickCount64"/>) found nothing that the cache does not already reflect.
    /// </summary>
    public void Confirm(long startedAt)
    {
        long current;
        do
        {
            current = Volatile.Read(ref confirmedAt);
            if (startedAt <= current)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref confirmedAt, startedAt, current) != current);
    }
}
