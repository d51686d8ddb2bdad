namespace Till.Shops;

/// <summary>A place where drawers and devices live.</summary>
/// <param name="DeactivatedAt">When the location was deactivated; null while it is active.</param>
public sealed record Location(long ShopId, long Id, string Name, string Currency, DateTimeOffset CreatedAt, DateTimeOffset? DeactivatedAt = null)
{
    /// <summary>Whether the location is active.</summary>
    public bool IsActive => DeactivatedAt is null;
}
