using System.Net;
using System.Text.Json;
using Till.Server.Tests.Concurrency;
using Till.Server.Tests.Support;
using static Till.Server.Tests.Control.ControlCalls;

namespace Till.Server.Tests.Control;

public sealed class TransactionTests : IAsyncLifetime
{
    private const string Activities = """
        query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { cashActivities(first: 50) { nodes {
          __typename cash { amount currencyCode } staffMember { id } paymentSession { id }
          ... on CashTransactionActivity { type orderTransaction { id kind gateway amountV2 { amount currencyCode } } }
        } } } }
        """;

    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static string Amount(JsonElement element, string field) => element.GetProperty(field).GetProperty("amount").GetString()!;

    private static async Task<List<JsonElement>> ActivitiesAsync(TestShop shop, string sessionId)
    {
        var result = await shop.GraphQLAsync(Activities, new { id = sessionId });
        return result.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSession").GetProperty("cashActivities").GetProperty("nodes").EnumerateArray().ToList();
    }

    private Task<HttpResponseMessage> RecordAsync(TestShop shop, object body) =>
        server.ControlAsync(HttpMethod.Post, $"/shops/{Escaped(shop.ShopId)}/transactions", body);

    private static object Body(TestShop shop, string kind = "SALE", string gateway = "cash", string amount = "10.00", string? currency = null, string? deviceId = null, string? staffId = null, string? processedAt = null) =>
        new { deviceId = deviceId ?? shop.DeviceId, kind, gateway, amount = new { amount, currencyCode = currency ?? shop.Currency }, staffMemberId = staffId ?? shop.StaffId, processedAt };

    private Task<long> TransactionCountAsync(TestShop shop) =>
        LedgerFile.CountAsync(server, "SELECT COUNT(*) FROM order_transactions WHERE shop_id = @s", ("@s", LedgerFile.Number(shop.ShopId)));

    private Task<long> ActivityCountAsync(TestShop shop) =>
        LedgerFile.CountAsync(server, "SELECT COUNT(*) FROM cash_activities WHERE shop_id = @s", ("@s", LedgerFile.Number(shop.ShopId)));

    [Theory]
    [InlineData("SALE", "50.00", "50.0")]
    [InlineData("REFUND", "10.00", "-10.0")]
    [InlineData("CHANGE", "5.25", "-5.25")]
    public async Task CashTransaction_InOpenSession_IsCashTransactionActivityWithSignedCash(string kind, string amount, string cash)
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");

        var body = await ShouldBeOkAsync(await shop.RecordTransactionAsync(kind, amount), HttpStatusCode.Created);

