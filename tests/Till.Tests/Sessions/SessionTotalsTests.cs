using Till.Sessions;

namespace Till.Tests.Sessions;

public sealed class SessionTotalsTests
{
    // Cash figures are activity cash (signed: change and refunds negative); "All" figures are
    // order-transaction amounts over every tender (positive; the kind gives the direction).
    private static readonly SessionTotals Sample = new(
        CashSales: 50m,
        CashChange: -5.25m,
        CashRefunds: -10m,
        Adjustments: -20m,
        Discrepancy: -1.25m,
        AllSales: 80m,
        AllChange: 5.25m,
        AllRefunds: 10m);

    [Fact]
    public void TotalCashSales_IsSalesPlusSignedChange() => Sample.TotalCashSales.ShouldBe(44.75m);

    [Fact]
    public void TotalCashRefunds_IsTheAbsoluteRefundedCash() => Sample.TotalCashRefunds.ShouldBe(10m);

    [Fact]
    public void NetCashSales_IsCashSalesLessCashRefunds() => Sample.NetCashSales.ShouldBe(34.75m);

    [Fact]
    public void TotalSales_IsAllTendersNetOfChange() => Sample.TotalSales.ShouldBe(74.75m);

    [Fact]
    public void TotalRefunds_IsAllTenders() => Sample.TotalRefunds.ShouldBe(10m);

    [Fact]
    public void NetSales_IsTotalSalesLessTotalRefunds() => Sample.NetSales.ShouldBe(64.75m);

    [Fact]
    public void AdjustmentsAndDiscrepancy_ArePassedThrough()
    {
        Sample.Adjustments.ShouldBe(-20m);
        Sample.Discrepancy.ShouldBe(-1.25m);
    }

    [Fact]
    public void Empty_IsAllZero()
    {
        var empty = SessionTotals.Empty;
        empty.TotalCashSales.ShouldBe(0m);
        empty.TotalCashRefunds.ShouldBe(0m);
        empty.NetCashSales.ShouldBe(0m);
        empty.TotalSales.ShouldBe(0m);
        empty.TotalRefunds.ShouldBe(0m);
        empty.NetSales.ShouldBe(0m);
        empty.Adjustments.ShouldBe(0m);
        empty.Discrepancy.ShouldBe(0m);
    }

    [Fact]
    public void Totals_RefundsExceedingSales_GoNegative()
    {
        var totals = new SessionTotals(10m, 0m, -25.5m, 0m, 0m, 10m, 0m, 25.5m);
        totals.NetCashSales.ShouldBe(-15.5m);
        totals.NetSales.ShouldBe(-15.5m);
    }

    [Fact]
    public void Totals_KeepExactDecimals()
    {
        var totals = new SessionTotals(0.1m, -0.2m, -0.3m, 0m, 0m, 0.1m, 0.2m, 0.3m);
        totals.TotalCashSales.ShouldBe(-0.1m);
        totals.NetCashSales.ShouldBe(-0.4m);
        totals.NetSales.ShouldBe(-0.4m);
    }
}
