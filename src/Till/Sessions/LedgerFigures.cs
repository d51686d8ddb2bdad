using Till.Transactions;

namespace Till.Sessions;

/// <summary>The figure an activity's cash, or an order transaction's amount, counts in.</summary>
public enum LedgerFigure
{
    /// <summary>None: the booking moves only the book balance (and, for a count, the discrepancy).</summary>
    None,
    /// <summary>Sales.</summary>
    Sales,
    /// <summary>Change handed back.</summary>
    Change,
    /// <summary>Refunds.</summary>
    Refunds,
    /// <summary>Cash added or removed by hand (not the closing re-base).</summary>
    Adjustments,
}

/// <summary>
/// The one place that says which activity types and transaction kinds count in which figure
/// (what is a sale, what is an adjustment), and so what each booking adds to the figures kept
/// with the ledger: its session's totals and its drawer's period rows. Storage applies these
/// deltas in the transaction that books, and builds any SQL that classifies rows (the rebuild,
/// the edges of a date range) from <see cref="ActivityTypes"/> and <see cref="TransactionKinds"/>.
/// </summary>
public static class LedgerFigures
{
    /// <summary>The activity types that count in a figure; every other type (counts, the closing adjustment) counts in none.</summary>
    public static readonly IReadOnlyDictionary<string, LedgerFigure> ActivityTypes = new Dictionary<string, LedgerFigure>(StringComparer.Ordinal)
    {
        ["SALE"] = LedgerFigure.Sales,
        ["CHANGE"] = LedgerFigure.Change,
        ["REFUND"] = LedgerFigure.Refunds,
        ["ADJUSTMENT"] = LedgerFigure.Adjustments,
        ["CASH_PAYOUT"] = LedgerFigure.Adjustments,
    };

    /// <summary>The order transaction kinds and the all-tender figure each counts in.</summary>
    public static readonly IReadOnlyDictionary<string, LedgerFigure> TransactionKinds = new Dictionary<string, LedgerFigure>(StringComparer.Ordinal)
    {
        ["SALE"] = LedgerFigure.Sales,
        ["CHANGE"] = LedgerFigure.Change,
        ["REFUND"] = LedgerFigure.Refunds,
    };

    /// <summary>The figure an activity of this type counts in.</summary>
    public static LedgerFigure OfActivityType(string type) => ActivityTypes.GetValueOrDefault(type, LedgerFigure.None);

    /// <summary>The activity types that count in <paramref name="figure"/>, in a fixed order.</summary>
    public static IReadOnlyList<string> ActivityTypesOf(LedgerFigure figure) => [.. ActivityTypes.Where(p => p.Value == figure).Select(p => p.Key).Order(StringComparer.Ordinal)];

    /// <summary>The transaction kinds that count in <paramref name="figure"/>, in a fixed order.</summary>
    public static IReadOnlyList<string> TransactionKindsOf(LedgerFigure figure) => [.. TransactionKinds.Where(p => p.Value == figure).Select(p => p.Key).Order(StringComparer.Ordinal)];

    /// <summary>What an activity adds to its session's totals: its cash in the cash figure of its type, and its discrepancy.</summary>
    public static SessionTotals SessionDelta(CashActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var cash = activity.Cash;
        var figure = OfActivityType(activity.Type);
        return new SessionTotals(
            CashSales: figure == LedgerFigure.Sales ? cash : 0,
            CashChange: figure == LedgerFigure.Change ? cash : 0,
            CashRefunds: figure == LedgerFigure.Refunds ? cash : 0,
            Adjustments: figure == LedgerFigure.Adjustments ? cash : 0,
            Discrepancy: activity.Discrepancy ?? 0,
            AllSales: 0,
            AllChange: 0,
            AllRefunds: 0);
    }

    /// <summary>What an order transaction, of any tender, adds to its session's all-tender totals.</summary>
    public static SessionTotals SessionDelta(OrderTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var amount = transaction.Amount;
        var figure = TransactionKinds.GetValueOrDefault(transaction.Kind, LedgerFigure.None);
        return SessionTotals.Empty with
        {
            AllSales = figure == LedgerFigure.Sales ? amount : 0,
            AllChange = figure == LedgerFigure.Change ? amount : 0,
            AllRefunds = figure == LedgerFigure.Refunds ? amount : 0,
        };
    }

    /// <summary>What an activity adds to the period rows of its drawer that contain its time.</summary>
    public static Drawers.PeriodFigures PeriodDelta(CashActivity activity) =>
        Drawers.PeriodFigures.Of(activity.Cash, SessionDelta(activity));
}
