using Till.ReasonCodes;
using Till.Sessions;
using Till.Tests.Support;

namespace Till.Tests.Sessions;

public sealed class SessionLedgerTests : IAsyncLifetime
{
    private TillHarness till = null!;

    public async Task InitializeAsync() => till = await TillHarness.CreateAsync();

    public async Task DisposeAsync() => await till.DisposeAsync();

    private async Task<ReasonCodeRef> DefaultCodeAsync(string code) =>
        new(ReasonCodeKind.Default, await till.ReasonCodeIdAsync(ReasonCodeKind.Default, code));

    [Fact]
    public async Task Open_FirstSessionOnDrawer_PutsTheWholeFloatIn()
    {
        var session = await till.OpenedAsync("100.00");

        session.Status.ShouldBe(SessionStatus.Open);
        session.ExpectedCashAtOpen.ShouldBe(100m);
        session.CashCountedAtOpen.ShouldBe(100m);
        session.DrawerId.ShouldBe(till.DrawerId);
        session.Currency.ShouldBe("USD");
        var opening = (await till.ActivitiesAsync(session.Id)).ShouldHaveSingleItem();
        opening.Kind.ShouldBe(ActivityKind.Count);
        opening.Type.ShouldBe("OPENING");
        opening.Cash.ShouldBe(100m);
        opening.Counted.ShouldBe(100m);
        opening.Expected.ShouldBe(100m);
        opening.Discrepancy.ShouldBe(0m);
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(100m);
        (await till.DrawerAsync()).ActivityCount.ShouldBe(1);
    }

    [Fact]
    public async Task Open_FirstSessionWithoutReasonCode_UsesFloatSetupSystemCode()
    {
        var session = await till.OpenedAsync("50.00");

        var floatSetup = await till.SystemReasonCodeAsync("FLOAT_SETUP");
        (await till.ActivitiesAsync(session.Id))[0].ReasonCodeId.ShouldBe(floatSetup.Id);
    }

    [Fact]
    public async Task Open_FirstSessionWithReasonCode_KeepsTheGivenCode()
    {
        var cashCount = await DefaultCodeAsync("CASH_COUNT");

        var outcome = await till.OpenAsync("50.00", reason: cashCount, note: "float");

        outcome.Errors.ShouldBeEmpty();
        var opening = (await till.ActivitiesAsync(outcome.Value!.Id))[0];
        opening.ReasonCodeId.ShouldBe(cashCount.Id);
        opening.Note.ShouldBe("float");
        opening.Cash.ShouldBe(50m);
    }

    [Fact]
    public async Task Open_FirstSessionWithoutBalance_HasAnEmptyFloat()
    {
        var session = await till.OpenedAsync(null);

        session.ExpectedCashAtOpen.ShouldBe(0m);
        session.CashCountedAtOpen.ShouldBe(0m);
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(0m);
    }

    [Fact]
    public async Task Open_AfterAnEarlierSession_ExpectedIsTheBookBalanceAndTheCountRebases()
    {
        var first = await till.OpenedAsync("100.00");
        await till.RecordedAsync("SALE", 20m);
        (await till.CloseAsync(first.Id, "120.00")).Errors.ShouldBeEmpty();

        var second = await till.OpenedAsync("115.00");

        second.ExpectedCashAtOpen.ShouldBe(120m);
        second.CashCountedAtOpen.ShouldBe(115m);
        var opening = (await till.ActivitiesAsync(second.Id)).ShouldHaveSingleItem();
        opening.Type.ShouldBe("OPENING");
        opening.Cash.ShouldBe(-5m);
        opening.Expected.ShouldBe(120m);
        opening.Counted.ShouldBe(115m);
        opening.Discrepancy.ShouldBe(-5m);
        opening.ReasonCodeId.ShouldBeNull();
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(115m);
    }

