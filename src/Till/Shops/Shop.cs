namespace Till.Shops;

/// <summary>A tenant: everything else belongs to exactly one shop.</summary>
public sealed record Shop(long Id, string Name, string Currency, DateTimeOffset CreatedAt);
