using System.Security.Cryptography;
using System.Text;
using Till.Shops;
using Till.Storage;

namespace Till.Server.Control;

/// <summary>The control API's key: only its hash is stored, in the database's settings.</summary>
internal sealed class AdminKey(ITillStore store)
{
    private const string SettingName = "admin_key_hash";
    private volatile string? hash;

    /// <summary>Sets the key from configuration, or generates one on first start; returns a key to print only when it was generated now.</summary>
    public async Task<string?> EnsureAsync(string? configured, CancellationToken cancellationToken = default)
    {
        await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        string? generated = null;
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
                generated = "tilladm_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
                hash = Provisioning.Hash(generated);
                await work.SetSettingAsync(SettingName, hash).ConfigureAwait(false);
            }
        }

        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return generated;
    }

    public bool Matches(string? presented)
    {
        var expected = hash;
        if (expected is null || string.IsNullOrEmpty(presented))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Provisioning.Hash(presented)), Encoding.ASCII.GetBytes(expected));
    }
}