    [Fact]
    public async Task Open_WithoutBalanceAfterAnEarlierSession_CountsTheExpectedCash()
    {
        var first = await till.OpenedAsync("100.00");
        await till.RecordedAsync("SALE", 12.34m);
        (await till.CloseAsync(first.Id, "112.34")).Errors.ShouldBeEmpty();

        var second = await till.OpenedAsync(null);

        second.ExpectedCashAtOpen.ShouldBe(112.34m);
        second.CashCountedAtOpen.ShouldBe(112.34m);
        var opening = (await till.ActivitiesAsync(second.Id)).ShouldHaveSingleItem();
        opening.Cash.ShouldBe(0m);
        opening.Discrepancy.ShouldBe(0m);
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(112.34m);
    }

    [Fact]
    public async Task Open_SecondDeviceOnASharedDrawer_ExpectsTheSharedBookBalance()
    {
        var other = await till.AddDeviceAsync(till.DrawerId);
        await till.OpenedAsync("100.00");
        await till.RecordedAsync("SALE", 30m);

        var second = await till.OpenedAsync("130.00", other);

        second.ExpectedCashAtOpen.ShouldBe(130m);
        second.CashCountedAtOpen.ShouldBe(130m);
        (await till.ActivitiesAsync(second.Id)).ShouldHaveSingleItem().Cash.ShouldBe(0m);
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(130m);
    }

    [Fact]
    public async Task Open_DeviceAlreadyHasAnOpenSession_IsAlreadyOpenAndChangesNothing()
    {
        await till.OpenedAsync("100.00");

        var again = await till.OpenAsync("100.00");

        again.Succeeded.ShouldBeFalse();
        again.Errors.ShouldHaveSingleItem().Code.ShouldBe("ALREADY_OPEN");
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(100m);
        (await till.DrawerAsync()).ActivityCount.ShouldBe(1);
    }

    [Fact]
    public async Task Count_MidSession_RebasesTheBookBalanceToTheCountedCash()
    {
        var session = await till.OpenedAsync("100.00");
        await till.RecordedAsync("SALE", 50m);

        (await till.CountAsync(session.Id, "140.00")).Errors.ShouldBeEmpty();

        var count = (await till.ActivitiesAsync(session.Id))[^1];
        count.Kind.ShouldBe(ActivityKind.Count);
        count.Type.ShouldBe("MID_SESSION");
        count.Expected.ShouldBe(150m);
        count.Counted.ShouldBe(140m);
        count.Discrepancy.ShouldBe(-10m);
        count.Cash.ShouldBe(-10m);
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(140m);

        (await till.CountAsync(session.Id, "145.50")).Errors.ShouldBeEmpty();
        var second = (await till.ActivitiesAsync(session.Id))[^1];
        second.Expected.ShouldBe(140m);
        second.Cash.ShouldBe(5.5m);
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(145.5m);
        (await till.SessionAsync(session.Id)).Status.ShouldBe(SessionStatus.Open);
    }

    [Fact]
    public async Task Close_CountDiffersFromExpected_BooksTheClosingAdjustment()
    {
        var session = await till.OpenedAsync("100.00");
        await till.RecordedAsync("SALE", 50m);
        await till.RecordedAsync("REFUND", 10m);
        await till.RecordedAsync("CHANGE", 5m);
        var closeReason = await DefaultCodeAsync("CHANGE_CORRECTION");

        var outcome = await till.CloseAsync(session.Id, "130.00", closeReason, "short");

        outcome.Errors.ShouldBeEmpty();
        var closed = outcome.Value!;
        closed.Status.ShouldBe(SessionStatus.Closed);
        closed.ExpectedCashAtClose.ShouldBe(135m);
        closed.CashCountedAtClose.ShouldBe(130m);
        closed.ClosingAdjustment.ShouldBe(-5m);
        closed.ClosingTime.ShouldBe(till.Clock.GetUtcNow());
        closed.ClosingStaffId.ShouldBe(till.StaffId);
        closed.ClosingNote.ShouldBe("short");
        // The close's result carries the session's totals after it, the ones kept on its row.
        closed.Totals.ShouldBe(new SessionTotals(50m, -5m, -10m, 0m, -5m, 50m, 5m, 10m));
        var stored = await till.SessionAsync(session.Id);
        stored.ShouldBe(closed);

        var activities = await till.ActivitiesAsync(session.Id);
        var closing = activities[^2];
        closing.Kind.ShouldBe(ActivityKind.Count);
        closing.Type.ShouldBe("CLOSING");
        closing.Cash.ShouldBe(0m);
        closing.Counted.ShouldBe(130m);
        closing.Expected.ShouldBe(135m);
        closing.Discrepancy.ShouldBe(-5m);
        var adjustment = activities[^1];
        adjustment.Kind.ShouldBe(ActivityKind.Adjustment);
        adjustment.Type.ShouldBe("CLOSING_ADJUSTMENT");
        adjustment.Cash.ShouldBe(-5m);
        adjustment.ReasonCodeId.ShouldBe(closeReason.Id);
        adjustment.Note.ShouldBe("short");
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(130m);
    }

