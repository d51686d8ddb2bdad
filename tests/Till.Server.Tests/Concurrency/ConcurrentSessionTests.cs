using System.Globalization;
using System.Net;
using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Concurrency;

public sealed class ConcurrentSessionTests : IAsyncLifetime
{
    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static string Amount(JsonElement session, string field) => session.GetProperty(field).GetProperty("amount").GetString()!;

    private static decimal Decimal(JsonElement session, string field) => decimal.Parse(Amount(session, field), CultureInfo.InvariantCulture);

    private static bool Succeeded(JsonElement payload) => payload.GetProperty("userErrors").GetArrayLength() == 0;

    private static string? Code(JsonElement payload) =>
        payload.GetProperty("userErrors")[0].TryGetProperty("code", out var code) ? code.GetString() : null;

    [Fact]
    public async Task Close_TwentyConcurrentCloses_ExactlyOneSucceedsAndTheRestAreAlreadyClosed()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");

        var closes = Enumerable.Range(0, 20)
            .Select(i => shop.ClosePayloadAsync(sessionId, (100 + i).ToString(CultureInfo.InvariantCulture) + ".00"))
            .ToList();
        var payloads = await Task.WhenAll(closes);

        var winners = payloads.Where(Succeeded).ToList();
        winners.Count.ShouldBe(1, string.Join("\n", payloads.Select(p => p.ToString())));
        payloads.Where(p => !Succeeded(p)).Select(Code).ShouldAllBe(c => c == "SESSION_ALREADY_CLOSED");
        payloads.Where(p => !Succeeded(p)).ShouldAllBe(p => p.GetProperty("pointOfSaleDevicePaymentSession").ValueKind == JsonValueKind.Null);

        var winner = winners[0].GetProperty("pointOfSaleDevicePaymentSession");
        var counted = Decimal(winner, "cashCountedAtClose");
        Decimal(winner, "expectedCashAtClose").ShouldBe(100m);
        Decimal(winner, "closingAdjustment").ShouldBe(counted - 100m);
        var stored = await shop.SessionAsync(sessionId);
        stored.GetProperty("status").GetString().ShouldBe("CLOSED");
        Decimal(stored, "cashCountedAtClose").ShouldBe(counted);
        Decimal(stored, "closingAdjustment").ShouldBe(counted - 100m);

