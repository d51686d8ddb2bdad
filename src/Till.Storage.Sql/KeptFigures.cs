using System.Globalization;
using Till.Drawers;
using Till.Money;
using Till.Sessions;
using Till.Transactions;

namespace Till.Storage.Sql;

/// <summary>
/// The SQL of the figures kept with the ledger: each session row keeps its totals, and each
/// drawer keeps one row per 15-minute period and one per UTC day it had activity in
/// (<c>drawer_periods</c>). A booking moves them in its own transaction by the deltas
/// <see cref="LedgerFigures"/> gives, bound as parameters; the few statements that classify rows
/// themselves (the rebuild, the raw edges of a date range) build their type lists from
/// <see cref="LedgerFigures"/> too, so the classification is written once.
/// </summary>
internal static class KeptFigures
{
    /// <summary>The <c>span</c> of a 15-minute period row, in minutes.</summary>
    public const int Quarter = 15;

    /// <summary>The <c>span</c> of a day row (UTC), in minutes.</summary>
    public const int Day = 1440;

    public const long QuarterTicks = Quarter * TimeSpan.TicksPerMinute;

    public const long DayTicks = TimeSpan.TicksPerDay;

    /// <summary>The kept totals on <c>payment_sessions</c>, in the order of <see cref="SessionTotals"/>.</summary>
    public const string SessionColumns = "cash_sales, cash_change, cash_refunds, adjustments, discrepancy, all_sales, all_change, all_refunds";

    /// <summary>The figures of a <c>drawer_periods</c> row, in the order of <see cref="PeriodFigures"/>.</summary>
    public const string PeriodColumns = "cash, cash_sales, cash_change, cash_refunds, adjustments, discrepancy";

    /// <summary>Moves the totals of session <c>@session</c> by the <c>@d…</c> deltas.</summary>
    public const string MoveSession =
        "UPDATE payment_sessions SET cash_sales = cash_sales + @dCashSales, cash_change = cash_change + @dCashChange, cash_refunds = cash_refunds + @dCashRefunds, " +
        "adjustments = adjustments + @dAdjustments, discrepancy = discrepancy + @dDiscrepancy, " +
        "all_sales = all_sales + @dAllSales, all_change = all_change + @dAllChange, all_refunds = all_refunds + @dAllRefunds " +
        "WHERE shop_id = @shop AND id = @session";

    /// <summary>Adds the <c>@p…</c> figures to drawer <c>@drawer</c>'s 15-minute row <c>@pQuarter</c> and day row <c>@pDay</c>, creating them when missing.</summary>
    public static readonly string MovePeriods =
        $"INSERT INTO drawer_periods (shop_id, drawer_id, span, period_start, {PeriodColumns}) VALUES " +
        $"(@shop, @drawer, {Number(Quarter)}, @pQuarter, @pCash, @pCashSales, @pCashChange, @pCashRefunds, @pAdjustments, @pDiscrepancy), " +
        $"(@shop, @drawer, {Number(Day)}, @pDay, @pCash, @pCashSales, @pCashChange, @pCashRefunds, @pAdjustments, @pDiscrepancy) " +
        "ON CONFLICT (shop_id, drawer_id, span, period_start) DO UPDATE SET " +
        string.Join(", ", PeriodColumns.Split(", ").Select(c => $"{c} = drawer_periods.{c} + excluded.{c}"));

    /// <summary>The activity types of the legacy view's adjustments, as an SQL list.</summary>
    public static readonly string AdjustmentTypes = List(LedgerFigures.ActivityTypesOf(LedgerFigure.Adjustments));

    private static readonly string[] PeriodColumnList = PeriodColumns.Split(", ");

    /// <summary>The <see cref="PeriodColumns"/> figures of one <c>cash_activities</c> row, one expression each.</summary>
    private static readonly string[] ActivityFigures =
        ["cash", ActivityCash(LedgerFigure.Sales), ActivityCash(LedgerFigure.Change), ActivityCash(LedgerFigure.Refunds), ActivityCash(LedgerFigure.Adjustments), "COALESCE(discrepancy, 0)"];

    /// <summary>The parameters <see cref="MoveSession"/> takes for a delta.</summary>
    public static (string, object?)[] SessionDelta(SessionTotals delta) =>
    [
        ("@dCashSales", T(delta.CashSales)), ("@dCashChange", T(delta.CashChange)), ("@dCashRefunds", T(delta.CashRefunds)), ("@dAdjustments", T(delta.Adjustments)),
        ("@dDiscrepancy", T(delta.Discrepancy)), ("@dAllSales", T(delta.AllSales)), ("@dAllChange", T(delta.AllChange)), ("@dAllRefunds", T(delta.AllRefunds)),
    ];

