using Till.Sessions;
using Till.Transactions;

namespace Till.Common;

/// <summary>
/// The bound on every balance and sum Till keeps (a drawer's book balance, a session's kept
/// totals): at most <see cref="MaxThousandths"/> thousandths either way, a quarter of the 64-bit
/// column's range. A single amount is far smaller (see <see cref="Money.MoneyAmount"/>), so a
/// booking that keeps the balance and the session's totals inside the bound keeps every stored
/// column in range; a period row's cash, the difference of two bounded balances, is at most
/// twice the bound. A use case checks the figures it read before it books and refuses a booking
/// that would leave the bound.
/// </summary>
public static class LedgerBounds
{
    /// <summary>The largest stored balance or sum, in thousandths: (2^63 − 1) / 4.</summary>
    public const long MaxThousandths = long.MaxValue / 4;

    /// <summary>The largest stored balance or sum, in currency units.</summary>
    public static readonly decimal Max = MaxThousandths / 1000m;

    /// <summary>The message of the refusal.</summary>
    public const string Message = "The amount would take the drawer's balance or the session's totals out of the range Till keeps.";

    /// <summary>True when <paramref name="value"/> is inside the bound.</summary>
    public static bool Fits(decimal value) => Math.Abs(value) <= Max;

    /// <summary>True when every one of <paramref name="totals"/> is inside the bound.</summary>
    public static bool Fits(SessionTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return Fits(totals.CashSales) && Fits(totals.CashChange) && Fits(totals.CashRefunds) && Fits(totals.Adjustments)
            && Fits(totals.Discrepancy) && Fits(totals.AllSales) && Fits(totals.AllChange) && Fits(totals.AllRefunds);
    }

    /// <summary>
    /// True when booking <paramref name="activities"/> (and <paramref name="transaction"/>, when
    /// given) on a drawer at <paramref name="balance"/> and a session at <paramref name="totals"/>
    /// keeps the balance and every total inside the bound.
    /// </summary>
    public static bool Books(decimal balance, SessionTotals totals, IEnumerable<CashActivity> activities, OrderTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(activities);
        foreach (var activity in activities)
        {
            balance += activity.Cash;
            totals = totals.Plus(LedgerFigures.SessionDelta(activity));
            if (!Fits(balance) || !Fits(totals))
            {
                return false;
            }
        }

        if (transaction is not null)
        {
            totals = totals.Plus(LedgerFigures.SessionDelta(transaction));
        }

        return Fits(balance) && Fits(totals);
    }
}
