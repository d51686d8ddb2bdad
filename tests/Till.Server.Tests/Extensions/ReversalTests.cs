using System.Net;
using System.Text.Json;
using Till.Common;
using Till.Server.Tests.Sessions;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Extensions;

/// <summary>
/// <c>tillCashActivityReverse</c>: a reversal books the opposite of an adjustment or payout in its
/// open session, linked both ways, moves every figure, happens at most once, and each refusal
/// answers its own code and books nothing.
/// </summary>
public sealed class ReversalTests : IAsyncLifetime
{
    private static readonly string[] ActivityField = ["cashActivityId"];

    private TillServer server = null!;
    private FaultyStore store = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync(wrapStore: s => new FaultyStore(s));
        store = (FaultyStore)server.Store;
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private const string ActivityFields = "tillId cash { amount } ... on CashAdjustmentActivity { type note tillReverses { tillId } tillReversedBy { tillId type cash { amount } } }";

    internal static async Task<JsonElement> ReverseAsync(TestShop shop, string activityId, string? staffId = null, string? reasonCodeId = null, string? note = null, string? idempotencyKey = null)
    {
        var directive = idempotencyKey is null ? string.Empty : $" @idempotent(key: \"{idempotencyKey}\")";
        return TestShop.Payload(await shop.GraphQLAsync(
            $"mutation($a: ID!, $s: ID!, $r: ID, $n: String) {{ tillCashActivityReverse(cashActivityId: $a, staffMemberId: $s, reasonCodeId: $r, note: $n){directive} {{ reversal {{ {ActivityFields} }} userErrors {{ field message code }} }} }}",
            new { a = activityId, s = staffId ?? shop.StaffId, r = reasonCodeId, n = note }, "till"), "tillCashActivityReverse");
    }

    internal static async Task<List<JsonElement>> ActivitiesAsync(TestShop shop)
    {
        var result = await shop.GraphQLAsync(
            "query($id: ID!) { cashDrawer(id: $id) { cashActivities(first: 100, sortKey: ID) { nodes { __typename " + ActivityFields + " } } } }",
            new { id = shop.DrawerId }, "till");
        result.TryGetProperty("errors", out _).ShouldBeFalse(result.ToString());
        return [.. result.GetProperty("data").GetProperty("cashDrawer").GetProperty("cashActivities").GetProperty("nodes").EnumerateArray()];
    }

    private static async Task<string> LastActivityIdAsync(TestShop shop) => (await ActivitiesAsync(shop))[^1].GetProperty("tillId").GetString()!;

