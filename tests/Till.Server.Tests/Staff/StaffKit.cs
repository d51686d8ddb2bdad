using System.Net;
using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Staff;

/// <summary>Staff members with roles, tokens acting for them, and the till version's settings and approval calls.</summary>
internal static class StaffKit
{
    public const string TillVersion = "till";
    public static readonly string[] CashScopes = ["write_cash_tracking", "read_point_of_sale_devices"];

    /// <summary>Creates a staff member with a role through the control API and returns its ID.</summary>
    public static async Task<string> CreateStaffAsync(TestShop shop, string role)
    {
        var staff = await shop.Server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/staff", new { firstName = "Sam", lastName = role, email = "sam@example.com", role });
        staff.GetProperty("role").GetString().ShouldBe(role);
        return staff.GetProperty("id").GetString()!;
    }

    /// <summary>Issues a token acting for one staff member.</summary>
    public static async Task<string> CreateStaffTokenAsync(TestShop shop, string staffId)
    {
        var token = await shop.Server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/tokens", new { scopes = CashScopes, staffMemberId = staffId });
        token.GetProperty("staffMemberId").GetString().ShouldBe(staffId);
        return token.GetProperty("token").GetString()!;
    }

    /// <summary>Changes a location's cash settings with the shop's token and returns the payload.</summary>
    public static async Task<JsonElement> UpdateSettingsAsync(TestShop shop, object settings, string? locationId = null, string? token = null)
    {
        var result = await shop.Server.GraphQLAsync(
            token ?? shop.Token,
            "mutation($l: ID!, $s: TillLocationCashSettingsInput!) { tillLocationCashSettingsUpdate(locationId: $l, settings: $s) { location { id tillCashSettings { blindCounts revealAfterClose varianceThresholdAmount { amount currencyCode } varianceThresholdPercentage } } userErrors { field message code } } }",
            new { l = locationId ?? shop.LocationId, s = settings },
            TillVersion);
        return TestShop.Payload(result, "tillLocationCashSettingsUpdate");
    }

    /// <summary>Sets the settings, failing the test on a user error.</summary>
    public static async Task SetSettingsAsync(TestShop shop, object settings)
    {
        var payload = await UpdateSettingsAsync(shop, settings);
        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
    }

    /// <summary>Runs <c>tillPaymentSessionApprove</c> and returns the whole response.</summary>
    public static Task<JsonElement> ApproveResultAsync(TestShop shop, string sessionId, string staffId, string? reasonCodeId = null, string? note = null, string? token = null, string? idempotencyKey = null) =>
        shop.Server.GraphQLAsync(
            token ?? shop.Token,
            "mutation($id: ID!, $s: ID!, $r: ID, $n: String) { tillPaymentSessionApprove(pointOfSaleDevicePaymentSessionId: $id, staffMemberId: $s, reasonCodeId: $r, note: $n)"
                + (idempotencyKey is null ? string.Empty : $" @idempotent(key: \"{idempotencyKey}\")")
                + " { pointOfSaleDevicePaymentSession { id tillReview { status approvedBy { id } reasonCode { ... on CashManagementDefaultReasonCode { id } ... on CashManagementCustomReasonCode { id } } note time } } userErrors { field message code } } }",
            new { id = sessionId, s = staffId, r = reasonCodeId, n = note },
            TillVersion);

    public static async Task<JsonElement> ApproveAsync(TestShop shop, string sessionId, string staffId, string? reasonCodeId = null, string? note = null, string? token = null) =>
        TestShop.Payload(await ApproveResultAsync(shop, sessionId, staffId, reasonCodeId, note, token), "tillPaymentSessionApprove");

    /// <summary>The session's review, read with the shop's token in the till version.</summary>
    public static async Task<JsonElement> ReviewAsync(TestShop shop, string sessionId)
    {
        var result = await shop.Server.GraphQLAsync(shop.Token, "query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { tillReview { status approvedBy { id } note time } } }", new { id = sessionId }, TillVersion);
        result.TryGetProperty("errors", out _).ShouldBeFalse(result.ToString());
        return result.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSession").GetProperty("tillReview");
    }

    /// <summary>Asserts the response has an ACCESS_DENIED error at <paramref name="field"/> whose message contains <paramref name="reason"/>.</summary>
    public static void ShouldBeDenied(this JsonElement result, string field, string reason)
    {
        result.TryGetProperty("errors", out var errors).ShouldBeTrue(result.ToString());
        var denied = errors.EnumerateArray().Where(e => e.GetProperty("extensions").GetProperty("code").GetString() == "ACCESS_DENIED").ToList();
        denied.ShouldNotBeEmpty(result.ToString());
        denied.ShouldContain(e => e.GetProperty("message").GetString()!.StartsWith($"Access denied for {field} field.", StringComparison.Ordinal)
            && e.GetProperty("message").GetString()!.Contains(reason, StringComparison.Ordinal), result.ToString());
    }

    public static void ShouldHaveNoErrors(this JsonElement result) =>
        result.TryGetProperty("errors", out _).ShouldBeFalse(result.ToString());

    public static async Task<HttpStatusCode> ControlStatusAsync(TestShop shop, HttpMethod method, string path, object body)
    {
        using var response = await shop.Server.ControlAsync(method, $"/shops/{Uri.EscapeDataString(shop.ShopId)}" + path, body);
        return response.StatusCode;
    }
}
