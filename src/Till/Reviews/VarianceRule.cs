using Till.CashSettings;
using Till.Sessions;

namespace Till.Reviews;

/// <summary>When a close needs a manager's approval.</summary>
public static class VarianceRule
{
    /// <summary>
    /// The cash a session handled: the float counted at its open plus the cash kept from its sales
    /// and the cash it refunded (adjustments and counts are not cash handled over the counter).
    /// </summary>
    public static decimal CashHandled(PaymentSession session, SessionTotals totals)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(totals);
        return session.CashCountedAtOpen + Math.Abs(totals.TotalCashSales) + totals.TotalCashRefunds;
    }

    /// <summary>
    /// True when the closing adjustment, in absolute value, is strictly more than the amount
    /// threshold or strictly more than the percentage of <paramref name="cashHandled"/>; a threshold
    /// that is not set never exceeds, and an adjustment of zero never does.
    /// </summary>
    public static bool Exceeds(LocationCashSettings settings, decimal closingAdjustment, decimal cashHandled)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var size = Math.Abs(closingAdjustment);
        if (size == 0)
        {
            return false;
        }

        return (settings.VarianceAmount is { } amount && size > amount)
            || (settings.VariancePercentage is { } percentage && size * 100 > percentage * Math.Abs(cashHandled));
    }
}