    [Fact]
    public async Task Close_CountOverExpected_BooksAPositiveClosingAdjustment()
    {
        var session = await till.OpenedAsync("100.00");

        var closed = (await till.CloseAsync(session.Id, "100.25")).Value!;

        closed.ClosingAdjustment.ShouldBe(0.25m);
        (await till.ActivitiesAsync(session.Id))[^1].Cash.ShouldBe(0.25m);
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(100.25m);
    }

    [Fact]
    public async Task Close_CountEqualsExpected_ZeroAdjustmentAndNoClosingAdjustmentActivity()
    {
        var session = await till.OpenedAsync("100.00");
        await till.RecordedAsync("SALE", 25m);

        var closed = (await till.CloseAsync(session.Id, "125.00")).Value!;

        closed.ExpectedCashAtClose.ShouldBe(125m);
        closed.ClosingAdjustment.ShouldBe(0m);
        var activities = await till.ActivitiesAsync(session.Id);
        activities.ShouldNotContain(a => a.Type == "CLOSING_ADJUSTMENT");
        activities[^1].Type.ShouldBe("CLOSING");
        activities[^1].Discrepancy.ShouldBe(0m);
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(125m);
    }

    [Fact]
    public async Task Close_AfterMidSessionCount_ExpectsTheCountedCashPlusLaterActivity()
    {
        var session = await till.OpenedAsync("100.00");
        await till.RecordedAsync("SALE", 40m);
        (await till.CountAsync(session.Id, "135.00")).Errors.ShouldBeEmpty();
        await till.RecordedAsync("SALE", 10m);

        var closed = (await till.CloseAsync(session.Id, "145.00")).Value!;

        closed.ExpectedCashAtClose.ShouldBe(145m);
        closed.ClosingAdjustment.ShouldBe(0m);
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(145m);
    }

    [Theory]
    [InlineData("20.00", 20)]
    [InlineData("-7.50", -7.5)]
    [InlineData("0.01", 0.01)]
    public async Task Adjust_WithoutPayoutCode_IsAnAdjustmentOfTheSignedAmount(string cash, double expected)
    {
        var session = await till.OpenedAsync("100.00");

        (await till.AdjustAsync(session.Id, cash, note: "bank")).Errors.ShouldBeEmpty();

        var adjustment = (await till.ActivitiesAsync(session.Id))[^1];
        adjustment.Kind.ShouldBe(ActivityKind.Adjustment);
        adjustment.Type.ShouldBe("ADJUSTMENT");
        adjustment.Cash.ShouldBe((decimal)expected);
        adjustment.Note.ShouldBe("bank");
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(100m + (decimal)expected);
    }

