using System.Security.Cryptography;
using System.Text;
using Till.Server.Auth;
using Till.Shops;
using Till.Storage;

namespace Till.Server.Control;

/// <summary>
/// The control API's key: only its hash is stored, in the database's settings, and every node on
/// that database takes it from there. A node holds the hash in memory, and trusts it only for
/// <see cref="IdentityCache.TrustWindow"/> after the start of the last read of the setting:
/// <see cref="RevocationWatch"/> reads it with the token revocation marker every 250 ms, and a
/// request arriving when the copy is older reads it itself. So a key rotated through any node, or
/// with <c>till admin-key rotate</c>, works on every node, and the key it replaced stops working,
/// within one second.
/// </summary>
internal sealed class AdminKey(ITillStore store)
{
    /// <summary>The setting that holds the key's hash.</summary>
    public const string SettingName = "admin_key_hash";

    private static readonly long TrustWindowMs = (long)IdentityCache.TrustWindow.TotalMilliseconds;

    private Known? known;

    /// <summary>Sets the key from configuration, or generates one on first start; returns a key to print only when it was generated now.</summary>
    public async Task<string?> EnsureAsync(string? configured, CancellationToken cancellationToken = default)
    {
        var startedAt = Environment.TickCount64;
        await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        string? generated = null;
        string? hash;
        if (!string.IsNullOrEmpty(configured))
        {
            hash = Provisioning.Hash(configured);
            await work.SetSettingAsync(SettingName, hash).ConfigureAwait(false);
        }
        else
        {
            hash = await work.GetSettingAsync(SettingName).ConfigureAwait(false);
            if (hash is null)
            {
                generated = NewKey();
                hash = Provisioning.Hash(generated);
                await work.SetSettingAsync(SettingName, hash).ConfigureAwait(false);
            }
        }

        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        Confirm(hash, startedAt);
        return generated;
    }

    /// <summary>Replaces the key with a new random one and returns it (it is not stored, only its hash); the old key stops working.</summary>
    public async Task<string> RotateAsync(CancellationToken cancellationToken = default)
    {
        var startedAt = Environment.TickCount64;
        var key = NewKey();
        var hash = Provisioning.Hash(key);
        await using (var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false))
        {
            await work.SetSettingAsync(SettingName, hash).ConfigureAwait(false);
            await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        Confirm(hash, startedAt);
        return key;
    }

    /// <summary>
    /// Records the stored hash as read by a read that began at <paramref name="startedAt"/>
    /// (<see cref="Environment.TickCount64"/>); a read that began before the one already recorded changes nothing.
    /// </summary>
    public void Confirm(string? hash, long startedAt)
    {
        var next = new Known(hash, startedAt);
        Known? current;
        do
        {
            current = Volatile.Read(ref known);
            if (current is not null && current.ReadAt >= startedAt)
            {
                return;
            }
        }
        while (!ReferenceEquals(Interlocked.CompareExchange(ref known, next, current), current));
    }

    /// <summary>Whether the request carries the admin key as <c>Authorization: Bearer KEY</c>.</summary>
    public ValueTask<bool> AuthorizesAsync(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
        return MatchesAsync(presented, http.RequestAborted);
    }

    /// <summary>Whether the presented key is the stored one; reads the stored hash first when this node's copy is too old to trust.</summary>
    public async ValueTask<bool> MatchesAsync(string? presented, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var expected = Volatile.Read(ref known);
        if (expected is null || Environment.TickCount64 - expected.ReadAt >= TrustWindowMs)
        {
            var startedAt = Environment.TickCount64;
            string? hash;
            await using (var work = await store.BeginAsync(write: false, cancellationToken).ConfigureAwait(false))
            {
                hash = await work.GetSettingAsync(SettingName).ConfigureAwait(false);
            }

            Confirm(hash, startedAt);
            expected = new Known(hash, startedAt);
        }

        return expected.Hash is { } stored
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Provisioning.Hash(presented)), Encoding.ASCII.GetBytes(stored));
    }

    private static string NewKey() => "tilladm_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>The stored hash as a read found it, and when (<see cref="Environment.TickCount64"/>) that read began.</summary>
    private sealed record Known(string? Hash, long ReadAt);
}
