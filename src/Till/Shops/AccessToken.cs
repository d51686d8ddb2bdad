namespace Till.Shops;

/// <summary>A stored Admin API token: only its hash is kept.</summary>
public sealed record AccessToken(long Id, long ShopId, string Hash, IReadOnlyList<string> Scopes, bool Revoked);
