using System.Data.Common;
using Till.Testing;

namespace Till.Tests.Support;

/// <summary>
/// Figures recomputed from the raw activities and transactions with plain SQL, the way Till
/// computed them before it kept them (a GROUP BY over the whole history): what every kept figure
/// must equal. Amounts in thousandths, times in UTC ticks; <c>@shop</c> is the shop.
/// </summary>
internal static class FiguresOracle
{
    public const long QuarterTicks = 15 * TimeSpan.TicksPerMinute;

    public const long DayTicks = TimeSpan.TicksPerDay;

    /// <summary>Per session, by ID: id, cash sales, cash change, cash refunds, adjustments, discrepancy, all-tender sales, change, refunds.</summary>
    public const string SessionTotals =
        "SELECT s.id, " +
        "CAST((SELECT COALESCE(SUM(a.cash), 0) FROM cash_activities a WHERE a.shop_id = s.shop_id AND a.session_id = s.id AND a.type = 'SALE') AS BIGINT), " +
        "CAST((SELECT COALESCE(SUM(a.cash), 0) FROM cash_activities a WHERE a.shop_id = s.shop_id AND a.session_id = s.id AND a.type = 'CHANGE') AS BIGINT), " +
        "CAST((SELECT COALESCE(SUM(a.cash), 0) FROM cash_activities a WHERE a.shop_id = s.shop_id AND a.session_id = s.id AND a.type = 'REFUND') AS BIGINT), " +
        "CAST((SELECT COALESCE(SUM(a.cash), 0) FROM cash_activities a WHERE a.shop_id = s.shop_id AND a.session_id = s.id AND a.type IN ('ADJUSTMENT', 'CASH_PAYOUT')) AS BIGINT), " +
        "CAST((SELECT COALESCE(SUM(a.discrepancy), 0) FROM cash_activities a WHERE a.shop_id = s.shop_id AND a.session_id = s.id) AS BIGINT), " +
        "CAST((SELECT COALESCE(SUM(t.amount), 0) FROM order_transactions t WHERE t.shop_id = s.shop_id AND t.session_id = s.id AND t.kind = 'SALE') AS BIGINT), " +
        "CAST((SELECT COALESCE(SUM(t.amount), 0) FROM order_transactions t WHERE t.shop_id = s.shop_id AND t.session_id = s.id AND t.kind = 'CHANGE') AS BIGINT), " +
        "CAST((SELECT COALESCE(SUM(t.amount), 0) FROM order_transactions t WHERE t.shop_id = s.shop_id AND t.session_id = s.id AND t.kind = 'REFUND') AS BIGINT) " +
        "FROM payment_sessions s WHERE s.shop_id = @shop ORDER BY s.id";

    /// <summary>The same columns as kept on the session rows.</summary>
    public const string KeptSessionTotals =
        "SELECT id, cash_sales, cash_change, cash_refunds, adjustments, discrepancy, all_sales, all_change, all_refunds FROM payment_sessions WHERE shop_id = @shop ORDER BY id";

    /// <summary>Per drawer, span (minutes) and period start: balance move, cash sales, change, refunds, adjustments, discrepancy.</summary>
    public static readonly string PeriodRows = $"{Periods(15, QuarterTicks)} UNION ALL {Periods(1440, DayTicks)} ORDER BY 1, 2, 3";

    /// <summary>The same columns as kept in <c>drawer_periods</c>.</summary>
    public const string KeptPeriodRows =
        "SELECT drawer_id, span, period_start, cash, cash_sales, cash_change, cash_refunds, adjustments, discrepancy FROM drawer_periods WHERE shop_id = @shop ORDER BY 1, 2, 3";

