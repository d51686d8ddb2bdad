using System.Text.Json;

namespace Till.Server.Tests.Support;

/// <summary>One provisioned shop and shortcuts for the mutations tests use most.</summary>
public sealed class TestShop(TillServer server, string shopId, string locationId, string staffId, string deviceId, string token, string currency)
{
    public const string SessionFields = """
        id status currency openingTime closingTime openingNote closingNote totalsReady
        cashCountedAtOpen { amount currencyCode } expectedCashAtOpen { amount currencyCode }
        cashCountedAtClose { amount currencyCode } closingBalance { amount currencyCode } expectedCashAtClose { amount currencyCode } closingAdjustment { amount currencyCode }
        totalCashSales { amount } totalCashRefunds { amount } netCashSales { amount } totalSales { amount } totalRefunds { amount } netSales { amount }
        totalAdjustments { amount } totalDiscrepancy { amount }
        openingStaffMember { id } closingStaffMember { id } cashDrawer { id name } location { id name } pointOfSaleDevice { id }
        """;

    public TillServer Server { get; } = server;
    public string ShopId { get; } = shopId;
    public string LocationId { get; } = locationId;
    public string StaffId { get; } = staffId;
    public string DeviceId { get; } = deviceId;
    public string Token { get; } = token;
    public string Currency { get; } = currency;
    public string DrawerId { get; set; } = string.Empty;

    public Task<JsonElement> GraphQLAsync(string query, object? variables = null, string version = "2026-04") =>
        Server.GraphQLAsync(Token, query, variables, version);

    public async Task<string> CreateDrawerAsync(string name, string? locationId = null)
    {
        var result = await GraphQLAsync(
            "mutation($l: ID!, $n: String!) { cashDrawerCreate(locationId: $l, name: $n) { cashDrawer { id } userErrors { field message code } } }",
            new { l = locationId ?? LocationId, n = name });
        var payload = result.GetProperty("data").GetProperty("cashDrawerCreate");
        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, result.ToString());
        return payload.GetProperty("cashDrawer").GetProperty("id").GetString()!;
    }

    public async Task AssignAsync(string deviceId, string drawerId)
    {
        var result = await GraphQLAsync(
            "mutation($d: ID!, $p: ID!) { pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: $d, pointOfSaleDeviceId: $p) { pointOfSaleDevice { id } userErrors { code } } }",
            new { d = drawerId, p = deviceId });
        result.GetProperty("data").GetProperty("pointOfSaleDeviceAssignToCashDrawer").GetProperty("userErrors").GetArrayLength().ShouldBe(0, result.ToString());
    }

    /// <summary>Runs the open mutation and returns its payload.</summary>
    public async Task<JsonElement> OpenPayloadAsync(string? balance = "100.00", string? deviceId = null, string? staffId = null, string? currencyCode = null, string? time = null, string? reasonCodeId = null, string? note = null)
    {
        var result = await GraphQLAsync(
            "mutation($d: ID!, $b: MoneyInput, $s: ID!, $t: DateTime, $r: ID, $n: String) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, balance: $b, staffMemberId: $s, time: $t, reasonCodeId: $r, note: $n) { pointOfSaleDevicePaymentSession { " + SessionFields + " } userErrors { field message code } } }",
            new { d = deviceId ?? DeviceId, b = balance is null ? null : new { amount = balance, currencyCode = currencyCode ?? Currency }, s = staffId ?? StaffId, t = time, r = reasonCodeId, n = note });
        return Payload(result, "pointOfSaleDevicePaymentSessionOpen");
    }

    /// <summary>Opens a session and returns its ID, failing the test if it could not.</summary>
    public async Task<string> OpenAsync(string balance = "100.00", string? deviceId = null)
    {
        var payload = await OpenPayloadAsync(balance, deviceId);
        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        return payload.GetProperty("pointOfSaleDevicePaymentSession").GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> ClosePayloadAsync(string sessionId, string balance, string? staffId = null, string? currencyCode = null, string? time = null, string? reasonCodeId = null, string? note = null) =>
        Payload(await GraphQLAsync(
            "mutation($id: ID!, $b: MoneyInput!, $s: ID!, $t: DateTime, $r: ID, $n: String) { pointOfSaleDevicePaymentSessionClose(pointOfSaleDevicePaymentSessionId: $id, balance: $b, staffMemberId: $s, time: $t, reasonCodeId: $r, note: $n) { pointOfSaleDevicePaymentSession { " + SessionFields + " } userErrors { field message code } } }",
            new { id = sessionId, b = new { amount = balance, currencyCode = currencyCode ?? Currency }, s = staffId ?? StaffId, t = time, r = reasonCodeId, n = note }), "pointOfSaleDevicePaymentSessionClose");

    public async Task<JsonElement> CountPayloadAsync(string sessionId, string balance, string? staffId = null, string? currencyCode = null, string? time = null, string? reasonCodeId = null, string? note = null) =>
        Payload(await GraphQLAsync(
            "mutation($id: ID!, $b: MoneyInput!, $s: ID!, $t: DateTime, $r: ID, $n: String) { pointOfSaleDevicePaymentSessionCount(pointOfSaleDevicePaymentSessionId: $id, balance: $b, staffMemberId: $s, time: $t, reasonCodeId: $r, note: $n) { pointOfSaleDevicePaymentSession { " + SessionFields + " } userErrors { field message code } } }",
            new { id = sessionId, b = new { amount = balance, currencyCode = currencyCode ?? Currency }, s = staffId ?? StaffId, t = time, r = reasonCodeId, n = note }), "pointOfSaleDevicePaymentSessionCount");

    public async Task<JsonElement> AdjustPayloadAsync(string sessionId, string cash, string? staffId = null, string? currencyCode = null, string? time = null, string? reasonCodeId = null, string? note = null) =>
        Payload(await GraphQLAsync(
            "mutation($id: ID!, $c: MoneyInput!, $s: ID!, $t: DateTime, $r: ID, $n: String) { pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: $id, cash: $c, staffMemberId: $s, time: $t, reasonCodeId: $r, note: $n) { pointOfSaleDevicePaymentSession { " + SessionFields + " } userErrors { field message } } }",
            new { id = sessionId, c = new { amount = cash, currencyCode = currencyCode ?? Currency }, s = staffId ?? StaffId, t = time, r = reasonCodeId, n = note }), "pointOfSaleDevicePaymentSessionAdjust");

    /// <summary>Records an order transaction through the control API.</summary>
    public async Task<HttpResponseMessage> RecordTransactionAsync(string kind, string amount, string gateway = "cash", string? deviceId = null, string? processedAt = null) =>
        await Server.ControlAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(ShopId)}/transactions", new
        {
            deviceId = deviceId ?? DeviceId,
            kind,
            gateway,
            amount = new { amount, currencyCode = Currency },
            staffMemberId = StaffId,
            processedAt,
        });

    /// <summary>Reads a session by ID with every field.</summary>
    public async Task<JsonElement> SessionAsync(string sessionId)
    {
        var result = await GraphQLAsync("query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { " + SessionFields + " } }", new { id = sessionId });
        return result.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSession");
    }

    /// <summary>The mutation's payload, failing the test on top-level errors.</summary>
    public static JsonElement Payload(JsonElement result, string mutation)
    {
        result.TryGetProperty("errors", out _).ShouldBeFalse(result.ToString());
        return result.GetProperty("data").GetProperty(mutation);
    }
}
