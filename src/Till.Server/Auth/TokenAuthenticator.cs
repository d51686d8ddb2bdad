using Till.Shops;

namespace Till.Server.Auth;

/// <summary>Who a request is: the shop and scopes of its Admin API token.</summary>
internal sealed record Identity(long TokenId, long ShopId, IReadOnlySet<string> Scopes);

/// <summary>Turns an access token into an identity; revoked or unknown tokens are refused at once.</summary>
internal sealed class TokenAuthenticator(Provisioning provisioning)
{
    public async Task<Identity?> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length > 200)
        {
            return null;
        }

        var found = await provisioning.AuthenticateAsync(token, cancellationToken).ConfigureAwait(false);
        return found is null ? null : new Identity(found.Id, found.ShopId, found.Scopes.ToHashSet(StringComparer.Ordinal));
    }
}