    /// <summary>The parameters <see cref="MovePeriods"/> takes for an activity: its figures and the periods holding its time.</summary>
    public static (string, object?)[] PeriodDelta(CashActivity activity)
    {
        var figures = LedgerFigures.PeriodDelta(activity);
        var ticks = activity.Time.UtcTicks;
        return
        [
            ("@pCash", T(figures.Cash)), ("@pCashSales", T(figures.CashSales)), ("@pCashChange", T(figures.CashChange)), ("@pCashRefunds", T(figures.CashRefunds)),
            ("@pAdjustments", T(figures.Adjustments)), ("@pDiscrepancy", T(figures.Discrepancy)), ("@pQuarter", Floor(ticks, QuarterTicks)), ("@pDay", Floor(ticks, DayTicks)),
        ];
    }

    /// <summary>
    /// Sales, change and refunds over every tender (thousandths, in that order) of the order
    /// transactions processed in [<c>@start</c>, <c>@end</c>) in the sessions of drawer
    /// <c>@drawer</c>: the same kinds a session's <c>all_sales</c>, <c>all_change</c> and
    /// <c>all_refunds</c> add up, so a drawer's range totals follow the session's definitions.
    /// </summary>
    public static readonly string DrawerTenderSums =
        $"SELECT {string.Join(", ", new[] { LedgerFigure.Sales, LedgerFigure.Change, LedgerFigure.Refunds }.Select(f => $"CAST(COALESCE(SUM(CASE WHEN kind IN ({List(LedgerFigures.TransactionKindsOf(f))}) THEN amount ELSE 0 END), 0) AS BIGINT)"))} " +
        "FROM order_transactions WHERE shop_id = @shop AND session_id IN (SELECT id FROM payment_sessions WHERE shop_id = @shop AND drawer_id = @drawer) " +
        "AND processed_at >= @start AND processed_at < @end";

    /// <summary>
    /// Recomputes every kept figure from the activities and order transactions: of one shop
    /// (<c>@shop</c>) or, for the migration that adds them, of every shop. The statements run in
    /// order, in one transaction.
    /// </summary>
    public static IReadOnlyList<string> Rebuild(bool oneShop)
    {
        var shop = oneShop ? "shop_id = @shop" : "1 = 1";
        string TransactionAmount(LedgerFigure figure) => $"CASE WHEN kind IN ({List(LedgerFigures.TransactionKindsOf(figure))}) THEN amount ELSE 0 END";
        var periodSums = string.Join(", ", ActivityFigures.Select(e => $"SUM({e})"));
        return
        [
            $"UPDATE payment_sessions SET {string.Join(", ", SessionColumns.Split(", ").Select(c => c + " = 0"))} WHERE {shop}",
            $"DELETE FROM drawer_periods WHERE {shop}",
            "UPDATE payment_sessions SET cash_sales = f.cash_sales, cash_change = f.cash_change, cash_refunds = f.cash_refunds, adjustments = f.adjustments, discrepancy = f.discrepancy " +
            $"FROM (SELECT shop_id, session_id, {string.Join(", ", ActivityFigures.Zip(PeriodColumnList).Skip(1).Select(p => $"SUM({p.First}) AS {p.Second}"))} " +
            $"FROM cash_activities WHERE {shop} GROUP BY shop_id, session_id) AS f " +
            "WHERE payment_sessions.shop_id = f.shop_id AND payment_sessions.id = f.session_id",
            "UPDATE payment_sessions SET all_sales = f.all_sales, all_change = f.all_change, all_refunds = f.all_refunds " +
            $"FROM (SELECT shop_id, session_id, SUM({TransactionAmount(LedgerFigure.Sales)}) AS all_sales, SUM({TransactionAmount(LedgerFigure.Change)}) AS all_change, " +
            $"SUM({TransactionAmount(LedgerFigure.Refunds)}) AS all_refunds FROM order_transactions WHERE session_id IS NOT NULL AND {shop} GROUP BY shop_id, session_id) AS f " +
            "WHERE payment_sessions.shop_id = f.shop_id AND payment_sessions.id = f.session_id",
            $"INSERT INTO drawer_periods (shop_id, drawer_id, span, period_start, {PeriodColumns}) " +
            $"SELECT shop_id, drawer_id, {Number(Quarter)}, time - time % {Number(QuarterTicks)}, {periodSums} FROM cash_activities WHERE {shop} " +
            $"GROUP BY shop_id, drawer_id, time - time % {Number(QuarterTicks)}",
            $"INSERT INTO drawer_periods (shop_id, drawer_id, span, period_start, {PeriodColumns}) " +
            $"SELECT shop_id, drawer_id, {Number(Day)}, period_start - period_start % {Number(DayTicks)}, {string.Join(", ", PeriodColumnList.Select(c => $"SUM({c})"))} " +
            $"FROM drawer_periods WHERE span = {Number(Quarter)} AND {shop} GROUP BY shop_id, drawer_id, period_start - period_start % {Number(DayTicks)}",
        ];
    }

