namespace Till.Shops;

/// <summary>A stored Admin API token: only its hash is kept.</summary>
public sealed record AccessToken(long Id, long ShopId, string Hash, IReadOnlyList<string> Scopes, bool Revoked);

/// <summary>A token as issued: its plain text and its app's API secret key, both shown once.</summary>
public sealed record IssuedToken(string Token, string Secret);
