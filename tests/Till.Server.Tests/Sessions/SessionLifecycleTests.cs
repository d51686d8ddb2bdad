using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Sessions;

public sealed class SessionLifecycleTests : IAsyncLifetime
{
    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static string Amount(JsonElement session, string field) => session.GetProperty(field).GetProperty("amount").GetString()!;

    [Fact]
    public async Task OpenSalesAdjustCountClose_ComputesExpectedCashDiscrepancyAndTotals()
    {
        var shop = await server.CreateShopAsync();

        var open = await shop.OpenPayloadAsync("100.00", time: null, note: "morning float");
        open.GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        var opened = open.GetProperty("pointOfSaleDevicePaymentSession");
        opened.GetProperty("status").GetString().ShouldBe("OPEN");
        opened.GetProperty("currency").GetString().ShouldBe("USD");
        Amount(opened, "cashCountedAtOpen").ShouldBe("100.0");
        Amount(opened, "expectedCashAtOpen").ShouldBe("100.0");
        opened.GetProperty("openingNote").GetString().ShouldBe("morning float");
        opened.GetProperty("closingTime").ValueKind.ShouldBe(JsonValueKind.Null);
        opened.GetProperty("closingAdjustment").ValueKind.ShouldBe(JsonValueKind.Null);
        opened.GetProperty("openingStaffMember").GetProperty("id").GetString().ShouldBe(shop.StaffId);
        opened.GetProperty("pointOfSaleDevice").GetProperty("id").GetString().ShouldBe(shop.DeviceId);
        opened.GetProperty("cashDrawer").GetProperty("id").GetString().ShouldBe(shop.DrawerId);
        opened.GetProperty("location").GetProperty("id").GetString().ShouldBe(shop.LocationId);
        opened.GetProperty("totalsReady").GetBoolean().ShouldBeTrue();
        var sessionId = opened.GetProperty("id").GetString()!;
        sessionId.ShouldStartWith("gid://shopify/PointOfSaleDevicePaymentSession/");

        (await shop.RecordTransactionAsync("SALE", "50.00")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        (await shop.RecordTransactionAsync("CHANGE", "5.25")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        (await shop.RecordTransactionAsync("REFUND", "10.00")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        (await shop.RecordTransactionAsync("SALE", "30.00", gateway: "shopify_payments")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);

        var adjusted = await shop.AdjustPayloadAsync(sessionId, "-20.00", note: "bank run");
        adjusted.GetProperty("userErrors").GetArrayLength().ShouldBe(0);

        // Book balance now 100 + 50 - 5.25 - 10 - 20 = 114.75; the count finds 114.00.
        var counted = await shop.CountPayloadAsync(sessionId, "114.00");
        counted.GetProperty("userErrors").GetArrayLength().ShouldBe(0);

        // After the count the book balance is 114.00; the close finds 113.50.
        var close = await shop.ClosePayloadAsync(sessionId, "113.50", note: "end of day");
        close.GetProperty("userErrors").GetArrayLength().ShouldBe(0, close.ToString());
        var closed = close.GetProperty("pointOfSaleDevicePaymentSession");
        closed.GetProperty("status").GetString().ShouldBe("CLOSED");
        Amount(closed, "expectedCashAtClose").ShouldBe("114.0");
        Amount(closed, "cashCountedAtClose").ShouldBe("113.5");
        Amount(closed, "closingBalance").ShouldBe("113.5");
        Amount(closed, "closingAdjustment").ShouldBe("-0.5");
        closed.GetProperty("closingNote").GetString().ShouldBe("end of day");
        closed.GetProperty("closingStaffMember").GetProperty("id").GetString().ShouldBe(shop.StaffId);
        closed.GetProperty("closingTime").GetString().ShouldNotBeNull();
        Amount(closed, "totalCashSales").ShouldBe("44.75");
        Amount(closed, "totalCashRefunds").ShouldBe("10.0");
        Amount(closed, "netCashSales").ShouldBe("34.75");
        Amount(closed, "totalSales").ShouldBe("74.75");
        Amount(closed, "totalRefunds").ShouldBe("10.0");
        Amount(closed, "netSales").ShouldBe("64.75");
        Amount(closed, "totalAdjustments").ShouldBe("-20.0");
        Amount(closed, "totalDiscrepancy").ShouldBe("-1.25");

        var read = await shop.SessionAsync(sessionId);
        read.GetProperty("status").GetString().ShouldBe("CLOSED");
        Amount(read, "closingAdjustment").ShouldBe("-0.5");

        var activities = await shop.GraphQLAsync("""
            query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { cashActivities(first: 20) { nodes {
              __typename cash { amount currencyCode } staffMember { id } paymentSession { id }
              ... on CashCountActivity { countType: type cashCounted { amount } cashExpected { amount } cashDiscrepancy { amount } }
              ... on CashAdjustmentActivity { adjustmentType: type note }
              ... on CashTransactionActivity { transactionType: type orderTransaction { kind gateway amountV2 { amount } } }
            } } } }
            """, new { id = sessionId });
        var nodes = activities.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSession").GetProperty("cashActivities").GetProperty("nodes").EnumerateArray().ToList();
        nodes.Select(n => n.GetProperty("__typename").GetString()).ShouldBe([
            "CashCountActivity", "CashTransactionActivity", "CashTransactionActivity", "CashTransactionActivity",
            "CashAdjustmentActivity", "CashCountActivity", "CashCountActivity", "CashAdjustmentActivity"]);
        nodes.Select(n => Amount(n, "cash")).ShouldBe(["100.0", "50.0", "-5.25", "-10.0", "-20.0", "-0.75", "0.0", "-0.5"]);
        nodes[^1].GetProperty("adjustmentType").GetString().ShouldBe("CLOSING_ADJUSTMENT");
        nodes[^2].GetProperty("countType").GetString().ShouldBe("CLOSING");
        Amount(nodes[^2], "cashDiscrepancy").ShouldBe("-0.5");
        nodes[5].GetProperty("countType").GetString().ShouldBe("MID_SESSION");
        nodes.All(n => n.GetProperty("paymentSession").GetProperty("id").GetString() == sessionId).ShouldBeTrue();
    }
}