    /// <summary>
    /// Rows of <see cref="PeriodColumns"/> (or only <c>cash</c>) that add up, exactly, to the
    /// figures of the activities of the drawers <paramref name="drawers"/> picks (an SQL condition
    /// on <c>drawer_id</c>) whose time is in the range <paramref name="cover"/> describes, its
    /// bounds bound with <paramref name="prefix"/>. A part of the cover that is empty (a range
    /// aligned to 15 minutes has no raw edges; a one-day range no 15-minute rows) is left out of
    /// the SQL, so no index is searched for it, once per drawer, for nothing.
    /// </summary>
    public static string CoverRows(string prefix, string drawers, bool cashOnly, PeriodCover cover)
    {
        var columns = Columns(cashOnly);
        var kept = string.Join(", ", columns);
        var raw = string.Join(", ", (cashOnly ? ["cash"] : ActivityFigures).Zip(columns, (e, c) => $"{e} AS {c}"));
        string Periods(int span, string part) =>
            $"SELECT {kept} FROM drawer_periods WHERE shop_id = @shop AND drawer_id {drawers} AND span = {Number(span)} AND period_start >= @{prefix}{part}From AND period_start < @{prefix}{part}To";
        string Raw(string part) =>
            $"SELECT {raw} FROM cash_activities WHERE shop_id = @shop AND drawer_id {drawers} AND time >= @{prefix}{part}From AND time < @{prefix}{part}To";
        var parts = new List<string>(5);
        void Add((long From, long To) range, string sql)
        {
            if (range.From < range.To)
            {
                parts.Add(sql);
            }
        }

        Add(cover.Q1, Periods(Quarter, "Q1"));
        Add(cover.Days, Periods(Day, "Days"));
        Add(cover.Q2, Periods(Quarter, "Q2"));
        Add(cover.Edge1, Raw("Edge1"));
        Add(cover.Edge2, Raw("Edge2"));
        return parts.Count > 0 ? string.Join(" UNION ALL ", parts) : $"SELECT {string.Join(", ", columns.Select(c => "0 AS " + c))} WHERE 1 = 0";
    }

    /// <summary>The sums of <see cref="CoverRows"/>, one BIGINT column per figure.</summary>
    public static string CoverSums(string prefix, string drawers, bool cashOnly, PeriodCover cover) =>
        $"SELECT {string.Join(", ", Columns(cashOnly).Select(c => $"CAST(COALESCE(SUM({c}), 0) AS BIGINT) AS {c}"))} FROM ({CoverRows(prefix, drawers, cashOnly, cover)}) AS f";

    private static string[] Columns(bool cashOnly) => cashOnly ? ["cash"] : PeriodColumnList;

    public static long Floor(long ticks, long span) => ticks - (ticks % span);

    private static long T(decimal amount) => MoneyAmount.ToThousandths(amount);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string ActivityCash(LedgerFigure figure) => $"CASE WHEN type IN ({List(LedgerFigures.ActivityTypesOf(figure))}) THEN cash ELSE 0 END";

    private static string List(IEnumerable<string> names) => string.Join(", ", names.Select(n => "'" + n.Replace("'", "''", StringComparison.Ordinal) + "'"));
}

/// <summary>
/// A time range [from, to) as the kept rows and raw fragments that add up to it exactly: the
/// whole days inside it as day rows, the whole 15-minute periods around them as 15-minute rows,
/// and the activities of the unaligned fragments at either edge (each shorter than 15 minutes)
/// as themselves. A range aligned to 15 minutes (every time zone's midnight is) has no edges.
/// </summary>
internal readonly record struct PeriodCover(
    (long From, long To) Q1, (long From, long To) Days, (long From, long To) Q2, (long From, long To) Edge1, (long From, long To) Edge2)
{
    public static PeriodCover Of(long from, long to)
    {
        var none = (0L, 0L);
        if (to <= from)
        {
            return new(none, none, none, none, none);
        }

        var first = Ceiling(from, KeptFigures.QuarterTicks);
        var last = KeptFigures.Floor(to, KeptFigures.QuarterTicks);
        if (first >= last)
        {
            // Not one whole 15-minute period inside: the range is its own edge.
            return new(none, none, none, (from, to), none);
        }

        var firstDay = Ceiling(first, KeptFigures.DayTicks);
        var lastDay = KeptFigures.Floor(last, KeptFigures.DayTicks);
        return firstDay >= lastDay
            ? new((first, last), none, none, (from, first), (last, to))
            : new((first, firstDay), (firstDay, lastDay), (lastDay, last), (from, first), (last, to));
    }

    /// <summary>The bounds as the parameters <see cref="KeptFigures.CoverRows"/> reads under <paramref name="prefix"/>.</summary>
    public (string, object?)[] Parameters(string prefix) =>
    [
        ($"@{prefix}Q1From", Q1.From), ($"@{prefix}Q1To", Q1.To), ($"@{prefix}DaysFrom", Days.From), ($"@{prefix}DaysTo", Days.To),
        ($"@{prefix}Q2From", Q2.From), ($"@{prefix}Q2To", Q2.To), ($"@{prefix}Edge1From", Edge1.From), ($"@{prefix}Edge1To", Edge1.To),
        ($"@{prefix}Edge2From", Edge2.From), ($"@{prefix}Edge2To", Edge2.To),
    ];

    private static long Ceiling(long ticks, long span) => ticks % span == 0 ? ticks : ticks - (ticks % span) + span;
}