        var session = LedgerFile.Number(sessionId);
        (await LedgerFile.CountAsync(server, "SELECT COUNT(*) FROM cash_activities WHERE session_id = @s AND type = 'CLOSING'", ("@s", session))).ShouldBe(1);
        (await LedgerFile.CountAsync(server, "SELECT COUNT(*) FROM cash_activities WHERE session_id = @s AND type = 'CLOSING_ADJUSTMENT'", ("@s", session))).ShouldBe(counted == 100m ? 0 : 1);
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(counted);
    }

    [Fact]
    public async Task Adjust_ThirtyAdjustsRacingAClose_EachLandsBeforeTheCloseOrIsRefused()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");

        var adjusts = new List<Task<JsonElement>>();
        Task<JsonElement>? close = null;
        for (var i = 0; i < 30; i++)
        {
            if (i == 10)
            {
                close = shop.ClosePayloadAsync(sessionId, "100.00");
            }

            adjusts.Add(shop.AdjustPayloadAsync(sessionId, "1.00"));
        }

        var closed = await close!;
        var results = await Task.WhenAll(adjusts);

        Succeeded(closed).ShouldBeTrue(closed.ToString());
        var succeeded = results.Count(Succeeded);
        foreach (var refused in results.Where(r => !Succeeded(r)))
        {
            var error = refused.GetProperty("userErrors").EnumerateArray().ShouldHaveSingleItem();
            error.GetProperty("message").GetString()!.ShouldContain("closed", Case.Insensitive, refused.ToString());
            error.GetProperty("field").EnumerateArray().Select(f => f.GetString()).ShouldBe(["pointOfSaleDevicePaymentSessionId"]);
            refused.GetProperty("pointOfSaleDevicePaymentSession").ValueKind.ShouldBe(JsonValueKind.Null);
        }

        var session = closed.GetProperty("pointOfSaleDevicePaymentSession");
        Decimal(session, "expectedCashAtClose").ShouldBe(100m + succeeded);
        Decimal(session, "closingAdjustment").ShouldBe(-succeeded);
        Decimal(session, "totalAdjustments").ShouldBe(succeeded);

        var id = LedgerFile.Number(sessionId);
        (await LedgerFile.CountAsync(server, "SELECT COUNT(*) FROM cash_activities WHERE session_id = @s AND type = 'ADJUSTMENT'", ("@s", id))).ShouldBe(succeeded);
        (await LedgerFile.CountAsync(server,
            "SELECT COUNT(*) FROM cash_activities WHERE session_id = @s AND type = 'ADJUSTMENT' AND id > (SELECT id FROM cash_activities WHERE session_id = @s AND type = 'CLOSING')",
            ("@s", id))).ShouldBe(0);
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(100m);
    }

    [Fact]
    public async Task Count_CountsRacingAClose_EachLandsBeforeTheCloseOrIsAlreadyClosed()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");

        var counts = new List<Task<JsonElement>>();
        Task<JsonElement>? close = null;
        for (var i = 0; i < 12; i++)
        {
            if (i == 4)
            {
                close = shop.ClosePayloadAsync(sessionId, "90.00");
            }

            counts.Add(shop.CountPayloadAsync(sessionId, "90.00"));
        }

        var closed = await close!;
        var results = await Task.WhenAll(counts);

        Succeeded(closed).ShouldBeTrue(closed.ToString());
        results.Where(r => !Succeeded(r)).Select(Code).ShouldAllBe(c => c == "SESSION_ALREADY_CLOSED");
        var succeeded = results.Count(Succeeded);
        var session = closed.GetProperty("pointOfSaleDevicePaymentSession");
        Decimal(session, "expectedCashAtClose").ShouldBe(succeeded > 0 ? 90m : 100m);
        Decimal(session, "closingAdjustment").ShouldBe(succeeded > 0 ? 0m : -10m);
        (await LedgerFile.CountAsync(server, "SELECT COUNT(*) FROM cash_activities WHERE session_id = @s AND type = 'MID_SESSION'", ("@s", LedgerFile.Number(sessionId)))).ShouldBe(succeeded);
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(90m);
    }

    [Fact]
    public async Task Transactions_CashSalesRacingAClose_EachLandsInTheSessionOrIsRefusedWithoutATrace()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");

        var sales = new List<Task<HttpResponseMessage>>();
        Task<JsonElement>? close = null;
        for (var i = 0; i < 20; i++)
        {
            if (i == 8)
            {
                close = shop.ClosePayloadAsync(sessionId, "100.00");
            }

            sales.Add(shop.RecordTransactionAsync("SALE", "5.00"));
        }

        var closed = await close!;
        var responses = await Task.WhenAll(sales);

        Succeeded(closed).ShouldBeTrue(closed.ToString());
        var landed = 0;
        foreach (var response in responses)
        {
            using (response)
            {
                var body = await TillServer.ReadJsonAsync(response);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    body.GetProperty("paymentSessionId").GetString().ShouldBe(sessionId);
                    landed++;
                }
                else
                {
                    response.StatusCode.ShouldBe(HttpStatusCode.Conflict, body.ToString());
                    body.GetProperty("error").GetProperty("code").GetString().ShouldBe("NO_OPEN_SESSION");
                }
            }
        }

        var session = closed.GetProperty("pointOfSaleDevicePaymentSession");
        Decimal(session, "expectedCashAtClose").ShouldBe(100m + (5m * landed));
        Decimal(session, "totalCashSales").ShouldBe(5m * landed);
        (await LedgerFile.CountAsync(server, "SELECT COUNT(*) FROM order_transactions WHERE shop_id = @shop", ("@shop", LedgerFile.Number(shop.ShopId)))).ShouldBe(landed);
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(100m);
    }

    [Fact]
    public async Task Open_TwentyConcurrentOpensOnOneDevice_ExactlyOneSucceedsAndTheRestAreAlreadyOpen()
    {
        var shop = await server.CreateShopAsync();

        var opens = Enumerable.Range(0, 20)
            .Select(i => shop.OpenPayloadAsync((100 + i).ToString(CultureInfo.InvariantCulture) + ".00"))
            .ToList();
        var payloads = await Task.WhenAll(opens);

        var winners = payloads.Where(Succeeded).ToList();
        winners.Count.ShouldBe(1, string.Join("\n", payloads.Select(p => p.ToString())));
        payloads.Where(p => !Succeeded(p)).Select(Code).ShouldAllBe(c => c == "ALREADY_OPEN");
        var winner = winners[0].GetProperty("pointOfSaleDevicePaymentSession");
        var float_ = Decimal(winner, "cashCountedAtOpen");
        Decimal(winner, "expectedCashAtOpen").ShouldBe(float_);

        var device = LedgerFile.Number(shop.DeviceId);
        (await LedgerFile.CountAsync(server, "SELECT COUNT(*) FROM payment_sessions WHERE device_id = @d", ("@d", device))).ShouldBe(1);
        (await LedgerFile.CountAsync(server, "SELECT COUNT(*) FROM cash_activities WHERE type = 'OPENING' AND drawer_id = @d", ("@d", LedgerFile.Number(shop.DrawerId)))).ShouldBe(1);
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(float_);
    }

    [Fact]
    public async Task Open_ConcurrentOpensOnDevicesSharingADrawer_EachDeviceGetsOneSession()
    {
        var shop = await server.CreateShopAsync();
        var escaped = Uri.EscapeDataString(shop.ShopId);
        var second = (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{escaped}/devices", new { locationId = shop.LocationId, name = "Register 2" })).GetProperty("id").GetString()!;
        await shop.AssignAsync(second, shop.DrawerId);

        var opens = Enumerable.Range(0, 10)
            .Select(i => shop.OpenPayloadAsync("100.00", deviceId: i % 2 == 0 ? shop.DeviceId : second))
            .ToList();
        var payloads = await Task.WhenAll(opens);

        payloads.Count(Succeeded).ShouldBe(2, string.Join("\n", payloads.Select(p => p.ToString())));
        payloads.Where(p => !Succeeded(p)).Select(Code).ShouldAllBe(c => c == "ALREADY_OPEN");
        payloads.Where(Succeeded).Select(p => p.GetProperty("pointOfSaleDevicePaymentSession").GetProperty("pointOfSaleDevice").GetProperty("id").GetString())
            .OrderBy(d => d, StringComparer.Ordinal).ShouldBe(new[] { shop.DeviceId, second }.OrderBy(d => d, StringComparer.Ordinal));
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(100m);
    }

    [Fact]
    public async Task Ledger_ConcurrentMixOfWritesOnSharedDrawer_KeepsBookBalanceEqualToActivitySum()
    {
        var shop = await server.CreateShopAsync();
        var escaped = Uri.EscapeDataString(shop.ShopId);
        var second = (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{escaped}/devices", new { locationId = shop.LocationId, name = "Register 2" })).GetProperty("id").GetString()!;
        await shop.AssignAsync(second, shop.DrawerId);
        var first = await shop.OpenAsync("100.00");
        var other = await shop.OpenAsync("100.00", second);

        var work = new List<Task>();
        for (var i = 0; i < 10; i++)
        {
            work.Add(shop.AdjustPayloadAsync(i % 2 == 0 ? first : other, "2.50"));
            work.Add(shop.RecordTransactionAsync("SALE", "3.00", deviceId: i % 2 == 0 ? shop.DeviceId : second));
            work.Add(shop.RecordTransactionAsync("REFUND", "1.25", deviceId: i % 2 == 0 ? second : shop.DeviceId));
        }

        await Task.WhenAll(work);
        foreach (var task in work.OfType<Task<HttpResponseMessage>>())
        {
            using var response = await task;
            response.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        // 100 + 10 × (2.50 + 3.00 − 1.25) = 142.50
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(142.5m);
        var closeFirst = await shop.ClosePayloadAsync(first, "140.00");
        Decimal(closeFirst.GetProperty("pointOfSaleDevicePaymentSession"), "expectedCashAtClose").ShouldBe(142.5m);
        var closeOther = await shop.ClosePayloadAsync(other, "140.00");
        Decimal(closeOther.GetProperty("pointOfSaleDevicePaymentSession"), "expectedCashAtClose").ShouldBe(140m);
        Decimal(closeOther.GetProperty("pointOfSaleDevicePaymentSession"), "closingAdjustment").ShouldBe(0m);
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(140m);
    }
}
