namespace Till.Shops;

/// <summary>A stored Admin API token: only its hash is kept. <see cref="StaffId"/> is the staff member it acts for, if any.</summary>
public sealed record AccessToken(long Id, long ShopId, string Hash, IReadOnlyList<string> Scopes, bool Revoked, long? StaffId = null);
