using System.Net;
using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Queries;

/// <summary>Shortcuts the query, reason-code and pagination tests share: reading answers and provisioning extras.</summary>
internal static class QueryKit
{
    private static readonly string[] CashScopes = ["write_cash_tracking", "read_point_of_sale_devices"];

    /// <summary>The <c>data</c> of an answer, failing the test on any top-level error.</summary>
    public static JsonElement Data(JsonElement result)
    {
        result.TryGetProperty("errors", out _).ShouldBeFalse(result.ToString());
        return result.GetProperty("data");
    }

    /// <summary>The <c>amount</c> of a MoneyV2 field.</summary>
    public static string Amount(JsonElement parent, string field) => parent.GetProperty(field).GetProperty("amount").GetString()!;

    /// <summary>The <c>extensions.code</c> of the first top-level error, failing the test when there is none.</summary>
    public static string ErrorCode(JsonElement result)
    {
        result.TryGetProperty("errors", out var errors).ShouldBeTrue(result.ToString());
        errors.GetArrayLength().ShouldBeGreaterThan(0, result.ToString());
        return errors[0].GetProperty("extensions").GetProperty("code").GetString()!;
    }

    /// <summary>The message of the first top-level error.</summary>
    public static string ErrorMessage(JsonElement result) => result.GetProperty("errors")[0].GetProperty("message").GetString()!;

    public static bool IsNull(JsonElement element) => element.ValueKind == JsonValueKind.Null;

    public static List<string> Ids(JsonElement connection) =>
        [.. connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("id").GetString()!)];

    public static long Number(string gid) => long.Parse(gid[(gid.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    private static string ShopPath(TestShop shop) => "/shops/" + Uri.EscapeDataString(shop.ShopId);

    public static async Task<string> CreateLocationAsync(TestShop shop, string name, string? currency = null)
    {
        object body = currency is null ? new { name } : new { name, currency };
        return (await shop.Server.ControlJsonAsync(HttpMethod.Post, ShopPath(shop) + "/locations", body)).GetProperty("id").GetString()!;
    }

    public static async Task<string> CreateDeviceAsync(TestShop shop, string locationId, string name) =>
        (await shop.Server.ControlJsonAsync(HttpMethod.Post, ShopPath(shop) + "/devices", new { locationId, name })).GetProperty("id").GetString()!;

    public static async Task<string> CreateStaffAsync(TestShop shop, string firstName) =>
        (await shop.Server.ControlJsonAsync(HttpMethod.Post, ShopPath(shop) + "/staff", new { firstName, lastName = "Tester", email = firstName.ToLowerInvariant() + "@example.com" })).GetProperty("id").GetString()!;

    /// <summary>A fresh token for the shop (each token has its own cost bucket).</summary>
    public static async Task<string> CreateTokenAsync(TestShop shop) =>
        (await shop.Server.ControlJsonAsync(HttpMethod.Post, ShopPath(shop) + "/tokens", new { scopes = CashScopes })).GetProperty("token").GetString()!;

    /// <summary>Records an order transaction through the control API and returns its ID.</summary>
    public static async Task<string> RecordAsync(TestShop shop, string kind, string amount, string? processedAt = null, string gateway = "cash", string? deviceId = null)
    {
        using var response = await shop.RecordTransactionAsync(kind, amount, gateway, deviceId, processedAt);
        var body = await TillServer.ReadJsonAsync(response);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>Opens a session with explicit arguments and returns its ID, failing the test if it could not.</summary>
    public static async Task<string> OpenAtAsync(TestShop shop, string balance, string time, string? deviceId = null, string? note = null)
    {
        var payload = await shop.OpenPayloadAsync(balance, deviceId, time: time, note: note);
        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        return payload.GetProperty("pointOfSaleDevicePaymentSession").GetProperty("id").GetString()!;
    }

    public static async Task AdjustAtAsync(TestShop shop, string sessionId, string cash, string time, string? reasonCodeId = null, string? note = null, string? staffId = null)
    {
        var payload = await shop.AdjustPayloadAsync(sessionId, cash, staffId: staffId, time: time, reasonCodeId: reasonCodeId, note: note);
        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
    }

    public static async Task CountAtAsync(TestShop shop, string sessionId, string balance, string time)
    {
        var payload = await shop.CountPayloadAsync(sessionId, balance, time: time);
        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
    }

    public static async Task<JsonElement> CloseAtAsync(TestShop shop, string sessionId, string balance, string time, string? note = null)
    {
        var payload = await shop.ClosePayloadAsync(sessionId, balance, time: time, note: note);
        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        return payload.GetProperty("pointOfSaleDevicePaymentSession");
    }

    public static async Task<string> CreateReasonCodeAsync(TestShop shop, string code)
    {
        var result = await shop.GraphQLAsync("mutation($c: String!) { cashManagementReasonCodeCreate(code: $c) { reasonCode { id } userErrors { code } } }", new { c = code });
        var payload = TestShop.Payload(result, "cashManagementReasonCodeCreate");
        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, result.ToString());
        return payload.GetProperty("reasonCode").GetProperty("id").GetString()!;
    }

    /// <summary>Every reason code of the shop as (type name, code, id), in list order.</summary>
    public static async Task<List<(string Type, string Code, string Id)>> ReasonCodesAsync(TestShop shop)
    {
        var result = await shop.GraphQLAsync("""
            { cashManagementReasonCodes(first: 250) { nodes {
              __typename
              ... on CashManagementCustomReasonCode { id customCode: code }
              ... on CashManagementDefaultReasonCode { id defaultCode: code }
              ... on CashManagementSystemReasonCode { id systemCode: code }
            } } }
            """);
        return [.. Data(result).GetProperty("cashManagementReasonCodes").GetProperty("nodes").EnumerateArray().Select(n =>
        {
            var type = n.GetProperty("__typename").GetString()!;
            var field = type switch
            {
                "CashManagementCustomReasonCode" => "customCode",
                "CashManagementDefaultReasonCode" => "defaultCode",
                _ => "systemCode",
            };
            return (type, n.GetProperty(field).GetString()!, n.GetProperty("id").GetString()!);
        })];
    }
}
