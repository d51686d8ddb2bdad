using System.Globalization;
using System.Net;
using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Sessions;

/// <summary>What a test compares before and after a refused mutation to show that nothing changed.</summary>
internal sealed record LedgerState(string? ActiveSessionId, string DrawerBalance, long ActivityRows, long SessionRows, string? Session);

/// <summary>Shared helpers of the session tests: error assertions, state snapshots and provisioning extras.</summary>
internal static class SessionProbe
{
    public const string SessionObject = "pointOfSaleDevicePaymentSession";
    public const string UnknownDevice = "gid://shopify/PointOfSaleDevice/99999999";
    public const string UnknownStaff = "gid://shopify/StaffMember/99999999";
    public const string UnknownReasonCode = "gid://shopify/CashManagementCustomReasonCode/99999";
    public const string UnknownSession = "gid://shopify/PointOfSaleDevicePaymentSession/99999999";
    public const string PastOpeningTime = "2026-01-01T10:00:00Z";
    public const string BeforePastOpeningTime = "2026-01-01T09:59:59Z";

    public static readonly string[] BalanceAmount = ["balance", "amount"];
    public static readonly string[] BalanceCurrency = ["balance", "currencyCode"];
    public static readonly string[] CashAmount = ["cash", "amount"];
    public static readonly string[] CashCurrency = ["cash", "currencyCode"];
    public static readonly string[] Time = ["time"];
    public static readonly string[] DeviceField = ["pointOfSaleDeviceId"];
    public static readonly string[] StaffField = ["staffMemberId"];
    public static readonly string[] ReasonField = ["reasonCodeId"];
    public static readonly string[] SessionField = ["pointOfSaleDevicePaymentSessionId"];

    private static readonly string[] CodeAliases = ["systemCode", "defaultCode", "customCode"];

    /// <summary>Asserts the payload carries exactly one user error with that field and code, and no session.</summary>
    public static JsonElement ShouldFailWith(this JsonElement payload, string[]? field, string? code)
    {
        var errors = payload.GetProperty("userErrors");
        errors.GetArrayLength().ShouldBe(1, payload.ToString());
        var error = errors[0];
        FieldOf(error).ShouldBe(field, payload.ToString());
        if (error.TryGetProperty("code", out var codeElement))
        {
            (codeElement.ValueKind == JsonValueKind.Null ? null : codeElement.GetString()).ShouldBe(code, payload.ToString());
        }

        error.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        payload.GetProperty(SessionObject).ValueKind.ShouldBe(JsonValueKind.Null, payload.ToString());
        return error;
    }

    /// <summary>Asserts the payload carries exactly one code-less user error (adjust) whose message mentions <paramref name="meaning"/>.</summary>
    public static void ShouldFailWithMessage(this JsonElement payload, string[] field, string meaning)
    {
        var error = payload.ShouldFailWith(field, null);
        error.TryGetProperty("code", out _).ShouldBeFalse();
        error.GetProperty("message").GetString()!.ShouldContain(meaning, Case.Insensitive, payload.ToString());
    }

    /// <summary>Asserts the payload has no user errors and returns its session.</summary>
    public static JsonElement ShouldSucceed(this JsonElement payload)
    {
        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        return payload.GetProperty(SessionObject);
    }

    public static string Amount(JsonElement element, string field) => element.GetProperty(field).GetProperty("amount").GetString()!;

    public static string FutureTime(TimeSpan ahead) =>
        DateTimeOffset.UtcNow.Add(ahead).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The device's state, its drawer's book balance, the ledger's row counts and (optionally) a session with every field.</summary>
    public static async Task<LedgerState> StateAsync(TestShop shop, string? sessionId = null, string? deviceId = null, string? drawerId = null)
    {
        var device = await shop.GraphQLAsync(
            "query($id: ID!) { pointOfSaleDevice(id: $id) { activePaymentSession { id } } }", new { id = deviceId ?? shop.DeviceId });
        var active = device.GetProperty("data").GetProperty("pointOfSaleDevice").GetProperty("activePaymentSession");
        var session = sessionId is null ? null : (await shop.SessionAsync(sessionId)).GetRawText();
        return new LedgerState(
            active.ValueKind == JsonValueKind.Null ? null : active.GetProperty("id").GetString(),
            await DrawerBalanceAsync(shop, drawerId),
            await CountRowsAsync(shop.Server, "cash_activities"),
            await CountRowsAsync(shop.Server, "payment_sessions"),
            session);
    }

    /// <summary>The drawer's book balance (2026-07 exposes it).</summary>
    public static async Task<string> DrawerBalanceAsync(TestShop shop, string? drawerId = null)
    {
        var result = await shop.GraphQLAsync("query($id: ID!) { cashDrawer(id: $id) { balance { amount } } }", new { id = drawerId ?? shop.DrawerId }, "2026-07");
        return result.GetProperty("data").GetProperty("cashDrawer").GetProperty("balance").GetProperty("amount").GetString()!;
    }

