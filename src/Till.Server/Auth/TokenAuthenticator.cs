using Till.Shops;

namespace Till.Server.Auth;

/// <summary>Who a request is: the shop and scopes of its Admin API token, and the staff member it acts for (null: the shop).</summary>
internal sealed record Identity(long TokenId, long ShopId, IReadOnlySet<string> Scopes, long? StaffId = null);

/// <summary>
/// Turns an access token into an identity: from the <see cref="IdentityCache"/> when it holds the
/// token, else from the database (a live token found there is then kept). Unknown tokens are
/// refused and never remembered; revoked ones are refused at once on the node that revoked them
/// and within one second on every other node (see <see cref="RevocationWatch"/>).
/// </summary>
internal sealed class TokenAuthenticator(Provisioning provisioning, IdentityCache cache)
{
    /// <summary>Tokens longer than this are refused without a look-up.</summary>
    public const int MaxTokenLength = 200;

    public async ValueTask<Identity?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length > MaxTokenLength)
        {
            return null;
        }

        var hash = Provisioning.Hash(token);
        if (cache.TryGet(hash, out var known))
        {
            return known;
        }

        var generation = cache.Generation;
        var found = await provisioning.FindLiveTokenAsync(hash, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        var identity = new Identity(found.Id, found.ShopId, found.Scopes.ToHashSet(StringComparer.Ordinal));
        cache.Add(hash, identity, generation);
        return identity;
    }
}
