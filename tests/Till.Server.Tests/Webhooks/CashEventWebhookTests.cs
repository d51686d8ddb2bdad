using System.Net;
using System.Text.Json;
using Till.Server.Tests.Sessions;
using Till.Server.Tests.Staff;
using Till.Server.Tests.Support;
using Till.Webhooks;

namespace Till.Server.Tests.Webhooks;

/// <summary>
/// The till version's cash events end to end: subscriptions through the till version, sessions and
/// activities booked over the Admin and control APIs, deliveries to a real local receiver that
/// checks each signature, on whichever database the suite runs.
/// </summary>
public sealed class CashEventWebhookTests : IAsyncLifetime
{
    private const string TillVersion = "till";
    private const string Secret = "cash-events-secret";
    private static readonly string[] CashRead = ["read_cash_tracking"];
    private static readonly string[] AllTopics = ["TILL_PAYMENT_SESSIONS_OPEN", "TILL_PAYMENT_SESSIONS_CLOSE", "TILL_CASH_ACTIVITIES_CREATE", "TILL_PAYMENT_SESSIONS_REVIEW_REQUIRED"];

    private WebhookReceiver receiver = null!;
    private TillServer server = null!;

    public async Task InitializeAsync()
    {
        receiver = await WebhookReceiver.StartAsync();
        server = await TillServer.StartAsync(configure: WebhookSubscriptionTests.Fast);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await receiver.DisposeAsync();
    }

    /// <summary>A shop with an app subscribed, through the till version, to every cash topic at <c>hooks/&lt;prefix&gt;-&lt;topic&gt;</c>.</summary>
    private async Task<TestShop> SubscribedShopAsync(string prefix)
    {
        var (shop, token) = await WebhookSubscriptionTests.AppAsync(server, Secret, CashRead);
        foreach (var topic in AllTopics)
        {
            var created = await WebhookSubscriptionTests.SubscribeAsync(server, token, receiver.Url + prefix + "-" + topic, topic, version: TillVersion);
            created.GetProperty("userErrors").GetRawText().ShouldBe("[]");
            created.GetProperty("webhookSubscription").GetProperty("topic").GetString().ShouldBe(topic);
            created.GetProperty("webhookSubscription").GetProperty("apiVersion").GetProperty("handle").GetString().ShouldBe(TillVersion);
        }

        return shop;
    }

    /// <summary>Waits for <paramref name="n"/> deliveries in all, then a little more, so a second delivery of anything would have arrived.</summary>
    private async Task SettleAsync(int n)
    {
        await receiver.WaitForAsync(n);
        await Task.Delay(600);
        receiver.Received.Count.ShouldBe(n, string.Join("\n", receiver.Received.Select(r => r.Header("X-Shopify-Topic") + " " + System.Text.Encoding.UTF8.GetString(r.Body))));
    }

    private static JsonElement Single(IEnumerable<ReceivedWebhook> got, string topicHeader)
    {
        var matching = got.Where(r => r.Header("X-Shopify-Topic") == topicHeader).ToList();
        matching.Count.ShouldBe(1, topicHeader);
        var delivery = matching[0];
        delivery.SignedWith(Secret).ShouldBeTrue();
        delivery.SignedWith("another-secret").ShouldBeFalse();
        delivery.Header("X-Shopify-API-Version").ShouldBe(TillVersion);
        delivery.Header("X-Shopify-Webhook-Id").ShouldNotBeNullOrEmpty();
        return delivery.Json;
    }

    private static List<JsonElement> Activities(IEnumerable<ReceivedWebhook> got) =>
        [.. got.Where(r => r.Header("X-Shopify-Topic") == "till_cash_activities/create").Select(r => { r.SignedWith(Secret).ShouldBeTrue(); return r.Json; })];

