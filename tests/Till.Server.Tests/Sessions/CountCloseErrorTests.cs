using System.Text.Json;
using Till.Server.Tests.Support;
using static Till.Server.Tests.Sessions.SessionProbe;

namespace Till.Server.Tests.Sessions;

/// <summary>
/// The user errors <c>pointOfSaleDevicePaymentSessionCount</c> and <c>...Close</c> share, their order,
/// and that a refused count or close leaves the session and the ledger as they were.
/// </summary>
public sealed class CountCloseErrorTests : IAsyncLifetime
{
    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    internal static Task<JsonElement> CountOrCloseAsync(TestShop shop, string mutation, string sessionId, string balance, string? staffId = null, string? currencyCode = null, string? time = null, string? reasonCodeId = null) =>
        mutation switch
        {
            "count" => shop.CountPayloadAsync(sessionId, balance, staffId, currencyCode, time, reasonCodeId),
            "close" => shop.ClosePayloadAsync(sessionId, balance, staffId, currencyCode, time, reasonCodeId),
            _ => throw new ArgumentOutOfRangeException(nameof(mutation)),
        };

    private async Task<(TestShop Shop, string SessionId, LedgerState Before)> OpenedAsync(string? time = null)
    {
        var shop = await server.CreateShopAsync();
        var opened = (await shop.OpenPayloadAsync("100.00", time: time)).ShouldSucceed();
        var sessionId = opened.GetProperty("id").GetString()!;
        return (shop, sessionId, await StateAsync(shop, sessionId));
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_UnknownSession_PaymentSessionNotFound(string mutation)
    {
        var (shop, sessionId, before) = await OpenedAsync();

        (await CountOrCloseAsync(shop, mutation, UnknownSession, "90.00")).ShouldFailWith(SessionField, "PAYMENT_SESSION_NOT_FOUND");
        (await CountOrCloseAsync(shop, mutation, "gid://shopify/CashTrackingSession/" + NumberOf(sessionId).ToString(System.Globalization.CultureInfo.InvariantCulture), "90.00"))
            .ShouldFailWith(SessionField, "PAYMENT_SESSION_NOT_FOUND");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_SessionOfAnotherShop_PaymentSessionNotFoundAndItStaysOpen(string mutation)
    {
        var (shop, sessionId, before) = await OpenedAsync();
        var other = await server.CreateShopAsync();
        var otherBefore = await StateAsync(other);

        (await CountOrCloseAsync(other, mutation, sessionId, "90.00")).ShouldFailWith(SessionField, "PAYMENT_SESSION_NOT_FOUND");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
        (await StateAsync(other)).ShouldBe(otherBefore);
        (await shop.SessionAsync(sessionId)).GetProperty("status").GetString().ShouldBe("OPEN");
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_UnknownOtherShopsOrDeactivatedStaff_StaffNotFound(string mutation)
    {
        var (shop, sessionId, _) = await OpenedAsync();
        var other = await server.CreateShopAsync();
        var inactive = await CreateStaffAsync(shop, active: false);
        var before = await StateAsync(shop, sessionId);

        (await CountOrCloseAsync(shop, mutation, sessionId, "90.00", staffId: UnknownStaff)).ShouldFailWith(StaffField, "STAFF_MEMBER_NOT_FOUND");
        (await CountOrCloseAsync(shop, mutation, sessionId, "90.00", staffId: other.StaffId)).ShouldFailWith(StaffField, "STAFF_MEMBER_NOT_FOUND");
        (await CountOrCloseAsync(shop, mutation, sessionId, "90.00", staffId: inactive)).ShouldFailWith(StaffField, "STAFF_MEMBER_NOT_FOUND");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_OpeningStaffDeactivatedMidShift_StaffNotFound(string mutation)
    {
        var (shop, sessionId, before) = await OpenedAsync();
        await DeactivateStaffAsync(shop, shop.StaffId);
        before = before with { Session = (await shop.SessionAsync(sessionId)).GetRawText() };

        (await CountOrCloseAsync(shop, mutation, sessionId, "90.00")).ShouldFailWith(StaffField, "STAFF_MEMBER_NOT_FOUND");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
        var colleague = await CreateStaffAsync(shop);
        (await CountOrCloseAsync(shop, mutation, sessionId, "90.00", staffId: colleague)).ShouldSucceed();
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_UnknownReasonCode_ReasonCodeNotFound(string mutation)
    {
        var (shop, sessionId, before) = await OpenedAsync();

        (await CountOrCloseAsync(shop, mutation, sessionId, "90.00", reasonCodeId: UnknownReasonCode)).ShouldFailWith(ReasonField, "REASON_CODE_NOT_FOUND");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_ReasonCodeOfAnotherShop_ReasonCodeNotFound(string mutation)
    {
        var (shop, sessionId, before) = await OpenedAsync();
        var other = await server.CreateShopAsync();
        var otherFloatSetup = await FloatSetupCodeIdAsync(other, await other.OpenAsync("5.00"));
        before = await StateAsync(shop, sessionId);

        (await CountOrCloseAsync(shop, mutation, sessionId, "90.00", reasonCodeId: DefaultCashPayoutId(otherFloatSetup))).ShouldFailWith(ReasonField, "REASON_CODE_NOT_FOUND");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_TimeBeforeOpening_TimeBeforeSessionOpen(string mutation)
    {
        var (shop, sessionId, before) = await OpenedAsync(PastOpeningTime);

        (await CountOrCloseAsync(shop, mutation, sessionId, "90.00", time: BeforePastOpeningTime)).ShouldFailWith(Time, "TIME_BEFORE_SESSION_OPEN");
        (await CountOrCloseAsync(shop, mutation, sessionId, "90.00", time: "2025-12-31T10:00:00Z")).ShouldFailWith(Time, "TIME_BEFORE_SESSION_OPEN");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
        (await CountOrCloseAsync(shop, mutation, sessionId, "90.00", time: PastOpeningTime)).ShouldSucceed();
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_BalanceInAnotherCurrency_CurrencyMismatch(string mutation)
    {
        var (shop, sessionId, before) = await OpenedAsync();

        (await CountOrCloseAsync(shop, mutation, sessionId, "90.00", currencyCode: "EUR")).ShouldFailWith(BalanceCurrency, "CURRENCY_MISMATCH");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("count", "-1.00")]
    [InlineData("count", "1.005")]
    [InlineData("count", "abc")]
    [InlineData("count", "1000000000000000")]
    [InlineData("close", "-1.00")]
    [InlineData("close", "1.005")]
    [InlineData("close", "abc")]
    [InlineData("close", "1000000000000000")]
    public async Task CountOrClose_InvalidAmount_AmountErrorWithoutCode(string mutation, string amount)
    {
        var (shop, sessionId, before) = await OpenedAsync();

        (await CountOrCloseAsync(shop, mutation, sessionId, amount)).ShouldFailWith(BalanceAmount, null);

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_TimeMoreThanFiveMinutesAhead_TimeError(string mutation)
    {
        var (shop, sessionId, before) = await OpenedAsync();

        (await CountOrCloseAsync(shop, mutation, sessionId, "90.00", time: FutureTime(TimeSpan.FromMinutes(10)))).ShouldFailWith(Time, null);

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_UnknownSessionAndUnknownStaff_SessionErrorWins(string mutation)
    {
        var (shop, sessionId, before) = await OpenedAsync();

        (await CountOrCloseAsync(shop, mutation, UnknownSession, "-1.00", staffId: UnknownStaff, currencyCode: "EUR", reasonCodeId: UnknownReasonCode))
            .ShouldFailWith(SessionField, "PAYMENT_SESSION_NOT_FOUND");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_UnknownStaffAndUnknownReasonCode_StaffErrorWins(string mutation)
    {
        var (shop, sessionId, before) = await OpenedAsync(PastOpeningTime);

        (await CountOrCloseAsync(shop, mutation, sessionId, "-1.00", staffId: UnknownStaff, currencyCode: "EUR", time: BeforePastOpeningTime, reasonCodeId: UnknownReasonCode))
            .ShouldFailWith(StaffField, "STAFF_MEMBER_NOT_FOUND");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_UnknownReasonCodeAndTimeBeforeOpening_ReasonCodeErrorWins(string mutation)
    {
        var (shop, sessionId, before) = await OpenedAsync(PastOpeningTime);

        (await CountOrCloseAsync(shop, mutation, sessionId, "-1.00", currencyCode: "EUR", time: BeforePastOpeningTime, reasonCodeId: UnknownReasonCode))
            .ShouldFailWith(ReasonField, "REASON_CODE_NOT_FOUND");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_TimeBeforeOpeningAndWrongCurrency_TimeErrorWins(string mutation)
    {
        var (shop, sessionId, before) = await OpenedAsync(PastOpeningTime);

        (await CountOrCloseAsync(shop, mutation, sessionId, "-1.005", currencyCode: "EUR", time: BeforePastOpeningTime))
            .ShouldFailWith(Time, "TIME_BEFORE_SESSION_OPEN");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_WrongCurrencyAndBadAmount_CurrencyMismatchWins(string mutation)
    {
        var (shop, sessionId, before) = await OpenedAsync();

        (await CountOrCloseAsync(shop, mutation, sessionId, "-1.005", currencyCode: "EUR")).ShouldFailWith(BalanceCurrency, "CURRENCY_MISMATCH");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }
}
