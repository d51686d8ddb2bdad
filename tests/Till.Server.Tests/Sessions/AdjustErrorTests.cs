using Till.Server.Tests.Support;
using static Till.Server.Tests.Sessions.SessionProbe;

namespace Till.Server.Tests.Sessions;

/// <summary>The code-less user errors of <c>pointOfSaleDevicePaymentSessionAdjust</c>, and cash payouts.</summary>
public sealed class AdjustErrorTests : IAsyncLifetime
{
    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<(TestShop Shop, string SessionId, LedgerState Before)> OpenedAsync(string? time = null)
    {
        var shop = await server.CreateShopAsync();
        var opened = (await shop.OpenPayloadAsync("100.00", time: time)).ShouldSucceed();
        var sessionId = opened.GetProperty("id").GetString()!;
        return (shop, sessionId, await StateAsync(shop, sessionId));
    }

    [Fact]
    public async Task Adjust_UnknownSession_SessionNotFound()
    {
        var (shop, sessionId, before) = await OpenedAsync();

        (await shop.AdjustPayloadAsync(UnknownSession, "-5.00")).ShouldFailWithMessage(SessionField, "not found");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Fact]
    public async Task Adjust_SessionOfAnotherShop_SessionNotFound()
    {
        var (shop, sessionId, before) = await OpenedAsync();
        var other = await server.CreateShopAsync();

        (await other.AdjustPayloadAsync(sessionId, "-5.00")).ShouldFailWithMessage(SessionField, "not found");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Fact]
    public async Task Adjust_ClosedSession_SessionClosed()
    {
        var (shop, sessionId, _) = await OpenedAsync();
        (await shop.ClosePayloadAsync(sessionId, "100.00")).ShouldSucceed();
        var before = await StateAsync(shop, sessionId);

        (await shop.AdjustPayloadAsync(sessionId, "-5.00")).ShouldFailWithMessage(SessionField, "closed");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Fact]
    public async Task Adjust_UnknownOtherShopsOrDeactivatedStaff_StaffNotFound()
    {
        var (shop, sessionId, _) = await OpenedAsync();
        var other = await server.CreateShopAsync();
        var inactive = await CreateStaffAsync(shop, active: false);
        var before = await StateAsync(shop, sessionId);

        (await shop.AdjustPayloadAsync(sessionId, "-5.00", staffId: UnknownStaff)).ShouldFailWithMessage(StaffField, "not found");
        (await shop.AdjustPayloadAsync(sessionId, "-5.00", staffId: other.StaffId)).ShouldFailWithMessage(StaffField, "not found");
        (await shop.AdjustPayloadAsync(sessionId, "-5.00", staffId: inactive)).ShouldFailWithMessage(StaffField, "not found");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Fact]
    public async Task Adjust_UnknownReasonCode_ReasonCodeNotFound()
    {
        var (shop, sessionId, before) = await OpenedAsync();

        (await shop.AdjustPayloadAsync(sessionId, "-5.00", reasonCodeId: UnknownReasonCode)).ShouldFailWithMessage(ReasonField, "not found");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Fact]
    public async Task Adjust_CashInAnotherCurrency_CurrencyMismatch()
    {
        var (shop, sessionId, before) = await OpenedAsync();

        (await shop.AdjustPayloadAsync(sessionId, "-5.00", currencyCode: "EUR")).ShouldFailWithMessage(CashCurrency, "currency");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.00")]
    [InlineData("-0.0")]
    public async Task Adjust_ZeroAmount_ZeroError(string amount)
    {
        var (shop, sessionId, before) = await OpenedAsync();

        (await shop.AdjustPayloadAsync(sessionId, amount)).ShouldFailWithMessage(CashAmount, "zero");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("1.005")]
    [InlineData("abc")]
    [InlineData("-1000000000000000")]
    public async Task Adjust_InvalidAmount_AmountErrorOnCash(string amount)
    {
        var (shop, sessionId, before) = await OpenedAsync();

        (await shop.AdjustPayloadAsync(sessionId, amount)).ShouldFailWith(CashAmount, null);

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Fact]
    public async Task Adjust_TimeBeforeOpening_TimeError()
    {
        var (shop, sessionId, before) = await OpenedAsync(PastOpeningTime);

        (await shop.AdjustPayloadAsync(sessionId, "-5.00", time: BeforePastOpeningTime)).ShouldFailWithMessage(Time, "before");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Fact]
    public async Task Adjust_TimeMoreThanFiveMinutesAhead_TimeError()
    {
        var (shop, sessionId, before) = await OpenedAsync();

        (await shop.AdjustPayloadAsync(sessionId, "-5.00", time: FutureTime(TimeSpan.FromMinutes(10)))).ShouldFailWith(Time, null);

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Fact]
    public async Task Adjust_PositiveAndNegativeWithoutReason_RecordsSignedAdjustments()
    {
        var (shop, sessionId, _) = await OpenedAsync();

        (await shop.AdjustPayloadAsync(sessionId, "12.50")).ShouldSucceed();
        var adjusted = (await shop.AdjustPayloadAsync(sessionId, "-2.25")).ShouldSucceed();

        Amount(adjusted, "totalAdjustments").ShouldBe("10.25");
        var activities = await ActivitiesAsync(shop, sessionId);
        activities.Skip(1).Select(a => a.GetProperty("adjustmentType").GetString()).ShouldBe(["ADJUSTMENT", "ADJUSTMENT"]);
        activities.Skip(1).Select(a => Amount(a, "cash")).ShouldBe(["12.5", "-2.25"]);
        (await DrawerBalanceAsync(shop)).ShouldBe("110.25");
    }

    [Fact]
    public async Task Adjust_DefaultCashPayoutReasonCode_RecordsCashPayoutWithNegativeCash()
    {
        var (shop, sessionId, _) = await OpenedAsync();
        var cashPayout = DefaultCashPayoutId(await FloatSetupCodeIdAsync(shop, sessionId));

        var adjusted = (await shop.AdjustPayloadAsync(sessionId, "-15.00", reasonCodeId: cashPayout, note: "window cleaner")).ShouldSucceed();

        Amount(adjusted, "totalAdjustments").ShouldBe("-15.0");
        var activities = await ActivitiesAsync(shop, sessionId);
        activities.Count.ShouldBe(2);
        var payout = activities[1];
        payout.GetProperty("__typename").GetString().ShouldBe("CashAdjustmentActivity");
        payout.GetProperty("adjustmentType").GetString().ShouldBe("CASH_PAYOUT");
        Amount(payout, "cash").ShouldBe("-15.0");
        payout.GetProperty("note").GetString().ShouldBe("window cleaner");
        payout.GetProperty("reasonCode").GetProperty("id").GetString().ShouldBe(cashPayout);
        payout.GetProperty("reasonCode").GetProperty("defaultCode").GetString().ShouldBe("CASH_PAYOUT");
        (await DrawerBalanceAsync(shop)).ShouldBe("85.0");
    }

    [Fact]
    public async Task Adjust_OtherDefaultReasonCode_RecordsPlainAdjustment()
    {
        var (shop, sessionId, _) = await OpenedAsync();
        var floatSetup = NumberOf(await FloatSetupCodeIdAsync(shop, sessionId));
        var cashPickup = "gid://shopify/CashManagementDefaultReasonCode/" + (floatSetup - 6).ToString(System.Globalization.CultureInfo.InvariantCulture);

        (await shop.AdjustPayloadAsync(sessionId, "-40.00", reasonCodeId: cashPickup)).ShouldSucceed();

        var activities = await ActivitiesAsync(shop, sessionId);
        activities[1].GetProperty("adjustmentType").GetString().ShouldBe("ADJUSTMENT");
        activities[1].GetProperty("reasonCode").GetProperty("defaultCode").GetString().ShouldBe("CASH_PICKUP");
        Amount(activities[1], "cash").ShouldBe("-40.0");
    }
}