    [Theory]
    [InlineData("15.00")]
    [InlineData("-15.00")]
    public async Task Adjust_WithDefaultCashPayoutCode_IsANegativeCashPayout(string cash)
    {
        var session = await till.OpenedAsync("100.00");
        var payout = await DefaultCodeAsync("CASH_PAYOUT");

        (await till.AdjustAsync(session.Id, cash, payout)).Errors.ShouldBeEmpty();

        var activity = (await till.ActivitiesAsync(session.Id))[^1];
        activity.Type.ShouldBe("CASH_PAYOUT");
        activity.Cash.ShouldBe(-15m);
        activity.ReasonCodeId.ShouldBe(payout.Id);
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(85m);
    }

    [Fact]
    public async Task Adjust_WithSystemCashPayoutCode_IsANegativeCashPayout()
    {
        var session = await till.OpenedAsync("100.00");
        var payout = await till.SystemReasonCodeAsync("CASH_PAYOUT");

        (await till.AdjustAsync(session.Id, "7.25", new ReasonCodeRef(ReasonCodeKind.System, payout.Id))).Errors.ShouldBeEmpty();

        var activity = (await till.ActivitiesAsync(session.Id))[^1];
        activity.Type.ShouldBe("CASH_PAYOUT");
        activity.Cash.ShouldBe(-7.25m);
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(92.75m);
    }

    [Fact]
    public async Task Adjust_WithAnotherDefaultCode_IsAPlainAdjustment()
    {
        var session = await till.OpenedAsync("100.00");

        (await till.AdjustAsync(session.Id, "-30.00", await DefaultCodeAsync("CASH_PICKUP"))).Errors.ShouldBeEmpty();

        var activity = (await till.ActivitiesAsync(session.Id))[^1];
        activity.Type.ShouldBe("ADJUSTMENT");
        activity.Cash.ShouldBe(-30m);
    }

    [Fact]
    public async Task Adjust_ZeroAmount_IsRefusedAndChangesNothing()
    {
        var session = await till.OpenedAsync("100.00");

        var outcome = await till.AdjustAsync(session.Id, "0.00");

        var error = outcome.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBeNull();
        error.Field.ShouldBe(["cash", "amount"]);
        (await till.DrawerAsync()).ActivityCount.ShouldBe(1);
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(100m);
    }

    [Fact]
    public async Task Totals_MixedSession_FollowTheSemantics()
    {
        var session = await till.OpenedAsync("100.00");
        await till.RecordedAsync("SALE", 50m);
        await till.RecordedAsync("CHANGE", 5.25m);
        await till.RecordedAsync("REFUND", 10m);
        await till.RecordedAsync("SALE", 30m, gateway: "shopify_payments");
        await till.RecordedAsync("REFUND", 4m, gateway: "gift_card");
        (await till.AdjustAsync(session.Id, "-20.00")).Errors.ShouldBeEmpty();
        (await till.AdjustAsync(session.Id, "5.00", await DefaultCodeAsync("CASH_PAYOUT"))).Errors.ShouldBeEmpty();
        // Book balance: 100 + 50 - 5.25 - 10 - 20 - 5 = 109.75.
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(109.75m);
        (await till.CountAsync(session.Id, "109.00")).Errors.ShouldBeEmpty();
        var closed = (await till.CloseAsync(session.Id, "108.50")).Value!;

        closed.ExpectedCashAtClose.ShouldBe(109m);
        closed.ClosingAdjustment.ShouldBe(-0.5m);
        var totals = await till.TotalsAsync(session.Id);
        totals.TotalCashSales.ShouldBe(44.75m);
        totals.TotalCashRefunds.ShouldBe(10m);
        totals.NetCashSales.ShouldBe(34.75m);
        totals.TotalSales.ShouldBe(74.75m);
        totals.TotalRefunds.ShouldBe(14m);
        totals.NetSales.ShouldBe(60.75m);
        totals.Adjustments.ShouldBe(-25m);
        totals.Discrepancy.ShouldBe(-1.25m);
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(108.5m);
    }