    private async Task<(TestShop Shop, string SessionId, string AdjustmentId)> AdjustedAsync(string cash = "-20.00", string? reasonCodeId = null)
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");
        (await shop.AdjustPayloadAsync(sessionId, cash, reasonCodeId: reasonCodeId, note: "bank run")).ShouldSucceed();
        return (shop, sessionId, await LastActivityIdAsync(shop));
    }

    [Fact]
    public async Task Reverse_Adjustment_BooksTheOppositeLinkedBothWays_AndEveryFigureNetsOut()
    {
        var (shop, sessionId, adjustmentId) = await AdjustedAsync("-20.00");
        adjustmentId.ShouldStartWith("gid://shopify/TillCashActivity/");

        var reversal = (await ReverseAsync(shop, adjustmentId, note: "wrong drawer")).ShouldBook();

        reversal.GetProperty("type").GetString().ShouldBe("ADJUSTMENT");
        reversal.GetProperty("cash").GetProperty("amount").GetString().ShouldBe("20.0");
        reversal.GetProperty("note").GetString().ShouldBe("wrong drawer");
        reversal.GetProperty("tillReverses").GetProperty("tillId").GetString().ShouldBe(adjustmentId);
        reversal.GetProperty("tillReversedBy").ValueKind.ShouldBe(JsonValueKind.Null);

        var activities = await ActivitiesAsync(shop);
        var original = activities.Single(a => a.GetProperty("tillId").GetString() == adjustmentId);
        original.GetProperty("tillReversedBy").GetProperty("tillId").GetString().ShouldBe(reversal.GetProperty("tillId").GetString());
        original.GetProperty("tillReverses").ValueKind.ShouldBe(JsonValueKind.Null);

        (await SessionProbe.DrawerBalanceAsync(shop)).ShouldBe("100.0");
        var session = await shop.SessionAsync(sessionId);
        SessionProbe.Amount(session, "totalAdjustments").ShouldBe("0.0");
        var totals = await shop.GraphQLAsync(
            "query($id: ID!) { cashDrawer(id: $id) { totalAdjustments(dateRange: { from: \"2000-01-01T00:00:00Z\", to: \"2100-01-01T00:00:00Z\" }) { amount } } }", new { id = shop.DrawerId });
        totals.GetProperty("data").GetProperty("cashDrawer").GetProperty("totalAdjustments").GetProperty("amount").GetString().ShouldBe("0.0");

        // Closing finds the expected cash with the reversal in it.
        var closed = (await shop.ClosePayloadAsync(sessionId, "100.00")).ShouldSucceed();
        SessionProbe.Amount(closed, "expectedCashAtClose").ShouldBe("100.0");
    }

    [Fact]
    public async Task Reverse_Payout_BooksAPositivePayout()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");
        var payout = SessionProbe.DefaultCashPayoutId(await SessionProbe.FloatSetupCodeIdAsync(shop, sessionId));
        (await shop.AdjustPayloadAsync(sessionId, "15.00", reasonCodeId: payout)).ShouldSucceed();
        var payoutId = await LastActivityIdAsync(shop);

        var reversal = (await ReverseAsync(shop, payoutId)).ShouldBook();

        reversal.GetProperty("type").GetString().ShouldBe("CASH_PAYOUT");
        reversal.GetProperty("cash").GetProperty("amount").GetString().ShouldBe("15.0");
        (await SessionProbe.DrawerBalanceAsync(shop)).ShouldBe("100.0");
    }

    [Fact]
    public async Task Reverse_Twice_AlreadyReversed_AndAReversalIsNotReversible()
    {
        var (shop, _, adjustmentId) = await AdjustedAsync();
        var reversalId = (await ReverseAsync(shop, adjustmentId)).ShouldBook().GetProperty("tillId").GetString()!;
        var before = await ActivitiesAsync(shop);

        (await ReverseAsync(shop, adjustmentId)).ShouldRefuse(ActivityField, "ALREADY_REVERSED");
        (await ReverseAsync(shop, reversalId)).ShouldRefuse(ActivityField, "REVERSAL_NOT_REVERSIBLE");

        (await ActivitiesAsync(shop)).Count.ShouldBe(before.Count);
        (await SessionProbe.DrawerBalanceAsync(shop)).ShouldBe("100.0");
    }

    [Fact]
    public async Task Reverse_UnknownOrOtherShopsActivity_ActivityNotFound()
    {
        var (shop, _, adjustmentId) = await AdjustedAsync();
        var other = await server.CreateShopAsync();

        (await ReverseAsync(shop, "gid://shopify/TillCashActivity/99999999")).ShouldRefuse(ActivityField, "ACTIVITY_NOT_FOUND");
        (await ReverseAsync(shop, adjustmentId.Replace("TillCashActivity", "CashDrawer", StringComparison.Ordinal))).ShouldRefuse(ActivityField, "ACTIVITY_NOT_FOUND");
        (await ReverseAsync(other, adjustmentId)).ShouldRefuse(ActivityField, "ACTIVITY_NOT_FOUND");
    }

    [Fact]
    public async Task Reverse_UnknownStaffOrReasonCode_StaffMemberNotFound_ReasonCodeNotFound()
    {
        var (shop, _, adjustmentId) = await AdjustedAsync();

        (await ReverseAsync(shop, adjustmentId, staffId: SessionProbe.UnknownStaff)).ShouldRefuse(SessionProbe.StaffField, "STAFF_MEMBER_NOT_FOUND");
        (await ReverseAsync(shop, adjustmentId, reasonCodeId: SessionProbe.UnknownReasonCode)).ShouldRefuse(SessionProbe.ReasonField, "REASON_CODE_NOT_FOUND");
        (await ReverseAsync(shop, adjustmentId, note: new string('n', Rules.MaxNoteLength + 1))).ShouldRefuse(["note"], "NOTE_TOO_LONG");
    }

    [Fact]
    public async Task Reverse_SaleCountOrClosingAdjustment_RefusedWithItsCode()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");
        var openingId = await LastActivityIdAsync(shop);
        (await shop.RecordTransactionAsync("SALE", "12.50")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var saleId = await LastActivityIdAsync(shop);

        (await ReverseAsync(shop, saleId)).ShouldRefuse(ActivityField, "TRANSACTION_NOT_REVERSIBLE");
        (await ReverseAsync(shop, openingId)).ShouldRefuse(ActivityField, "COUNT_NOT_REVERSIBLE");

        (await shop.ClosePayloadAsync(sessionId, "110.00")).ShouldSucceed();
        var closingAdjustmentId = await LastActivityIdAsync(shop);
        (await ReverseAsync(shop, closingAdjustmentId)).ShouldRefuse(ActivityField, "CLOSING_ADJUSTMENT_NOT_REVERSIBLE");
    }

    [Fact]
    public async Task Reverse_InAClosedSession_SessionAlreadyClosed()
    {
        var (shop, sessionId, adjustmentId) = await AdjustedAsync();
        (await shop.ClosePayloadAsync(sessionId, "80.00")).ShouldSucceed();

        (await ReverseAsync(shop, adjustmentId)).ShouldRefuse(ActivityField, "SESSION_ALREADY_CLOSED");
    }

    [Fact]
    public async Task Reverse_DrawerRowGone_NoCashDrawerAssociated()
    {
        var (shop, _, adjustmentId) = await AdjustedAsync();

        store.HideDrawers = true;
        var payload = await ReverseAsync(shop, adjustmentId);
        store.Heal();

        payload.ShouldRefuse(ActivityField, "NO_CASH_DRAWER_ASSOCIATED");
    }

    [Fact]
    public async Task Reverse_PastTheBalanceBound_OutOfRange()
    {
        var (shop, _, adjustmentId) = await AdjustedAsync("-20.00");
        await server.Database.ScalarAsync("UPDATE cash_drawers SET balance = @b", ("@b", LedgerBounds.MaxThousandths - 1000));

        (await ReverseAsync(shop, adjustmentId)).ShouldRefuse(ActivityField, "OUT_OF_RANGE");
    }

    [Theory]
    [InlineData("AppendActivityAsync")]
    [InlineData("CommitAsync")]
    public async Task Reverse_StorageFails_FailedToReverseAndNothingBooked(string method)
    {
        var (shop, _, adjustmentId) = await AdjustedAsync();
        var before = await ActivitiesAsync(shop);

        store.FailOn = m => m == method;
        var payload = await ReverseAsync(shop, adjustmentId);
        store.Heal();

        payload.ShouldRefuse(null, "FAILED_TO_REVERSE");
        (await ActivitiesAsync(shop)).Count.ShouldBe(before.Count);
        (await ReverseAsync(shop, adjustmentId)).ShouldBook();
    }

    [Fact]
    public async Task Reverse_WithTheSameIdempotencyKey_BooksOnceAndAnswersTheSame()
    {
        var (shop, _, adjustmentId) = await AdjustedAsync();

        var first = (await ReverseAsync(shop, adjustmentId, idempotencyKey: "reverse-1")).ShouldBook();
        var second = (await ReverseAsync(shop, adjustmentId, idempotencyKey: "reverse-1")).ShouldBook();

        second.GetProperty("tillId").GetString().ShouldBe(first.GetProperty("tillId").GetString());
        (await ActivitiesAsync(shop)).Count(a => a.TryGetProperty("tillReverses", out var r) && r.ValueKind == JsonValueKind.Object).ShouldBe(1);
    }
}

/// <summary>Assertions on a <c>tillCashActivityReverse</c> payload.</summary>
internal static class ReversalPayload
{
    /// <summary>No user errors; returns the reversal.</summary>
    public static JsonElement ShouldBook(this JsonElement payload)
    {
        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        return payload.GetProperty("reversal");
    }

    /// <summary>Exactly one user error with that field and code, and no reversal.</summary>
    public static void ShouldRefuse(this JsonElement payload, string[]? field, string code)
    {
        var errors = payload.GetProperty("userErrors");
        errors.GetArrayLength().ShouldBe(1, payload.ToString());
        var error = errors[0];
        (error.GetProperty("field").ValueKind == JsonValueKind.Null ? null : error.GetProperty("field").EnumerateArray().Select(f => f.GetString()!).ToArray()).ShouldBe(field, payload.ToString());
        error.GetProperty("code").GetString().ShouldBe(code, payload.ToString());
        error.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        payload.GetProperty("reversal").ValueKind.ShouldBe(JsonValueKind.Null, payload.ToString());
    }
}
