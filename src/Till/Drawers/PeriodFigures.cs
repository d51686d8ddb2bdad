using Till.Sessions;

namespace Till.Drawers;

/// <summary>
/// A drawer's figures over a stretch of time: what a period row keeps and what a date range adds
/// up to. <see cref="Cash"/> is the move of the book balance; the others are the cash figures of
/// <see cref="SessionTotals"/> over the same activities, so a range's totals follow the session
/// definitions.
/// </summary>
public sealed record PeriodFigures(decimal Cash, decimal CashSales, decimal CashChange, decimal CashRefunds, decimal Adjustments, decimal Discrepancy)
{
    /// <summary>No activity.</summary>
    public static readonly PeriodFigures Zero = new(0, 0, 0, 0, 0, 0);

    /// <summary>Cash that entered or left through sales, change, refunds and adjustments (not counts and not the closing re-base).</summary>
    public decimal NetCash => CashSales + CashChange + CashRefunds + Adjustments;

    /// <summary>A balance move together with the cash figures of <paramref name="totals"/>.</summary>
    public static PeriodFigures Of(decimal cash, SessionTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return new(cash, totals.CashSales, totals.CashChange, totals.CashRefunds, totals.Adjustments, totals.Discrepancy);
    }

    /// <summary>
    /// The drawer-range figures of the API: sales over every tender net of change and refunds over
    /// every tender (as a session's <see cref="SessionTotals.TotalSales"/> and
    /// <see cref="SessionTotals.TotalRefunds"/>), with this range's cash adjustments and discrepancies.
    /// </summary>
    public DrawerTotals ToDrawerTotals(decimal allSales, decimal allChange, decimal allRefunds) => new(allSales - allChange, allRefunds, Adjustments, Discrepancy);
}