    /// <summary>A drawer's totals over [@start, @end): sales net of change and refunds of every tender (the order transactions of its sessions), cash adjustments, discrepancies.</summary>
    public const string DrawerTotals =
        "SELECT " +
        "(SELECT CAST(COALESCE(SUM(CASE WHEN kind = 'SALE' THEN amount WHEN kind = 'CHANGE' THEN -amount END), 0) AS BIGINT) FROM order_transactions " +
        "WHERE shop_id = @shop AND processed_at >= @start AND processed_at < @end AND session_id IN (SELECT id FROM payment_sessions WHERE shop_id = @shop AND drawer_id = @drawer)), " +
        "(SELECT CAST(COALESCE(SUM(CASE WHEN kind = 'REFUND' THEN amount END), 0) AS BIGINT) FROM order_transactions " +
        "WHERE shop_id = @shop AND processed_at >= @start AND processed_at < @end AND session_id IN (SELECT id FROM payment_sessions WHERE shop_id = @shop AND drawer_id = @drawer)), " +
        "CAST(COALESCE(SUM(CASE WHEN type IN ('ADJUSTMENT', 'CASH_PAYOUT') THEN cash END), 0) AS BIGINT), " +
        "CAST(COALESCE(SUM(discrepancy), 0) AS BIGINT) " +
        "FROM cash_activities WHERE shop_id = @shop AND drawer_id = @drawer AND time >= @start AND time < @end";

    /// <summary>A summary over [@start, @end) of the drawers at @location or in @currency: balance at start, at end, net cash, opened, closed, discrepancies.</summary>
    public static string Summary(bool byLocation)
    {
        var drawers = "SELECT id FROM cash_drawers WHERE shop_id = @shop AND " + (byLocation ? "location_id = @location" : "currency = @currency");
        return "SELECT " +
            $"(SELECT CAST(COALESCE(SUM(cash), 0) AS BIGINT) FROM cash_activities WHERE shop_id = @shop AND drawer_id IN ({drawers}) AND time < @start), " +
            $"(SELECT CAST(COALESCE(SUM(cash), 0) AS BIGINT) FROM cash_activities WHERE shop_id = @shop AND drawer_id IN ({drawers}) AND time < @end), " +
            $"(SELECT CAST(COALESCE(SUM(cash), 0) AS BIGINT) FROM cash_activities WHERE shop_id = @shop AND drawer_id IN ({drawers}) AND time >= @start AND time < @end AND type IN ('SALE', 'CHANGE', 'REFUND', 'ADJUSTMENT', 'CASH_PAYOUT')), " +
            $"(SELECT COUNT(*) FROM payment_sessions WHERE shop_id = @shop AND drawer_id IN ({drawers}) AND opening_time >= @start AND opening_time < @end), " +
            $"(SELECT COUNT(*) FROM payment_sessions WHERE shop_id = @shop AND drawer_id IN ({drawers}) AND closing_time >= @start AND closing_time < @end), " +
            $"(SELECT CAST(COALESCE(SUM(discrepancy), 0) AS BIGINT) FROM cash_activities WHERE shop_id = @shop AND drawer_id IN ({drawers}) AND time >= @start AND time < @end)";
    }

    /// <summary>The rows of a query as text, one line per row, for comparing whole tables.</summary>
    public static async Task<string> TextAsync(DbConnection connection, string sql, long shopId) =>
        string.Join('\n', (await TestDatabase.RowsAsync(connection, sql, ("@shop", shopId))).Select(r => string.Join(',', r)));

    private static string Periods(int span, long ticks) =>
        $"SELECT drawer_id, CAST({span} AS BIGINT), CAST(time - time % {ticks} AS BIGINT), CAST(SUM(cash) AS BIGINT), " +
        "CAST(SUM(CASE WHEN type = 'SALE' THEN cash ELSE 0 END) AS BIGINT), CAST(SUM(CASE WHEN type = 'CHANGE' THEN cash ELSE 0 END) AS BIGINT), " +
        "CAST(SUM(CASE WHEN type = 'REFUND' THEN cash ELSE 0 END) AS BIGINT), CAST(SUM(CASE WHEN type IN ('ADJUSTMENT', 'CASH_PAYOUT') THEN cash ELSE 0 END) AS BIGINT), " +
        $"CAST(SUM(COALESCE(discrepancy, 0)) AS BIGINT) FROM cash_activities WHERE shop_id = @shop GROUP BY drawer_id, time - time % {ticks}";
}
