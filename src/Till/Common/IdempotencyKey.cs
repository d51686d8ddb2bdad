using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Till.Common;

/// <summary>
/// A client's idempotency key, the kind of request it was given with, and a fingerprint of that
/// request. Keys are compared exactly, code unit by code unit: what is stored is a hash of the
/// kind and the key's UTF-16 code units, so keys differing only in a NUL, an unpaired surrogate or
/// any other character that a database's text type cannot hold stay distinct.
/// </summary>
public sealed class IdempotencyKey
{
    /// <summary>Creates a key given with a request of <paramref name="kind"/>.</summary>
    /// <param name="kind">The kind of request, so that keys of different APIs never meet (for example <c>graphql</c>).</param>
    /// <param name="key">The key exactly as the client sent it.</param>
    /// <param name="fingerprint">What identifies the request: a retry with another fingerprint is a mismatch.</param>
    public IdempotencyKey(string kind, string key, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(key);
        Kind = kind;
        Key = key;
        Fingerprint = fingerprint;
        var prefix = Encoding.UTF8.GetBytes(kind + "\n");
        var units = MemoryMarshal.AsBytes(key.AsSpan());
        var bytes = new byte[prefix.Length + units.Length];
        prefix.CopyTo(bytes, 0);
        units.CopyTo(bytes.AsSpan(prefix.Length));
        Stored = Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>The kind of request the key was given with.</summary>
    public string Kind { get; }

    /// <summary>The key exactly as the client sent it.</summary>
    public string Key { get; }

    /// <summary>What identifies the request the key was first used with.</summary>
    public string Fingerprint { get; }

    /// <summary>The form the key is stored and looked up in: a SHA-256 of its kind and its code units, in hex.</summary>
    public string Stored { get; }

    /// <summary>True once the unit of work found this key already used by the same request.</summary>
    public bool Replayed { get; internal set; }

    /// <summary>
    /// The first answer stored for the key, when <see cref="Replayed"/> found one: the bytes (as
    /// text) the client was first sent for the request's result, to be sent again unchanged.
    /// </summary>
    public string? ReplayedAnswer { get; internal set; }
}
