namespace Till.Drawers;

/// <summary>
/// A drawer's figures over a time range, with the same definitions as a session's totals: sales and
/// refunds count every tender of the order transactions processed in the range (as
/// <c>PointOfSaleDevicePaymentSession.totalSales</c> and <c>totalRefunds</c>); adjustments and
/// discrepancies are the cash ones booked in the range (as the session's <c>totalAdjustments</c> and
/// <c>totalDiscrepancy</c>).
/// </summary>
public sealed record DrawerTotals(decimal TotalSales, decimal TotalRefunds, decimal TotalAdjustments, decimal TotalDiscrepancies)
{
    /// <summary>Sales less refunds.</summary>
    public decimal NetSales => TotalSales - TotalRefunds;
}
