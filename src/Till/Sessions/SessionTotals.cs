namespace Till.Sessions;

/// <summary>
/// Sums a session's figures are computed from; kept on the session's row and moved with every
/// booking (see <see cref="LedgerFigures"/> for what each booking adds).
/// </summary>
public sealed record SessionTotals(
    decimal CashSales,
    decimal CashChange,
    decimal CashRefunds,
    decimal Adjustments,
    decimal Discrepancy,
    decimal AllSales,
    decimal AllChange,
    decimal AllRefunds)
{
    /// <summary>No activity at all.</summary>
    public static readonly SessionTotals Empty = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Cash kept from sales: sales plus (negative) change.</summary>
    public decimal TotalCashSales => CashSales + CashChange;

    /// <summary>Cash refunded, as a positive amount.</summary>
    public decimal TotalCashRefunds => Math.Abs(CashRefunds);

    /// <summary>Cash sales less cash refunds.</summary>
    public decimal NetCashSales => TotalCashSales - TotalCashRefunds;

    /// <summary>Sales over every tender, net of change.</summary>
    public decimal TotalSales => AllSales - AllChange;

    /// <summary>Refunds over every tender.</summary>
    public decimal TotalRefunds => AllRefunds;

    /// <summary>Sales less refunds over every tender.</summary>
    public decimal NetSales => TotalSales - TotalRefunds;

    /// <summary>Both sets of sums added together, figure by figure.</summary>
    public SessionTotals Plus(SessionTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(
            CashSales + other.CashSales, CashChange + other.CashChange, CashRefunds + other.CashRefunds, Adjustments + other.Adjustments, Discrepancy + other.Discrepancy,
            AllSales + other.AllSales, AllChange + other.AllChange, AllRefunds + other.AllRefunds);
    }
}
