using System.Net;
using System.Text.Json;
using Till.Server.Tests.Queries;
using Till.Server.Tests.Sessions;
using Till.Server.Tests.Support;
using static Till.Server.Tests.Staff.StaffKit;

namespace Till.Server.Tests.Staff;

/// <summary>
/// Variance approval: a close over a threshold still closes and needs a review, which one manager
/// other than the closer approves once (<c>tillPaymentSessionApprove</c>, each error code); the
/// sessions' search and the summaries count what awaits approval.
/// </summary>
public sealed class VarianceReviewTests : IAsyncLifetime
{
    private static readonly string[] SessionField = ["pointOfSaleDevicePaymentSessionId"];
    private static readonly string[] StaffField = ["staffMemberId"];

    private TillServer server = null!;
    private FaultyStore store = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync(wrapStore: s => new FaultyStore(s));
        store = (FaultyStore)server.Store;
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private sealed record Reviewed(TestShop Shop, string Manager, string SessionId);

    /// <summary>A shop with an amount threshold of 5.00, a manager, and a session its cashier closed 10.00 short (a review is required).</summary>
    private async Task<Reviewed> ShortCloseAsync(object? settings = null)
    {
        var shop = await server.CreateShopAsync();
        await SetSettingsAsync(shop, settings ?? new { varianceThresholdAmount = "5.00" });
        var manager = await CreateStaffAsync(shop, "MANAGER");
        var sessionId = await shop.OpenAsync("100.00");
        (await shop.RecordTransactionAsync("SALE", "20.00")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await shop.ClosePayloadAsync(sessionId, "110.00")).ShouldSucceed().GetProperty("status").GetString().ShouldBe("CLOSED");
        return new Reviewed(shop, manager, sessionId);
    }

