using Till.Server.Tests.Support;
using static Till.Server.Tests.Sessions.SessionProbe;

namespace Till.Server.Tests.Sessions;

/// <summary>Every user error of <c>pointOfSaleDevicePaymentSessionOpen</c>, its field, its code, and that nothing was opened or booked.</summary>
public sealed class OpenSessionErrorTests : IAsyncLifetime
{
    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Open_UnknownDevice_DeviceNotFoundAndNothingOpened()
    {
        var shop = await server.CreateShopAsync();
        var before = await StateAsync(shop);

        (await shop.OpenPayloadAsync(deviceId: UnknownDevice)).ShouldFailWith(DeviceField, "POINT_OF_SALE_DEVICE_NOT_FOUND");

        (await StateAsync(shop)).ShouldBe(before);
        before.ActiveSessionId.ShouldBeNull();
        before.DrawerBalance.ShouldBe("0.0");
    }

    [Fact]
    public async Task Open_DeviceOfAnotherShop_DeviceNotFoundAndNeitherShopChanged()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        var before = await StateAsync(shop);
        var otherBefore = await StateAsync(other);

        (await shop.OpenPayloadAsync(deviceId: other.DeviceId)).ShouldFailWith(DeviceField, "POINT_OF_SALE_DEVICE_NOT_FOUND");

