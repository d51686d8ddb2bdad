namespace Till.Shops;

/// <summary>A place where drawers and devices live.</summary>
/// <param name="DeactivatedAt">When the location was deactivated; null while it is active.</param>
/// <param name="PosPro">
/// Whether the location has what Shopify calls a POS Pro subscription, on which the reference makes
/// the shop summary, <c>cashTrackingSessions</c> and (from 2026-10) a device's drawer and session depend.
/// </param>
public sealed record Location(long ShopId, long Id, string Name, string Currency, DateTimeOffset CreatedAt, DateTimeOffset? DeactivatedAt = null, bool PosPro = true)
{
    /// <summary>Whether the location is active.</summary>
    public bool IsActive => DeactivatedAt is null;
}
