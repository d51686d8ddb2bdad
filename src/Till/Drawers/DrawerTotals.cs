namespace Till.Drawers;

/// <summary>A drawer's figures over a time range, with the same definitions as a session's totals.</summary>
public sealed record DrawerTotals(decimal TotalSales, decimal TotalRefunds, decimal TotalAdjustments, decimal TotalDiscrepancies)
{
    /// <summary>Sales less refunds.</summary>
    public decimal NetSales => TotalSales - TotalRefunds;
}
