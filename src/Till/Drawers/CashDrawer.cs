namespace Till.Drawers;

/// <summary>A cash drawer at a location. <see cref="Balance"/> is its book balance: the sum of its activities' cash.</summary>
public sealed record CashDrawer(long ShopId, long Id, long LocationId, string Name, string Currency, decimal Balance, long ActivityCount, DateTimeOffset CreatedAt)
{
    /// <summary>The ledger chain's latest link: the hash of the drawer's last activity (null before its first).</summary>
    public string? LedgerHead { get; init; }
}