        (await StateAsync(shop)).ShouldBe(before);
        (await StateAsync(other)).ShouldBe(otherBefore);
        otherBefore.ActiveSessionId.ShouldBeNull();
    }

    [Fact]
    public async Task Open_IdOfWrongType_DeviceNotFound()
    {
        var shop = await server.CreateShopAsync();
        var before = await StateAsync(shop);

        (await shop.OpenPayloadAsync(deviceId: "gid://shopify/CashDrawer/1")).ShouldFailWith(DeviceField, "POINT_OF_SALE_DEVICE_NOT_FOUND");
        (await shop.OpenPayloadAsync(deviceId: shop.DrawerId)).ShouldFailWith(DeviceField, "POINT_OF_SALE_DEVICE_NOT_FOUND");
        var deviceNumber = NumberOf(shop.DeviceId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await shop.OpenPayloadAsync(deviceId: "gid://shopify/StaffMember/" + deviceNumber)).ShouldFailWith(DeviceField, "POINT_OF_SALE_DEVICE_NOT_FOUND");

        (await StateAsync(shop)).ShouldBe(before);
    }

    [Fact]
    public async Task Open_UnknownStaff_StaffNotFound()
    {
        var shop = await server.CreateShopAsync();
        var before = await StateAsync(shop);

        (await shop.OpenPayloadAsync(staffId: UnknownStaff)).ShouldFailWith(StaffField, "STAFF_MEMBER_NOT_FOUND");

        (await StateAsync(shop)).ShouldBe(before);
    }

    [Fact]
    public async Task Open_StaffOfAnotherShop_StaffNotFound()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        var before = await StateAsync(shop);

        (await shop.OpenPayloadAsync(staffId: other.StaffId)).ShouldFailWith(StaffField, "STAFF_MEMBER_NOT_FOUND");

        (await StateAsync(shop)).ShouldBe(before);
    }

    [Fact]
    public async Task Open_DeactivatedStaff_StaffNotFound()
    {
        var shop = await server.CreateShopAsync();
        var inactive = await CreateStaffAsync(shop, active: false);
        var before = await StateAsync(shop);

        (await shop.OpenPayloadAsync(staffId: inactive)).ShouldFailWith(StaffField, "STAFF_MEMBER_NOT_FOUND");

        (await StateAsync(shop)).ShouldBe(before);
    }

    [Fact]
    public async Task Open_StaffDeactivatedAfterCreation_StaffNotFoundThoughActiveStaffCanOpen()
    {
        var shop = await server.CreateShopAsync();
        var staff = await CreateStaffAsync(shop);
        await DeactivateStaffAsync(shop, staff);
        var before = await StateAsync(shop);

        (await shop.OpenPayloadAsync(staffId: staff)).ShouldFailWith(StaffField, "STAFF_MEMBER_NOT_FOUND");
        (await StateAsync(shop)).ShouldBe(before);

        (await shop.OpenPayloadAsync()).ShouldSucceed();
    }

    [Fact]
    public async Task Open_UnknownReasonCode_ReasonCodeNotFound()
    {
        var shop = await server.CreateShopAsync();
        var before = await StateAsync(shop);

        (await shop.OpenPayloadAsync(reasonCodeId: UnknownReasonCode)).ShouldFailWith(ReasonField, "REASON_CODE_NOT_FOUND");

        (await StateAsync(shop)).ShouldBe(before);
    }

    [Fact]
    public async Task Open_ReasonCodeOfAnotherShopOrOfWrongType_ReasonCodeNotFound()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        var first = await shop.OpenAsync("100.00");
        var floatSetup = await FloatSetupCodeIdAsync(shop, first);
        (await shop.ClosePayloadAsync(first, "100.00")).ShouldSucceed();
        var otherFirst = await other.OpenAsync("10.00");
        var otherFloatSetup = await FloatSetupCodeIdAsync(other, otherFirst);
        var before = await StateAsync(shop);

        (await shop.OpenPayloadAsync(reasonCodeId: otherFloatSetup)).ShouldFailWith(ReasonField, "REASON_CODE_NOT_FOUND");
        (await shop.OpenPayloadAsync(reasonCodeId: DefaultCashPayoutId(otherFloatSetup))).ShouldFailWith(ReasonField, "REASON_CODE_NOT_FOUND");
        var wrongKind = "gid://shopify/CashManagementCustomReasonCode/" + NumberOf(floatSetup).ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await shop.OpenPayloadAsync(reasonCodeId: wrongKind)).ShouldFailWith(ReasonField, "REASON_CODE_NOT_FOUND");

        (await StateAsync(shop)).ShouldBe(before);

        // The shop's own code of the right type is accepted.
        (await shop.OpenPayloadAsync(reasonCodeId: DefaultCashPayoutId(floatSetup))).ShouldSucceed();
    }

    [Fact]
    public async Task Open_DeviceNeverAssigned_NoCashDrawerAssociated()
    {
        var shop = await server.CreateShopAsync();
        var device = await CreateUnassignedDeviceAsync(shop);
        var before = await StateAsync(shop, deviceId: device);

        (await shop.OpenPayloadAsync(deviceId: device)).ShouldFailWith(DeviceField, "NO_CASH_DRAWER_ASSOCIATED");
        (await shop.OpenPayloadAsync(balance: null, deviceId: device)).ShouldFailWith(DeviceField, "NO_CASH_DRAWER_ASSOCIATED");

        (await StateAsync(shop, deviceId: device)).ShouldBe(before);
        before.ActiveSessionId.ShouldBeNull();
    }

    [Fact]
    public async Task Open_SessionAlreadyOpenOnDevice_AlreadyOpenAndSessionUnchanged()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");
        var before = await StateAsync(shop, sessionId);
        before.ActiveSessionId.ShouldBe(sessionId);

        (await shop.OpenPayloadAsync("50.00")).ShouldFailWith(DeviceField, "ALREADY_OPEN");
        (await shop.OpenPayloadAsync(balance: null)).ShouldFailWith(DeviceField, "ALREADY_OPEN");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
        before.DrawerBalance.ShouldBe("100.0");
    }

    [Fact]
    public async Task Open_BalanceInAnotherCurrency_CurrencyMismatch()
    {
        var shop = await server.CreateShopAsync();
        var before = await StateAsync(shop);

        (await shop.OpenPayloadAsync("100.00", currencyCode: "EUR")).ShouldFailWith(BalanceCurrency, "CURRENCY_MISMATCH");

        (await StateAsync(shop)).ShouldBe(before);
    }

    [Theory]
    [InlineData("-1.00")]
    [InlineData("-0.01")]
    [InlineData("1.005")]
    [InlineData("abc")]
    [InlineData("12abc")]
    [InlineData("1000000000000000")]
    public async Task Open_InvalidUsdAmount_AmountErrorWithoutCode(string amount)
    {
        var shop = await server.CreateShopAsync();
        var before = await StateAsync(shop);

        var error = (await shop.OpenPayloadAsync(amount)).ShouldFailWith(BalanceAmount, null);
        error.GetProperty("message").GetString()!.ShouldContain("mount");

        (await StateAsync(shop)).ShouldBe(before);
    }

    [Fact]
    public async Task Open_FractionalJpyAmount_AmountErrorAndWholeYenAccepted()
    {
        var shop = await server.CreateShopAsync("JPY");
        var before = await StateAsync(shop);

        (await shop.OpenPayloadAsync("1.5")).ShouldFailWith(BalanceAmount, null);
        (await StateAsync(shop)).ShouldBe(before);

        var opened = (await shop.OpenPayloadAsync("1500")).ShouldSucceed();
        opened.GetProperty("currency").GetString().ShouldBe("JPY");
        Amount(opened, "cashCountedAtOpen").ShouldBe("1500.0");
    }

    [Fact]
    public async Task Open_LargestAllowedAmount_Accepted()
    {
        var shop = await server.CreateShopAsync();

        var opened = (await shop.OpenPayloadAsync("999999999999.99")).ShouldSucceed();

        Amount(opened, "cashCountedAtOpen").ShouldBe("999999999999.99");
    }

    [Fact]
    public async Task Open_TimeMoreThanFiveMinutesAhead_TimeErrorAndNothingOpened()
    {
        var shop = await server.CreateShopAsync();
        var before = await StateAsync(shop);

        (await shop.OpenPayloadAsync(time: FutureTime(TimeSpan.FromMinutes(10)))).ShouldFailWith(Time, null);
        (await shop.OpenPayloadAsync(time: FutureTime(TimeSpan.FromDays(1)))).ShouldFailWith(Time, null);

        (await StateAsync(shop)).ShouldBe(before);
    }

    [Fact]
    public async Task Open_TimeSlightlyAheadOrInThePast_Accepted()
    {
        var shop = await server.CreateShopAsync();

        var opened = (await shop.OpenPayloadAsync(time: FutureTime(TimeSpan.FromMinutes(2)))).ShouldSucceed();
        (await shop.ClosePayloadAsync(opened.GetProperty("id").GetString()!, "100.00", time: FutureTime(TimeSpan.FromMinutes(3)))).ShouldSucceed();

        var past = (await shop.OpenPayloadAsync(time: PastOpeningTime)).ShouldSucceed();
        past.GetProperty("openingTime").GetString().ShouldBe(PastOpeningTime);
    }

    [Fact]
    public async Task Open_UnknownDeviceAndUnknownStaff_DeviceErrorWins()
    {
        var shop = await server.CreateShopAsync();
        var before = await StateAsync(shop);

        (await shop.OpenPayloadAsync("-1.00", deviceId: UnknownDevice, staffId: UnknownStaff, currencyCode: "EUR", reasonCodeId: UnknownReasonCode))
            .ShouldFailWith(DeviceField, "POINT_OF_SALE_DEVICE_NOT_FOUND");

        (await StateAsync(shop)).ShouldBe(before);
    }

    [Fact]
    public async Task Open_UnknownStaffAndUnknownReasonCode_StaffErrorWins()
    {
        var shop = await server.CreateShopAsync();
        var device = await CreateUnassignedDeviceAsync(shop);

        (await shop.OpenPayloadAsync(staffId: UnknownStaff, reasonCodeId: UnknownReasonCode)).ShouldFailWith(StaffField, "STAFF_MEMBER_NOT_FOUND");
        (await shop.OpenPayloadAsync(deviceId: device, staffId: UnknownStaff, reasonCodeId: UnknownReasonCode)).ShouldFailWith(StaffField, "STAFF_MEMBER_NOT_FOUND");
    }

    [Fact]
    public async Task Open_UnknownReasonCodeOnDeviceWithoutDrawer_ReasonCodeErrorWins()
    {
        var shop = await server.CreateShopAsync();
        var device = await CreateUnassignedDeviceAsync(shop);

        (await shop.OpenPayloadAsync(deviceId: device, reasonCodeId: UnknownReasonCode)).ShouldFailWith(ReasonField, "REASON_CODE_NOT_FOUND");
    }

    [Fact]
    public async Task Open_DeviceWithoutDrawerAndWrongCurrency_NoCashDrawerErrorWins()
    {
        var shop = await server.CreateShopAsync();
        var device = await CreateUnassignedDeviceAsync(shop);

        (await shop.OpenPayloadAsync("abc", deviceId: device, currencyCode: "EUR")).ShouldFailWith(DeviceField, "NO_CASH_DRAWER_ASSOCIATED");
    }

    [Fact]
    public async Task Open_AlreadyOpenAndWrongCurrencyAndBadAmount_AlreadyOpenWins()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync();
        var before = await StateAsync(shop, sessionId);

        (await shop.OpenPayloadAsync("-1.005", currencyCode: "EUR")).ShouldFailWith(DeviceField, "ALREADY_OPEN");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Fact]
    public async Task Open_WrongCurrencyAndBadAmount_CurrencyMismatchWins()
    {
        var shop = await server.CreateShopAsync();

        (await shop.OpenPayloadAsync("-1.005", currencyCode: "EUR")).ShouldFailWith(BalanceCurrency, "CURRENCY_MISMATCH");
        (await shop.OpenPayloadAsync("abc", currencyCode: "EUR")).ShouldFailWith(BalanceCurrency, "CURRENCY_MISMATCH");
    }
}
