using Till.Reviews;

namespace Till.Reports;

/// <summary>
/// The Z report of one location and one day of the shop's time zone: every session of the
/// location that closed during that day, with its float, cash sales, refunds, pay-ins and
/// pay-outs, expected and counted cash and discrepancy; the movements by reason code; and the
/// same figures per staff member who closed sessions.
/// </summary>
/// <param name="LocationId">The location.</param>
/// <param name="LocationName">Its name.</param>
/// <param name="Date">The day, in the shop's time zone.</param>
/// <param name="TimeZone">The shop's IANA time zone.</param>
/// <param name="Currency">The location's currency; every amount is in it.</param>
/// <param name="Sessions">The sessions that closed that day, in closing order.</param>
/// <param name="Movements">Pay-ins and pay-outs grouped by reason code, reversals included.</param>
/// <param name="Staff">Per staff member who closed sessions that day, by name.</param>
/// <param name="Totals">The sums over every session.</param>
/// <param name="Drawers">The location's drawers and their ledger heads when the report was made.</param>
public sealed record ZReport(
    long LocationId,
    string LocationName,
    DateOnly Date,
    string TimeZone,
    string Currency,
    IReadOnlyList<ZReportSession> Sessions,
    IReadOnlyList<ZReportMovement> Movements,
    IReadOnlyList<ZReportStaff> Staff,
    ZReportFigures Totals,
    IReadOnlyList<ZReportDrawer> Drawers);

/// <summary>The figures the report sums, for one session or many.</summary>
/// <param name="OpeningFloat">Cash counted at the opens.</param>
/// <param name="CashSales">Cash kept from sales (sales less change).</param>
/// <param name="Refunds">Cash paid back in refunds (a positive amount).</param>
/// <param name="PayIns">Cash added by hand (adjustments above zero).</param>
/// <param name="PayOuts">Cash taken out by hand (adjustments and payouts below zero, as a negative amount).</param>
/// <param name="Expected">The expected cash at the closes.</param>
/// <param name="Counted">The cash counted at the closes.</param>
/// <param name="Discrepancy">Counted less expected.</param>
public sealed record ZReportFigures(decimal OpeningFloat, decimal CashSales, decimal Refunds, decimal PayIns, decimal PayOuts, decimal Expected, decimal Counted, decimal Discrepancy)
{
    /// <summary>Nothing.</summary>
    public static readonly ZReportFigures Zero = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>This and <paramref name="other"/> added figure by figure.</summary>
    public ZReportFigures Plus(ZReportFigures other) => new(
        OpeningFloat + other.OpeningFloat,
        CashSales + other.CashSales,
        Refunds + other.Refunds,
        PayIns + other.PayIns,
        PayOuts + other.PayOuts,
        Expected + other.Expected,
        Counted + other.Counted,
        Discrepancy + other.Discrepancy);
}

/// <summary>One closed session of the day.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="DeviceName">The device it ran on.</param>
/// <param name="OpenedBy">Who opened it (their name).</param>
/// <param name="ClosedBy">Who closed it.</param>
/// <param name="ClosedById">The closing staff member's ID.</param>
/// <param name="OpeningTime">When it opened.</param>
/// <param name="ClosingTime">When it closed.</param>
/// <param name="Figures">Its figures.</param>
/// <param name="Review">Its variance review, when it needed one.</param>
public sealed record ZReportSession(long SessionId, string DeviceName, string OpenedBy, string ClosedBy, long ClosedById, DateTimeOffset OpeningTime, DateTimeOffset ClosingTime, ZReportFigures Figures, ReviewStatus? Review);

/// <summary>Pay-ins or pay-outs of one reason code.</summary>
/// <param name="Direction"><c>PAY_IN</c> or <c>PAY_OUT</c>.</param>
/// <param name="ReasonCode">The reason code's text; null for movements recorded without one.</param>
/// <param name="Count">How many movements.</param>
/// <param name="Total">Their sum (negative for pay-outs).</param>
public sealed record ZReportMovement(string Direction, string? ReasonCode, int Count, decimal Total);

/// <summary>One staff member's closes of the day.</summary>
/// <param name="StaffId">The staff member.</param>
/// <param name="Name">Their name.</param>
/// <param name="Sessions">How many sessions they closed.</param>
/// <param name="Figures">The sums over those sessions.</param>
public sealed record ZReportStaff(long StaffId, string Name, int Sessions, ZReportFigures Figures);

/// <summary>
/// One of the location's drawers with the head of its tamper-evident ledger chain as it stood when
/// the report was made: a figure to keep with the printed report, against which a later check of
/// the drawer's ledger can be compared.
/// </summary>
/// <param name="DrawerId">The drawer.</param>
/// <param name="Name">Its name.</param>
/// <param name="ActivityCount">How many activities its ledger holds.</param>
/// <param name="LedgerHead">The tillHash of its latest activity; null before its first.</param>
public sealed record ZReportDrawer(long DrawerId, string Name, long ActivityCount, string? LedgerHead);