    private static long Number(string gid) => long.Parse(gid.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Open_FiresTheSessionAndItsOpeningCount_OnceEach_SignedInTheTillShape()
    {
        var shop = await SubscribedShopAsync("open");
        var payload = (await shop.OpenPayloadAsync("100.00", note: "morning float")).ShouldSucceed();
        var sessionId = payload.GetProperty("id").GetString()!;

        await SettleAsync(2);
        var got = receiver.Received.ToList();
        var session = Single(got, "till_payment_sessions/open");
        session.GetProperty("admin_graphql_api_id").GetString().ShouldBe(sessionId);
        session.GetProperty("id").GetInt64().ShouldBe(Number(sessionId));
        session.GetProperty("status").GetString().ShouldBe("open");
        session.GetProperty("currency").GetString().ShouldBe("USD");
        session.GetProperty("cash_counted_at_open").GetString().ShouldBe("100.00");
        session.GetProperty("opening_note").GetString().ShouldBe("morning float");
        session.GetProperty("opening_staff_member_id").GetString().ShouldBe(shop.StaffId);
        session.GetProperty("point_of_sale_device_id").GetString().ShouldBe(shop.DeviceId);
        session.GetProperty("location_id").GetString().ShouldBe(shop.LocationId);
        session.GetProperty("closing_time").ValueKind.ShouldBe(JsonValueKind.Null);
        session.GetProperty("till_review").ValueKind.ShouldBe(JsonValueKind.Null);
        session.GetProperty("total_cash_sales").GetString().ShouldBe("0.00");
        session.EnumerateObject().Select(p => p.Name).Order().ShouldBe(WebhookPayloads.PaymentSessionFields.Order());

        var opening = Activities(got).Single();
        opening.GetProperty("kind").GetString().ShouldBe("count");
        opening.GetProperty("type").GetString().ShouldBe("opening");
        opening.GetProperty("cash_counted").GetString().ShouldBe("100.00");
        opening.GetProperty("payment_session_id").GetString().ShouldBe(sessionId);
        opening.GetProperty("staff_member_id").GetString().ShouldBe(shop.StaffId);
        opening.GetProperty("admin_graphql_api_id").GetString()!.ShouldStartWith("gid://shopify/TillCashActivity/");
        opening.EnumerateObject().Select(p => p.Name).Order().ShouldBe(WebhookPayloads.CashActivityFields.Order());
    }

    [Fact]
    public async Task EveryBooking_FiresOneActivity_AndACloseOverTheThreshold_FiresCloseAndReviewRequired()
    {
        var shop = await SubscribedShopAsync("shift");
        await StaffKit.SetSettingsAsync(shop, new { varianceThresholdAmount = "5.00" });
        var sessionId = await shop.OpenAsync("100.00");
        (await shop.RecordTransactionAsync("SALE", "20.00")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await shop.RecordTransactionAsync("SALE", "7.00", gateway: "card")).StatusCode.ShouldBe(HttpStatusCode.Created); // no cash moves: no activity
        (await shop.AdjustPayloadAsync(sessionId, "15.00", note: "wrong drawer")).ShouldSucceed();
        await SettleAsync(4); // open, opening count, the cash sale, the adjustment

        var adjustment = Activities(receiver.Received).Single(a => a.GetProperty("type").GetString() == "adjustment");
        adjustment.GetProperty("kind").GetString().ShouldBe("adjustment");
        adjustment.GetProperty("cash").GetString().ShouldBe("15.00");
        adjustment.GetProperty("note").GetString().ShouldBe("wrong drawer");
        var sale = Activities(receiver.Received).Single(a => a.GetProperty("type").GetString() == "sale");
        sale.GetProperty("kind").GetString().ShouldBe("transaction");
        sale.GetProperty("cash").GetString().ShouldBe("20.00");
        sale.GetProperty("order_transaction_id").GetString()!.ShouldStartWith("gid://shopify/OrderTransaction/");

        var reversed = await server.GraphQLAsync(
            shop.Token,
            "mutation($a: ID!, $s: ID!) { tillCashActivityReverse(cashActivityId: $a, staffMemberId: $s) { reversal { tillId } userErrors { code } } }",
            new { a = adjustment.GetProperty("admin_graphql_api_id").GetString(), s = shop.StaffId },
            TillVersion);
        TestShop.Payload(reversed, "tillCashActivityReverse").GetProperty("userErrors").GetArrayLength().ShouldBe(0, reversed.ToString());
        (await shop.CountPayloadAsync(sessionId, "118.00")).ShouldSucceed(); // 120.00 expected: 2.00 short
        (await shop.ClosePayloadAsync(sessionId, "108.00", note: "short")).ShouldSucceed(); // 10.00 short: above 5.00
        // reversal, count, closing count, closing adjustment, close, review required
        await SettleAsync(10);

        var activities = Activities(receiver.Received);
        activities.Count.ShouldBe(7);
        // Each activity carries its link in the drawer's ledger chain, and no two links are alike.
        activities.ShouldAllBe(a => a.GetProperty("till_hash").GetString()!.Length == 64);
        activities.Select(a => a.GetProperty("till_hash").GetString()).Distinct().Count().ShouldBe(activities.Count);
        var reversal = activities.Single(a => a.GetProperty("till_reverses_id").ValueKind == JsonValueKind.String);
        reversal.GetProperty("till_reverses_id").GetString().ShouldBe(adjustment.GetProperty("admin_graphql_api_id").GetString());
        reversal.GetProperty("cash").GetString().ShouldBe("-15.00");
        reversal.GetProperty("admin_graphql_api_id").GetString().ShouldBe(TestShop.Payload(reversed, "tillCashActivityReverse").GetProperty("reversal").GetProperty("tillId").GetString());
        var count = activities.Single(a => a.GetProperty("type").GetString() == "mid_session");
        count.GetProperty("cash_expected").GetString().ShouldBe("120.00");
        count.GetProperty("cash_discrepancy").GetString().ShouldBe("-2.00");
        activities.Single(a => a.GetProperty("type").GetString() == "closing").GetProperty("cash_counted").GetString().ShouldBe("108.00");
        activities.Single(a => a.GetProperty("type").GetString() == "closing_adjustment").GetProperty("cash").GetString().ShouldBe("-10.00");
        activities.Select(a => a.GetProperty("id").GetInt64()).Distinct().Count().ShouldBe(7);

        var got = receiver.Received.ToList();
        Single(got, "till_payment_sessions/open");
        var closed = Single(got, "till_payment_sessions/close");
        closed.GetProperty("admin_graphql_api_id").GetString().ShouldBe(sessionId);
        closed.GetProperty("status").GetString().ShouldBe("closed");
        closed.GetProperty("expected_cash_at_close").GetString().ShouldBe("118.00");
        closed.GetProperty("cash_counted_at_close").GetString().ShouldBe("108.00");
        closed.GetProperty("closing_adjustment").GetString().ShouldBe("-10.00");
        closed.GetProperty("closing_note").GetString().ShouldBe("short");
        closed.GetProperty("closing_staff_member_id").GetString().ShouldBe(shop.StaffId);
        closed.GetProperty("total_cash_sales").GetString().ShouldBe("20.00");
        closed.GetProperty("total_sales").GetString().ShouldBe("27.00");
        closed.GetProperty("total_adjustments").GetString().ShouldBe("0.00"); // the adjustment and its reversal; a closing adjustment is no adjustment
        closed.GetProperty("total_discrepancy").GetString().ShouldBe("-12.00");
        closed.GetProperty("till_review").GetProperty("status").GetString().ShouldBe("required");
        var review = Single(got, "till_payment_sessions/review_required");
        review.GetRawText().ShouldBe(closed.GetRawText());

        // The figures agree with what the till version answers for the session.
        var read = await server.GraphQLAsync(
            shop.Token,
            "query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { totalAdjustments { amount } totalDiscrepancy { amount } totalSales { amount } totalCashSales { amount } netSales { amount } } }",
            new { id = sessionId },
            TillVersion);
        var node = read.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSession");
        foreach (var (field, key) in new[] { ("totalAdjustments", "total_adjustments"), ("totalDiscrepancy", "total_discrepancy"), ("totalSales", "total_sales"), ("totalCashSales", "total_cash_sales"), ("netSales", "net_sales") })
        {
            Amount(closed, key).ShouldBe(Amount(node.GetProperty(field), "amount"), field);
        }
    }

    private static decimal Amount(JsonElement element, string key) => decimal.Parse(element.GetProperty(key).GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task CloseWithinTheThreshold_FiresNoReview()
    {
        var shop = await SubscribedShopAsync("within");
        await StaffKit.SetSettingsAsync(shop, new { varianceThresholdAmount = "5.00" });
        var sessionId = await shop.OpenAsync("100.00");
        (await shop.ClosePayloadAsync(sessionId, "95.00")).ShouldSucceed();
        await SettleAsync(5); // open, opening count, closing count, closing adjustment, close
        var got = receiver.Received.ToList();
        got.Count(r => r.Header("X-Shopify-Topic") == "till_payment_sessions/review_required").ShouldBe(0);
        Single(got, "till_payment_sessions/close").GetProperty("till_review").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task MutationsThatReturnUserErrors_FireNothing()
    {
        var shop = await SubscribedShopAsync("refused");
        var sessionId = await shop.OpenAsync("100.00");
        await SettleAsync(2);

        (await shop.OpenPayloadAsync("100.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(1); // already open
        (await shop.AdjustPayloadAsync(sessionId, "0.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(1);
        (await shop.CountPayloadAsync(sessionId, "1.00", currencyCode: "EUR")).GetProperty("userErrors").GetArrayLength().ShouldBe(1);
        (await shop.ClosePayloadAsync(sessionId, "100.001")).GetProperty("userErrors").GetArrayLength().ShouldBe(1);
        using (var refused = await shop.RecordTransactionAsync("SALE", "-1.00"))
        {
            refused.IsSuccessStatusCode.ShouldBeFalse();
        }

        (await shop.ClosePayloadAsync(sessionId, "100.00")).ShouldSucceed();
        var again = await shop.ClosePayloadAsync(sessionId, "100.00");
        again.GetProperty("userErrors")[0].GetProperty("code").GetString().ShouldBe("SESSION_ALREADY_CLOSED");
        await SettleAsync(4); // the one successful close: its count and the session
    }

    [Fact]
    public async Task IdempotentReplay_FiresOnce()
    {
        var shop = await SubscribedShopAsync("replay");
        const string Open = "mutation($d: ID!, $s: ID!) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, staffMemberId: $s, balance: { amount: \"50.00\", currencyCode: USD }) @idempotent(key: \"open-once\") { pointOfSaleDevicePaymentSession { id } userErrors { code } } }";
        var first = await shop.GraphQLAsync(Open, new { d = shop.DeviceId, s = shop.StaffId }, TillVersion);
        var second = await shop.GraphQLAsync(Open, new { d = shop.DeviceId, s = shop.StaffId }, TillVersion);
        var id = TestShop.Payload(first, "pointOfSaleDevicePaymentSessionOpen").ShouldSucceed().GetProperty("id").GetString();
        TestShop.Payload(second, "pointOfSaleDevicePaymentSessionOpen").ShouldSucceed().GetProperty("id").GetString().ShouldBe(id);

        const string Adjust = "mutation($id: ID!, $s: ID!) { pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: $id, staffMemberId: $s, cash: { amount: \"5.00\", currencyCode: USD }) @idempotent(key: \"adjust-once\") { pointOfSaleDevicePaymentSession { id } userErrors { field message } } }";
        for (var i = 0; i < 3; i++)
        {
            TestShop.Payload(await shop.GraphQLAsync(Adjust, new { id, s = shop.StaffId }, TillVersion), "pointOfSaleDevicePaymentSessionAdjust").GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        }

        await SettleAsync(3); // open, opening count, one adjustment
        Activities(receiver.Received).Count(a => a.GetProperty("type").GetString() == "adjustment").ShouldBe(1);
    }

    [Fact]
    public async Task AnotherShopsSubscription_NeverGetsTheEvent()
    {
        var mine = await SubscribedShopAsync("mine");
        await SubscribedShopAsync("theirs");
        var sessionId = await mine.OpenAsync("100.00");
        (await mine.ClosePayloadAsync(sessionId, "100.00")).ShouldSucceed();
        await SettleAsync(4); // open, opening count, closing count, close: all to this shop's app
        var domains = receiver.Received.Select(r => r.Header("X-Shopify-Shop-Domain")).Distinct().ToList();
        domains.Count.ShouldBe(1);
        Activities(receiver.Received).ShouldAllBe(a => a.GetProperty("payment_session_id").GetString() == sessionId);
    }

    [Fact]
    public async Task FilterAndIncludeFields_WorkOnTheCashPayloads()
    {
        var (shop, token) = await WebhookSubscriptionTests.AppAsync(server, Secret, CashRead);
        string[] slim = ["id", "cash"];
        (await WebhookSubscriptionTests.SubscribeAsync(server, token, receiver.Url + "payouts", "TILL_CASH_ACTIVITIES_CREATE", filter: "kind:adjustment AND cash:<0", includeFields: slim, version: TillVersion))
            .GetProperty("userErrors").GetRawText().ShouldBe("[]");
        var unknown = await WebhookSubscriptionTests.SubscribeAsync(server, token, receiver.Url + "bad", "TILL_PAYMENT_SESSIONS_CLOSE", filter: "amount:>1", version: TillVersion);
        unknown.GetProperty("userErrors")[0].GetProperty("message").GetString()!.ShouldStartWith("Filter is invalid");
        var sessionId = await shop.OpenAsync("100.00");
        (await shop.AdjustPayloadAsync(sessionId, "5.00")).ShouldSucceed();
        (await shop.AdjustPayloadAsync(sessionId, "-3.00")).ShouldSucceed();
        await SettleAsync(1);
        var only = receiver.Received.Single().Json;
        only.EnumerateObject().Select(p => p.Name).Order().ShouldBe(slim.Order());
        only.GetProperty("cash").GetString().ShouldBe("-3.00");
    }

    [Fact]
    public async Task ShopifyVersions_DoNotKnowTheTillTopics_NorShowTheirSubscriptions()
    {
        var (_, token) = await WebhookSubscriptionTests.AppAsync(server, Secret, ["read_cash_tracking", "write_cash_tracking"]);
        var refused = await server.GraphQLAsync(
            token,
            "mutation { webhookSubscriptionCreate(topic: TILL_PAYMENT_SESSIONS_OPEN, webhookSubscription: { uri: \"http://127.0.0.1:1/x\" }) { userErrors { message } } }",
            version: "2026-04");
        refused.GetProperty("errors")[0].GetProperty("message").GetString()!.ShouldContain("TILL_PAYMENT_SESSIONS_OPEN");

        var created = await WebhookSubscriptionTests.SubscribeAsync(server, token, receiver.Url + "hidden", "TILL_CASH_ACTIVITIES_CREATE", version: TillVersion);
        var id = created.GetProperty("webhookSubscription").GetProperty("id").GetString();
        (await WebhookSubscriptionTests.SubscribeAsync(server, token, receiver.Url + "seen", "BULK_OPERATIONS_FINISH", version: TillVersion)).GetProperty("userErrors").GetRawText().ShouldBe("[]");

        foreach (var version in new[] { "2026-04", "2027-01" })
        {
            var seen = await server.GraphQLAsync(token, "query($id: ID!) { webhookSubscription(id: $id) { id } node(id: $id) { id } webhookSubscriptions(first: 10) { nodes { topic } } webhookSubscriptionsCount { count } }", new { id }, version);
            seen.TryGetProperty("errors", out _).ShouldBeFalse(seen.ToString());
            var d = seen.GetProperty("data");
            d.GetProperty("webhookSubscription").ValueKind.ShouldBe(JsonValueKind.Null);
            d.GetProperty("node").ValueKind.ShouldBe(JsonValueKind.Null);
            d.GetProperty("webhookSubscriptions").GetProperty("nodes").GetRawText().ShouldBe("[{\"topic\":\"BULK_OPERATIONS_FINISH\"}]");
            d.GetProperty("webhookSubscriptionsCount").GetProperty("count").GetInt32().ShouldBe(1);
            var update = await server.GraphQLAsync(token, "mutation($id: ID!) { webhookSubscriptionUpdate(id: $id, webhookSubscription: { name: \"x\" }) { webhookSubscription { id } userErrors { field message } } }", new { id }, version);
            update.GetProperty("data").GetProperty("webhookSubscriptionUpdate").GetProperty("userErrors")[0].GetProperty("message").GetString().ShouldBe("Webhook subscription does not exist");
            var delete = await server.GraphQLAsync(token, "mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } } }", new { id }, version);
            delete.GetProperty("data").GetProperty("webhookSubscriptionDelete").GetProperty("userErrors")[0].GetProperty("message").GetString().ShouldBe("Webhook subscription does not exist");
        }

        var inTill = await server.GraphQLAsync(token, "query($id: ID!) { webhookSubscription(id: $id) { topic } webhookSubscriptionsCount { count } }", new { id }, TillVersion);
        inTill.GetProperty("data").GetProperty("webhookSubscription").GetProperty("topic").GetString().ShouldBe("TILL_CASH_ACTIVITIES_CREATE");
        inTill.GetProperty("data").GetProperty("webhookSubscriptionsCount").GetProperty("count").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task TillTopics_NeedReadCashTracking_AndATokenActingForTheShop()
    {
        var (shop, ordersOnly) = await WebhookSubscriptionTests.AppAsync(server, Secret, ["read_orders"]);
        var noScope = await WebhookSubscriptionTests.SubscribeAsync(server, ordersOnly, receiver.Url + "x", "TILL_PAYMENT_SESSIONS_CLOSE", version: TillVersion);
        noScope.GetProperty("userErrors")[0].GetProperty("message").GetString().ShouldBe("The app needs the read_cash_tracking access scope to subscribe to TILL_PAYMENT_SESSIONS_CLOSE");

        var manager = await StaffKit.CreateStaffAsync(shop, "MANAGER");
        var staffToken = await StaffKit.CreateStaffTokenAsync(shop, manager);
        var refused = await WebhookSubscriptionTests.SubscribeAsync(server, staffToken, receiver.Url + "y", "TILL_CASH_ACTIVITIES_CREATE", version: TillVersion);
        refused.GetProperty("webhookSubscription").ValueKind.ShouldBe(JsonValueKind.Null);
        var error = refused.GetProperty("userErrors")[0];
        error.GetProperty("field").GetRawText().ShouldBe("[\"topic\"]");
        error.GetProperty("message").GetString().ShouldBe("Only a token acting for the shop can subscribe to TILL_CASH_ACTIVITIES_CREATE; this token acts for a staff member");
    }
}