        var transactionId = body.GetProperty("id").GetString()!;
        transactionId.ShouldMatch($"^gid://shopify/OrderTransaction/[1-9][0-9]*$");
        body.GetProperty("paymentSessionId").GetString().ShouldBe(sessionId);
        var activity = (await ActivitiesAsync(shop, sessionId))[^1];
        activity.GetProperty("__typename").GetString().ShouldBe("CashTransactionActivity");
        activity.GetProperty("type").GetString().ShouldBe(kind);
        Amount(activity, "cash").ShouldBe(cash);
        activity.GetProperty("cash").GetProperty("currencyCode").GetString().ShouldBe("USD");
        activity.GetProperty("staffMember").GetProperty("id").GetString().ShouldBe(shop.StaffId);
        activity.GetProperty("paymentSession").GetProperty("id").GetString().ShouldBe(sessionId);
        var transaction = activity.GetProperty("orderTransaction");
        transaction.GetProperty("id").GetString().ShouldBe(transactionId);
        transaction.GetProperty("kind").GetString().ShouldBe(kind);
        transaction.GetProperty("gateway").GetString().ShouldBe("cash");
        Amount(transaction, "amountV2").ShouldBe(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture).ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture));
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(100m + decimal.Parse(cash, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task CashTransaction_GatewayInAnyCase_IsCash()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");

        await ShouldBeOkAsync(await shop.RecordTransactionAsync("SALE", "1.00", gateway: "CASH"), HttpStatusCode.Created);

        (await ActivitiesAsync(shop, sessionId)).Count.ShouldBe(2);
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(101m);
    }

    [Fact]
    public async Task Transactions_CashAndNonCash_CountInTheRightTotals()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");

        foreach (var (kind, amount, gateway) in new[] { ("SALE", "50.00", "cash"), ("CHANGE", "5.25", "cash"), ("REFUND", "10.00", "cash"), ("SALE", "30.00", "shopify_payments"), ("REFUND", "4.00", "gift_card") })
        {
            var body = await ShouldBeOkAsync(await shop.RecordTransactionAsync(kind, amount, gateway), HttpStatusCode.Created);
            body.GetProperty("paymentSessionId").GetString().ShouldBe(sessionId);
        }

        var session = await shop.SessionAsync(sessionId);
        Amount(session, "totalCashSales").ShouldBe("44.75");
        Amount(session, "totalCashRefunds").ShouldBe("10.0");
        Amount(session, "netCashSales").ShouldBe("34.75");
        Amount(session, "totalSales").ShouldBe("74.75");
        Amount(session, "totalRefunds").ShouldBe("14.0");
        Amount(session, "netSales").ShouldBe("60.75");
        (await ActivitiesAsync(shop, sessionId)).Count(a => a.GetProperty("__typename").GetString() == "CashTransactionActivity").ShouldBe(3);
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(134.75m);
    }

    [Fact]
    public async Task NonCashTransaction_InOpenSession_CountsOnlyInTotalSales()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");

        var body = await ShouldBeOkAsync(await shop.RecordTransactionAsync("SALE", "30.00", gateway: "shopify_payments"), HttpStatusCode.Created);

        body.GetProperty("paymentSessionId").GetString().ShouldBe(sessionId);
        (await ActivitiesAsync(shop, sessionId)).ShouldHaveSingleItem().GetProperty("__typename").GetString().ShouldBe("CashCountActivity");
        var session = await shop.SessionAsync(sessionId);
        Amount(session, "totalSales").ShouldBe("30.0");
        Amount(session, "netSales").ShouldBe("30.0");
        Amount(session, "totalCashSales").ShouldBe("0.0");
        Amount(session, "netCashSales").ShouldBe("0.0");
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(100m);
    }

    [Fact]
    public async Task NonCashTransaction_WithoutOpenSession_IsRecordedWithoutSession()
    {
        var shop = await server.CreateShopAsync();

        var body = await ShouldBeOkAsync(await shop.RecordTransactionAsync("SALE", "30.00", gateway: "shopify_payments"), HttpStatusCode.Created);

        body.GetProperty("id").GetString()!.ShouldStartWith("gid://shopify/OrderTransaction/");
        body.GetProperty("paymentSessionId").ValueKind.ShouldBe(JsonValueKind.Null);
        (await ActivityCountAsync(shop)).ShouldBe(0);
    }

    [Theory]
    [InlineData("SALE")]
    [InlineData("REFUND")]
    [InlineData("CHANGE")]
    public async Task CashTransaction_WithoutOpenSession_Is409NoOpenSessionAndNothingIsRecorded(string kind)
    {
        var shop = await server.CreateShopAsync();

        await ShouldBeErrorAsync(await shop.RecordTransactionAsync(kind, "10.00"), HttpStatusCode.Conflict, "NO_OPEN_SESSION");

        (await TransactionCountAsync(shop)).ShouldBe(0);
        (await ActivityCountAsync(shop)).ShouldBe(0);
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(0m);
    }

    [Fact]
    public async Task CashTransaction_AfterTheSessionClosed_Is409AndNothingIsRecorded()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");
        (await shop.ClosePayloadAsync(sessionId, "100.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        var activities = await ActivityCountAsync(shop);

        await ShouldBeErrorAsync(await shop.RecordTransactionAsync("SALE", "10.00"), HttpStatusCode.Conflict, "NO_OPEN_SESSION");

        (await TransactionCountAsync(shop)).ShouldBe(0);
        (await ActivityCountAsync(shop)).ShouldBe(activities);
        var session = await shop.SessionAsync(sessionId);
        Amount(session, "totalCashSales").ShouldBe("0.0");
    }

    [Fact]
    public async Task Transaction_DeactivatedStaff_IsRefusedAndNothingIsRecorded()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");
        await ShouldBeOkAsync(await server.ControlAsync(HttpMethod.Patch, $"/shops/{Escaped(shop.ShopId)}/staff/{Escaped(shop.StaffId)}", new { active = false }), HttpStatusCode.OK);

        await ShouldBeErrorAsync(await shop.RecordTransactionAsync("SALE", "10.00"), HttpStatusCode.NotFound, "NOT_FOUND", "staffMemberId");
        await ShouldBeErrorAsync(await shop.RecordTransactionAsync("SALE", "10.00", gateway: "card"), HttpStatusCode.NotFound, "NOT_FOUND", "staffMemberId");

        (await TransactionCountAsync(shop)).ShouldBe(0);
        (await ActivitiesAsync(shop, sessionId)).Count.ShouldBe(1);
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(100m);
    }

    [Fact]
    public async Task DeactivatedStaff_CannotOpenAdjustOrClose()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");
        await ShouldBeOkAsync(await server.ControlAsync(HttpMethod.Patch, $"/shops/{Escaped(shop.ShopId)}/staff/{Escaped(shop.StaffId)}", new { active = false }), HttpStatusCode.OK);

        var adjust = await shop.AdjustPayloadAsync(sessionId, "5.00");
        adjust.GetProperty("userErrors").EnumerateArray().ShouldHaveSingleItem().GetProperty("field").EnumerateArray().Select(f => f.GetString()).ShouldBe(["staffMemberId"]);
        var close = await shop.ClosePayloadAsync(sessionId, "100.00");
        close.GetProperty("userErrors").EnumerateArray().ShouldHaveSingleItem().GetProperty("code").GetString().ShouldBe("STAFF_MEMBER_NOT_FOUND");

        // Reactivated, the same staff member can work again.
        await ShouldBeOkAsync(await server.ControlAsync(HttpMethod.Patch, $"/shops/{Escaped(shop.ShopId)}/staff/{Escaped(shop.StaffId)}", new { active = true }), HttpStatusCode.OK);
        await ShouldBeOkAsync(await shop.RecordTransactionAsync("SALE", "10.00"), HttpStatusCode.Created);
        (await shop.ClosePayloadAsync(sessionId, "110.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Transaction_OtherShopsStaffOrDevice_Is404()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        await shop.OpenAsync("100.00");

        await ShouldBeErrorAsync(await RecordAsync(shop, Body(shop, staffId: other.StaffId)), HttpStatusCode.NotFound, "NOT_FOUND", "staffMemberId");
        await ShouldBeErrorAsync(await RecordAsync(shop, Body(shop, deviceId: other.DeviceId)), HttpStatusCode.NotFound, "NOT_FOUND", "deviceId");
        await ShouldBeErrorAsync(await RecordAsync(shop, Body(shop, deviceId: "gid://shopify/PointOfSaleDevice/999999")), HttpStatusCode.NotFound, "NOT_FOUND", "deviceId");
        await ShouldBeErrorAsync(await RecordAsync(other, Body(shop)), HttpStatusCode.NotFound, "NOT_FOUND");
        (await TransactionCountAsync(shop)).ShouldBe(0);
        (await TransactionCountAsync(other)).ShouldBe(0);
    }

    [Theory]
    [InlineData("VOID", "cash", "10.00", null, "kind")]
    [InlineData("sale", "cash", "10.00", null, "kind")]
    [InlineData("SALE", "", "10.00", null, "gateway")]
    [InlineData("SALE", "cash", "-10.00", null, "amount")]
    [InlineData("SALE", "cash", "0", null, "amount")]
    [InlineData("SALE", "cash", "1e3", null, "amount")]
    [InlineData("SALE", "cash", "1,000.00", null, "amount")]
    [InlineData("SALE", "cash", "abc", null, "amount")]
    [InlineData("SALE", "cash", "10.005", null, "amount")]
    [InlineData("SALE", "cash", "1000000000000", null, "amount")]
    public async Task Transaction_BadField_Is422AndNothingIsRecorded(string kind, string gateway, string amount, string? processedAt, string field)
    {
        var shop = await server.CreateShopAsync();
        await shop.OpenAsync("100.00");

        await ShouldBeErrorAsync(await RecordAsync(shop, Body(shop, kind, gateway, amount, processedAt: processedAt)), HttpStatusCode.UnprocessableEntity, "INVALID", field);

        (await TransactionCountAsync(shop)).ShouldBe(0);
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(100m);
    }

    [Fact]
    public async Task Transaction_WrongCurrency_Is422CurrencyMismatch()
    {
        var shop = await server.CreateShopAsync();
        await shop.OpenAsync("100.00");

        await ShouldBeErrorAsync(await RecordAsync(shop, Body(shop, currency: "CAD")), HttpStatusCode.UnprocessableEntity, "CURRENCY_MISMATCH");

        (await TransactionCountAsync(shop)).ShouldBe(0);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2099-01-01T00:00:00Z")]
    public async Task Transaction_BadProcessedAt_Is422(string processedAt)
    {
        var shop = await server.CreateShopAsync();
        await shop.OpenAsync("100.00");

        await ShouldBeErrorAsync(await RecordAsync(shop, Body(shop, processedAt: processedAt)), HttpStatusCode.UnprocessableEntity, "INVALID", "processedAt");

        (await TransactionCountAsync(shop)).ShouldBe(0);
    }

    [Fact]
    public async Task Transaction_AmountNotMoney_Is422()
    {
        var shop = await server.CreateShopAsync();
        await shop.OpenAsync("100.00");

        await ShouldBeErrorAsync(
            await RecordAsync(shop, new { deviceId = shop.DeviceId, kind = "SALE", gateway = "cash", amount = "10.00", staffMemberId = shop.StaffId }),
            HttpStatusCode.UnprocessableEntity, "INVALID", "amount");
        await ShouldBeErrorAsync(
            await RecordAsync(shop, new { deviceId = shop.DeviceId, kind = "SALE", gateway = "cash", amount = new { amount = 10.5, currencyCode = "USD" }, staffMemberId = shop.StaffId }),
            HttpStatusCode.UnprocessableEntity, "INVALID", "amount");
    }
}
