namespace Till.Shops;

/// <summary>A stored Admin API token: only its hash is kept. <see cref="StaffId"/> is the staff member it acts for, if any.</summary>
public sealed record AccessToken(long Id, long ShopId, string Hash, IReadOnlyList<string> Scopes, bool Revoked, long? StaffId = null);

/// <summary>A token as issued: its plain text and its app's API secret key, both shown once.</summary>
public sealed record IssuedToken(string Token, string Secret);
