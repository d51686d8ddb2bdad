namespace Till.Transactions;

/// <summary>An order transaction a device recorded: a sale, refund or change, in any tender.</summary>
public sealed record OrderTransaction(
    long ShopId,
    long Id,
    long DeviceId,
    long LocationId,
    long? SessionId,
    string Kind,
    string Gateway,
    decimal Amount,
    string Currency,
    long StaffId,
    DateTimeOffset ProcessedAt,
    DateTimeOffset CreatedAt)
{
    /// <summary>True for cash, the only tender that moves a drawer.</summary>
    public bool IsCash => string.Equals(Gateway, "cash", StringComparison.OrdinalIgnoreCase);

    /// <summary>The signed change to the drawer for a cash transaction.</summary>
    public decimal DrawerCash => Kind == "SALE" ? Amount : -Amount;
}
