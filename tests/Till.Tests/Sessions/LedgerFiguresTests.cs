using System.Text.Json;
using Till.Drawers;
using Till.Sessions;
using Till.Transactions;

namespace Till.Tests.Sessions;

public sealed class LedgerFiguresTests
{
    private static CashActivity Activity(string type, decimal cash, decimal? discrepancy = null) => new()
    {
        ShopId = 1,
        DrawerId = 2,
        SessionId = 3,
        Kind = ActivityKind.Adjustment,
        Type = type,
        Cash = cash,
        Currency = "USD",
        Time = new DateTimeOffset(2026, 4, 1, 9, 7, 30, TimeSpan.Zero),
        StaffId = 4,
        Discrepancy = discrepancy,
    };

    private static OrderTransaction Transaction(string kind, string gateway, decimal amount) =>
        new(1, 0, 5, 6, 3, kind, gateway, amount, "USD", 4, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Theory]
    [InlineData("SALE", 12.5, 12.5, 0, 0, 0)]
    [InlineData("CHANGE", -2.25, 0, -2.25, 0, 0)]
    [InlineData("REFUND", -4, 0, 0, -4, 0)]
    [InlineData("ADJUSTMENT", -7, 0, 0, 0, -7)]
    [InlineData("CASH_PAYOUT", -9, 0, 0, 0, -9)]
    [InlineData("CLOSING_ADJUSTMENT", -1, 0, 0, 0, 0)]
    [InlineData("MID_SESSION", 3, 0, 0, 0, 0)]
    public void SessionDelta_PutsAnActivitysCashInTheFigureOfItsType(string type, double cash, double sales, double change, double refunds, double adjustments)
    {
        var delta = LedgerFigures.SessionDelta(Activity(type, (decimal)cash));
        delta.ShouldBe(new SessionTotals((decimal)sales, (decimal)change, (decimal)refunds, (decimal)adjustments, 0, 0, 0, 0));
    }

    [Fact]
    public void SessionDelta_OfACount_CarriesItsDiscrepancy()
    {
        LedgerFigures.SessionDelta(Activity("OPENING", 0, -1.5m)).ShouldBe(SessionTotals.Empty with { Discrepancy = -1.5m });
        LedgerFigures.SessionDelta(Activity("CLOSING", 0, 2m)).ShouldBe(SessionTotals.Empty with { Discrepancy = 2m });
    }

    [Theory]
    [InlineData("SALE", "cash")]
    [InlineData("CHANGE", "card")]
    [InlineData("REFUND", "gift_card")]
    public void SessionDelta_OfATransaction_MovesOnlyTheAllTenderFigureOfItsKind(string kind, string gateway)
    {
        var delta = LedgerFigures.SessionDelta(Transaction(kind, gateway, 8m));
        delta.ShouldBe(SessionTotals.Empty with
        {
            AllSales = kind == "SALE" ? 8m : 0,
            AllChange = kind == "CHANGE" ? 8m : 0,
            AllRefunds = kind == "REFUND" ? 8m : 0,
        });
    }

    [Fact]
    public void PeriodDelta_IsTheBalanceMoveAndTheCashFigures()
    {
        LedgerFigures.PeriodDelta(Activity("CASH_PAYOUT", -9m)).ShouldBe(new PeriodFigures(-9m, 0, 0, 0, -9m, 0));
        LedgerFigures.PeriodDelta(Activity("CLOSING_ADJUSTMENT", -1m)).ShouldBe(new PeriodFigures(-1m, 0, 0, 0, 0, 0));
        LedgerFigures.PeriodDelta(Activity("MID_SESSION", 3m, 3m)).ShouldBe(new PeriodFigures(3m, 0, 0, 0, 0, 3m));
    }

    [Fact]
    public void PeriodFigures_DrawerTotalsAndNetCash_FollowTheSessionDefinitions()
    {
        var figures = new PeriodFigures(Cash: 31m, CashSales: 50m, CashChange: -5m, CashRefunds: -10m, Adjustments: -4m, Discrepancy: 0.5m);
        figures.NetCash.ShouldBe(31m);
        figures.ToDrawerTotals(allSales: 80m, allChange: 5m, allRefunds: 22m).ShouldBe(new DrawerTotals(75m, 22m, -4m, 0.5m));
    }

    [Fact]
    public void Classification_ListsEachTypeOnce()
    {
        LedgerFigures.ActivityTypesOf(LedgerFigure.Adjustments).ShouldBe(["ADJUSTMENT", "CASH_PAYOUT"]);
        LedgerFigures.ActivityTypesOf(LedgerFigure.Sales).ShouldBe(["SALE"]);
        LedgerFigures.TransactionKindsOf(LedgerFigure.Refunds).ShouldBe(["REFUND"]);
        LedgerFigures.OfActivityType("OPENING").ShouldBe(LedgerFigure.None);
    }

    [Fact]
    public void Totals_AreNotPartOfAStoredResult()
    {
        var session = new PaymentSession
        {
            ShopId = 1,
            Id = 3,
            DeviceId = 5,
            DrawerId = 2,
            LocationId = 6,
            Currency = "USD",
            Status = SessionStatus.Open,
            OpeningTime = DateTimeOffset.UnixEpoch,
            OpeningStaffId = 4,
            ExpectedCashAtOpen = 0,
            CashCountedAtOpen = 0,
            Totals = new SessionTotals(1, 2, 3, 4, 5, 6, 7, 8),
        };

        var json = JsonSerializer.Serialize(session);
        json.ShouldNotContain("Totals");
        JsonSerializer.Deserialize<PaymentSession>(json)!.ShouldBe(session with { Totals = null });
    }
}