    /// <summary>Counts the rows of a table of the server's database, read beside the server.</summary>
    public static async Task<long> CountRowsAsync(TillServer server, string table)
    {
        var sql = table switch
        {
            "cash_activities" => "SELECT COUNT(*) FROM cash_activities",
            "payment_sessions" => "SELECT COUNT(*) FROM payment_sessions",
            _ => throw new ArgumentOutOfRangeException(nameof(table)),
        };
        return (long)(await server.Database.ScalarAsync(sql))!;
    }

    /// <summary>The session's activities, oldest first, with their type and cash.</summary>
    public static async Task<List<JsonElement>> ActivitiesAsync(TestShop shop, string sessionId)
    {
        var result = await shop.GraphQLAsync("""
            query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { cashActivities(first: 50) { nodes {
              __typename cash { amount currencyCode }
              ... on CashCountActivity { countType: type cashCounted { amount } cashExpected { amount } cashDiscrepancy { amount } }
              ... on CashAdjustmentActivity { adjustmentType: type note reasonCode { ... on CashManagementDefaultReasonCode { id defaultCode: code } ... on CashManagementSystemReasonCode { id systemCode: code } ... on CashManagementCustomReasonCode { id } } }
              ... on CashTransactionActivity { transactionType: type }
            } } } }
            """, new { id = sessionId });
        result.TryGetProperty("errors", out _).ShouldBeFalse(result.ToString());
        return [.. result.GetProperty("data").GetProperty(SessionObject).GetProperty("cashActivities").GetProperty("nodes").EnumerateArray()];
    }

    /// <summary>The reason code on the session's opening count (2026-07 exposes it), or null.</summary>
    public static async Task<(string Id, string Code)?> OpeningReasonCodeAsync(TestShop shop, string sessionId)
    {
        var result = await shop.GraphQLAsync("""
            query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { cashActivities(first: 1) { nodes {
              ... on CashCountActivity { type reasonCode { __typename
                ... on CashManagementSystemReasonCode { id systemCode: code } ... on CashManagementDefaultReasonCode { id defaultCode: code } ... on CashManagementCustomReasonCode { id customCode: code } } }
            } } } }
            """, new { id = sessionId }, "2026-07");
        result.TryGetProperty("errors", out _).ShouldBeFalse(result.ToString());
        var opening = result.GetProperty("data").GetProperty(SessionObject).GetProperty("cashActivities").GetProperty("nodes")[0];
        opening.GetProperty("type").GetString().ShouldBe("OPENING");
        var code = opening.GetProperty("reasonCode");
        if (code.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var name = CodeAliases.Select(n => code.TryGetProperty(n, out var value) ? value.GetString() : null).First(n => n is not null);
        return (code.GetProperty("id").GetString()!, name!);
    }

    /// <summary>The shop's system FLOAT_SETUP code, read from the opening count of the first session of a drawer.</summary>
    public static async Task<string> FloatSetupCodeIdAsync(TestShop shop, string firstSessionId)
    {
        var code = await OpeningReasonCodeAsync(shop, firstSessionId);
        code.ShouldNotBeNull();
        code.Value.Code.ShouldBe("FLOAT_SETUP");
        code.Value.Id.ShouldStartWith("gid://shopify/CashManagementSystemReasonCode/");
        return code.Value.Id;
    }

    /// <summary>The default CASH_PAYOUT code: created just before the system FLOAT_SETUP code.</summary>
    public static string DefaultCashPayoutId(string floatSetupId) =>
        "gid://shopify/CashManagementDefaultReasonCode/" + (NumberOf(floatSetupId) - 1).ToString(CultureInfo.InvariantCulture);

    public static long NumberOf(string gid) => long.Parse(gid[(gid.LastIndexOf('/') + 1)..], CultureInfo.InvariantCulture);

    /// <summary>Creates another staff member of the shop, optionally deactivated through the control API.</summary>
    public static async Task<string> CreateStaffAsync(TestShop shop, bool active = true)
    {
        var staff = await shop.Server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/staff", new { firstName = "Grace", lastName = "Hopper", email = $"grace-{Guid.NewGuid():N}@example.com" });
        var id = staff.GetProperty("id").GetString()!;
        if (!active)
        {
            await DeactivateStaffAsync(shop, id);
        }

        return id;
    }

    public static async Task DeactivateStaffAsync(TestShop shop, string staffId)
    {
        var result = await shop.Server.ControlJsonAsync(
            HttpMethod.Patch, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/staff/{Uri.EscapeDataString(staffId)}", new { active = false }, expectedStatus: (int)HttpStatusCode.OK);
        result.GetProperty("active").GetBoolean().ShouldBeFalse();
    }

    /// <summary>Creates a device at the shop's location through the control API, never assigned to a drawer.</summary>
    public static async Task<string> CreateUnassignedDeviceAsync(TestShop shop)
    {
        var device = await shop.Server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/devices", new { locationId = shop.LocationId, name = "Register without drawer" });
        return device.GetProperty("id").GetString()!;
    }

    public static string[]? FieldOf(JsonElement error)
    {
        var field = error.GetProperty("field");
        return field.ValueKind == JsonValueKind.Null ? null : [.. field.EnumerateArray().Select(f => f.GetString()!)];
    }
}
