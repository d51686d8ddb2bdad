namespace Till.Shops;

/// <summary>A place where drawers and devices live.</summary>
public sealed record Location(long ShopId, long Id, string Name, string Currency, DateTimeOffset CreatedAt);