    private static void ShouldFail(JsonElement payload, string[]? field, string code)
    {
        var errors = payload.GetProperty("userErrors");
        errors.GetArrayLength().ShouldBe(1, payload.ToString());
        SessionProbe.FieldOf(errors[0]).ShouldBe(field, payload.ToString());
        errors[0].GetProperty("code").GetString().ShouldBe(code);
        errors[0].GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        payload.GetProperty("pointOfSaleDevicePaymentSession").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Close_OverAmountThreshold_ClosesWithReviewRequired_WithinItNoReview()
    {
        var r = await ShortCloseAsync();
        var review = await ReviewAsync(r.Shop, r.SessionId);
        review.GetProperty("status").GetString().ShouldBe("REQUIRED");
        review.GetProperty("approvedBy").ValueKind.ShouldBe(JsonValueKind.Null);
        review.GetProperty("time").ValueKind.ShouldBe(JsonValueKind.Null);

        // 5.00 short is not more than the threshold.
        var second = await r.Shop.OpenAsync("110.00");
        (await r.Shop.ClosePayloadAsync(second, "105.00")).ShouldSucceed();
        (await ReviewAsync(r.Shop, second)).ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Close_OverPercentageOfCashHandled_ReviewRequired()
    {
        // Handled: 100.00 float + 20.00 sales = 120.00; 5 % of it is 6.00, and the close is 10.00 short.
        var r = await ShortCloseAsync(new { varianceThresholdPercentage = "5" });
        (await ReviewAsync(r.Shop, r.SessionId)).GetProperty("status").GetString().ShouldBe("REQUIRED");

        // Handled 110.00: 6.00 over is above 5.50.
        var second = await r.Shop.OpenAsync("110.00");
        (await r.Shop.ClosePayloadAsync(second, "116.00")).ShouldSucceed();
        (await ReviewAsync(r.Shop, second)).GetProperty("status").GetString().ShouldBe("REQUIRED");

        // Handled 116.00: 5.80 is exactly 5 %, not above it.
        var third = await r.Shop.OpenAsync("116.00");
        (await r.Shop.ClosePayloadAsync(third, "110.20")).ShouldSucceed();
        (await ReviewAsync(r.Shop, third)).ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Approve_ByAnotherManager_ApprovedOnce()
    {
        var r = await ShortCloseAsync();
        var code = await QueryKit.CreateReasonCodeAsync(r.Shop, "Miscounted float");

        var payload = await ApproveAsync(r.Shop, r.SessionId, r.Manager, code, "Counted twice, short by 10.");
        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        var review = payload.GetProperty("pointOfSaleDevicePaymentSession").GetProperty("tillReview");
        review.GetProperty("status").GetString().ShouldBe("APPROVED");
        review.GetProperty("approvedBy").GetProperty("id").GetString().ShouldBe(r.Manager);
        review.GetProperty("reasonCode").GetProperty("id").GetString().ShouldBe(code);
        review.GetProperty("note").GetString().ShouldBe("Counted twice, short by 10.");
        review.GetProperty("time").GetString().ShouldNotBeNullOrEmpty();
        (await ReviewAsync(r.Shop, r.SessionId)).GetProperty("status").GetString().ShouldBe("APPROVED");

        var another = await CreateStaffAsync(r.Shop, "MANAGER");
        ShouldFail(await ApproveAsync(r.Shop, r.SessionId, another), SessionField, "TILL_ALREADY_APPROVED");
        (await ReviewAsync(r.Shop, r.SessionId)).GetProperty("approvedBy").GetProperty("id").GetString().ShouldBe(r.Manager);
    }

    [Fact]
    public async Task Approve_UnknownOrOtherShopsSession_TillPaymentSessionNotFound()
    {
        var r = await ShortCloseAsync();
        var other = await server.CreateShopAsync();
        var otherManager = await CreateStaffAsync(other, "MANAGER");
        ShouldFail(await ApproveAsync(r.Shop, SessionProbe.UnknownSession, r.Manager), SessionField, "TILL_PAYMENT_SESSION_NOT_FOUND");
        ShouldFail(await ApproveAsync(other, r.SessionId, otherManager), SessionField, "TILL_PAYMENT_SESSION_NOT_FOUND");
    }

    [Fact]
    public async Task Approve_UnknownOrInactiveStaff_TillStaffMemberNotFound()
    {
        var r = await ShortCloseAsync();
        var inactive = await SessionProbe.CreateStaffAsync(r.Shop, active: false);
        ShouldFail(await ApproveAsync(r.Shop, r.SessionId, SessionProbe.UnknownStaff), StaffField, "TILL_STAFF_MEMBER_NOT_FOUND");
        ShouldFail(await ApproveAsync(r.Shop, r.SessionId, inactive), StaffField, "TILL_STAFF_MEMBER_NOT_FOUND");
    }

    [Fact]
    public async Task Approve_UnknownReasonCode_TillReasonCodeNotFound()
    {
        var r = await ShortCloseAsync();
        ShouldFail(await ApproveAsync(r.Shop, r.SessionId, r.Manager, SessionProbe.UnknownReasonCode), ["reasonCodeId"], "TILL_REASON_CODE_NOT_FOUND");
        (await ReviewAsync(r.Shop, r.SessionId)).GetProperty("status").GetString().ShouldBe("REQUIRED");
    }

    [Fact]
    public async Task Approve_OpenOrWithinThresholdSession_TillReviewNotRequired()
    {
        var r = await ShortCloseAsync();
        var open = await r.Shop.OpenAsync("110.00");
        ShouldFail(await ApproveAsync(r.Shop, open, r.Manager), SessionField, "TILL_REVIEW_NOT_REQUIRED");
        (await r.Shop.ClosePayloadAsync(open, "110.00")).ShouldSucceed();
        ShouldFail(await ApproveAsync(r.Shop, open, r.Manager), SessionField, "TILL_REVIEW_NOT_REQUIRED");
    }

    [Fact]
    public async Task Approve_ByCashier_TillStaffMemberNotManager()
    {
        var r = await ShortCloseAsync();
        var cashier = await CreateStaffAsync(r.Shop, "CASHIER");
        ShouldFail(await ApproveAsync(r.Shop, r.SessionId, cashier), StaffField, "TILL_STAFF_MEMBER_NOT_MANAGER");
    }

    [Fact]
    public async Task Approve_ByTheManagerWhoClosed_TillStaffMemberClosedSession()
    {
        var shop = await server.CreateShopAsync();
        await SetSettingsAsync(shop, new { varianceThresholdAmount = "1.00" });
        var manager = await CreateStaffAsync(shop, "MANAGER");
        var sessionId = await shop.OpenAsync("100.00");
        (await shop.ClosePayloadAsync(sessionId, "90.00", staffId: manager)).ShouldSucceed();

        ShouldFail(await ApproveAsync(shop, sessionId, manager), StaffField, "TILL_STAFF_MEMBER_CLOSED_SESSION");
        // The cashier who opened it is no manager; another manager approves.
        (await ApproveAsync(shop, sessionId, await CreateStaffAsync(shop, "MANAGER"))).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Approve_NoteTooLong_TillNoteTooLong()
    {
        var r = await ShortCloseAsync();
        ShouldFail(await ApproveAsync(r.Shop, r.SessionId, r.Manager, note: new string('n', 5001)), ["note"], "TILL_NOTE_TOO_LONG");
    }

    [Fact]
    public async Task Approve_StorageFails_TillNotSavedAndStillRequired()
    {
        var r = await ShortCloseAsync();
        store.FailOn = m => m == "ApproveSessionReviewAsync";
        var payload = await ApproveAsync(r.Shop, r.SessionId, r.Manager);
        store.Heal();

        ShouldFail(payload, null, "TILL_NOT_SAVED");
        (await ReviewAsync(r.Shop, r.SessionId)).GetProperty("status").GetString().ShouldBe("REQUIRED");
    }

    [Fact]
    public async Task Approve_TokenActingForAnotherStaffMember_AccessDenied()
    {
        var r = await ShortCloseAsync();
        var token = await CreateStaffTokenAsync(r.Shop, await CreateStaffAsync(r.Shop, "MANAGER"));

        (await ApproveResultAsync(r.Shop, r.SessionId, r.Manager, token: token)).ShouldBeDenied("tillPaymentSessionApprove", "records only that staff member");
        (await ReviewAsync(r.Shop, r.SessionId)).GetProperty("status").GetString().ShouldBe("REQUIRED");
    }

    [Fact]
    public async Task Approve_Idempotent_ReplayAnswersTheApprovalAgain()
    {
        var r = await ShortCloseAsync();
        var first = await ApproveResultAsync(r.Shop, r.SessionId, r.Manager, idempotencyKey: "approve-1");
        var again = await ApproveResultAsync(r.Shop, r.SessionId, r.Manager, idempotencyKey: "approve-1");

        first.ShouldHaveNoErrors();
        again.ShouldHaveNoErrors();
        again.GetProperty("data").GetProperty("tillPaymentSessionApprove").GetProperty("userErrors").GetArrayLength().ShouldBe(0, again.ToString());
        again.GetProperty("data").GetProperty("tillPaymentSessionApprove").GetProperty("pointOfSaleDevicePaymentSession").GetProperty("tillReview").GetProperty("time").GetString()
            .ShouldBe(first.GetProperty("data").GetProperty("tillPaymentSessionApprove").GetProperty("pointOfSaleDevicePaymentSession").GetProperty("tillReview").GetProperty("time").GetString());
    }

    [Fact]
    public async Task Approve_ConcurrentApprovals_ExactlyOneWins()
    {
        var r = await ShortCloseAsync();
        var managers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            managers.Add(await CreateStaffAsync(r.Shop, "MANAGER"));
        }

        var payloads = await Task.WhenAll(managers.Select(m => ApproveAsync(r.Shop, r.SessionId, m)));

        payloads.Count(p => p.GetProperty("userErrors").GetArrayLength() == 0).ShouldBe(1);
        payloads.Where(p => p.GetProperty("userErrors").GetArrayLength() > 0).ShouldAllBe(p => p.GetProperty("userErrors")[0].GetProperty("code").GetString() == "TILL_ALREADY_APPROVED");
    }

    [Fact]
    public async Task Search_ByTillReviewStatus_AndSummariesCountWhatAwaitsApproval()
    {
        var r = await ShortCloseAsync();
        var fine = await r.Shop.OpenAsync("110.00");
        (await r.Shop.ClosePayloadAsync(fine, "110.00")).ShouldSucceed();
        var approved = await r.Shop.OpenAsync("110.00");
        (await r.Shop.ClosePayloadAsync(approved, "90.00")).ShouldSucceed();
        (await ApproveAsync(r.Shop, approved, r.Manager)).GetProperty("userErrors").GetArrayLength().ShouldBe(0);

        async Task<List<string>> SearchAsync(string query)
        {
            var result = await r.Shop.GraphQLAsync("query($q: String) { pointOfSaleDevicePaymentSessions(first: 10, query: $q) { nodes { id } } }", new { q = query }, TillVersion);
            result.ShouldHaveNoErrors();
            return [.. result.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSessions").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!)];
        }

        (await SearchAsync("till_review_status:REQUIRED")).ShouldBe([r.SessionId]);
        (await SearchAsync("till_review_status:approved")).ShouldBe([approved]);
        (await SearchAsync("-till_review_status:REQUIRED")).ShouldBe([fine, approved], ignoreOrder: true);

        var summaries = await r.Shop.GraphQLAsync(
            "query($l: ID!) { cashManagementLocationSummary(locationId: $l, startDate: \"2020-01-01\", endDate: \"2099-12-31\") { tillSessionsAwaitingApproval } cashManagementShopSummary(currencyCode: USD, startDate: \"2020-01-01\", endDate: \"2099-12-31\") { tillSessionsAwaitingApproval } }",
            new { l = r.Shop.LocationId },
            TillVersion);
        summaries.ShouldHaveNoErrors();
        summaries.GetProperty("data").GetProperty("cashManagementLocationSummary").GetProperty("tillSessionsAwaitingApproval").GetInt32().ShouldBe(1);
        summaries.GetProperty("data").GetProperty("cashManagementShopSummary").GetProperty("tillSessionsAwaitingApproval").GetInt32().ShouldBe(1);

        // Shopify's versions know no such search field: the term is dropped with a warning.
        var shopify = await r.Shop.GraphQLAsync("{ pointOfSaleDevicePaymentSessions(first: 10, query: \"till_review_status:REQUIRED\") { nodes { id } } }", version: "2027-01");
        shopify.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSessions").GetProperty("nodes").GetArrayLength().ShouldBe(3);
        shopify.GetProperty("extensions").TryGetProperty("search", out _).ShouldBeTrue(shopify.ToString());
    }
}