    [Fact]
    public async Task Totals_OpeningDiscrepancy_CountsInTotalDiscrepancy()
    {
        var first = await till.OpenedAsync("100.00");
        (await till.CloseAsync(first.Id, "100.00")).Errors.ShouldBeEmpty();
        var second = await till.OpenedAsync("98.00");
        (await till.CloseAsync(second.Id, "98.50")).Errors.ShouldBeEmpty();

        (await till.TotalsAsync(second.Id)).Discrepancy.ShouldBe(-1.5m);
        (await till.TotalsAsync(second.Id)).Adjustments.ShouldBe(0m);
        (await till.TotalsAsync(first.Id)).Discrepancy.ShouldBe(0m);
    }

    [Fact]
    public async Task ClosedSession_CountAdjustCloseAndCash_AreRefusedAndChangeNothing()
    {
        var session = await till.OpenedAsync("100.00");
        (await till.CloseAsync(session.Id, "100.00")).Errors.ShouldBeEmpty();
        var before = await till.DrawerAsync();

        (await till.CountAsync(session.Id, "90.00")).Errors.ShouldHaveSingleItem().Code.ShouldBe("SESSION_ALREADY_CLOSED");
        (await till.CloseAsync(session.Id, "90.00")).Errors.ShouldHaveSingleItem().Code.ShouldBe("SESSION_ALREADY_CLOSED");
        var adjust = (await till.AdjustAsync(session.Id, "5.00")).Errors.ShouldHaveSingleItem();
        adjust.Code.ShouldBeNull();
        adjust.Message.ShouldContain("closed", Case.Insensitive);
        (await till.RecordAsync("SALE", 5m)).Errors.ShouldHaveSingleItem().Code.ShouldBe("NO_OPEN_SESSION");

        var after = await till.DrawerAsync();
        after.Balance.ShouldBe(before.Balance);
        after.ActivityCount.ShouldBe(before.ActivityCount);
        (await till.SessionAsync(session.Id)).ClosingAdjustment.ShouldBe(0m);
        (await till.ScalarAsync("SELECT COUNT(*) FROM order_transactions")).ShouldBe(0L);
    }

    [Fact]
    public async Task CashTransaction_WithoutOpenSession_IsRefusedAndNothingIsRecorded()
    {
        var outcome = await till.RecordAsync("SALE", 10m);

        outcome.Errors.ShouldHaveSingleItem().Code.ShouldBe("NO_OPEN_SESSION");
        (await till.ScalarAsync("SELECT COUNT(*) FROM order_transactions")).ShouldBe(0L);
        (await till.ScalarAsync("SELECT COUNT(*) FROM cash_activities")).ShouldBe(0L);
    }

    [Fact]
    public async Task NonCashTransaction_DoesNotMoveTheDrawer()
    {
        var session = await till.OpenedAsync("100.00");

        var transaction = await till.RecordedAsync("SALE", 30m, gateway: "shopify_payments");

        transaction.SessionId.ShouldBe(session.Id);
        (await till.ActivitiesAsync(session.Id)).Count.ShouldBe(1);
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(100m);
    }

    [Theory]
    [InlineData("SALE", 12.5, 12.5)]
    [InlineData("REFUND", 12.5, -12.5)]
    [InlineData("CHANGE", 12.5, -12.5)]
    public async Task CashTransaction_InOpenSession_IsATransactionActivityWithSignedCash(string kind, double amount, double cash)
    {
        var session = await till.OpenedAsync("100.00");

        var transaction = await till.RecordedAsync(kind, (decimal)amount);

        transaction.SessionId.ShouldBe(session.Id);
        var activity = (await till.ActivitiesAsync(session.Id))[^1];
        activity.Kind.ShouldBe(ActivityKind.Transaction);
        activity.Type.ShouldBe(kind);
        activity.Cash.ShouldBe((decimal)cash);
        activity.TransactionId.ShouldBe(transaction.Id);
        (await till.AssertBookBalanceIsActivitySumAsync()).ShouldBe(100m + (decimal)cash);
    }
}
