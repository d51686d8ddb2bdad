using System.Net;
using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Webhooks;

/// <summary>
/// Webhooks end to end over HTTP: subscriptions through the Admin API, tender transactions recorded
/// through the control API, and deliveries to a real local receiver that checks the signature.
/// </summary>
public sealed class WebhookSubscriptionTests
{
    private static readonly string[] ReadOrders = ["read_orders"];
    private static readonly string[] ReadCash = ["read_cash_tracking"];
    private static readonly string[] IdAndAmount = ["id", "amount"];

    internal const string Fields = "id topic uri callbackUrl format filter includeFields name legacyResourceId apiVersion { handle supported } endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } } metafieldNamespaces metafields { namespace key } createdAt updatedAt";

    internal static TillOptions Fast(TillOptions o) => o with
    {
        WebhookRetrySchedule = [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400)],
        WebhookTimeout = TimeSpan.FromSeconds(1),
        WebhookLease = TimeSpan.FromSeconds(3),
        WebhookPollInterval = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>A token of an app with the given secret (and read_orders), on a provisioned shop with a device.</summary>
    internal static async Task<(TestShop Shop, string Token)> AppAsync(TillServer server, string secret, string[]? scopes = null)
    {
        var shop = await server.CreateShopAsync();
        var token = await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/tokens", new { scopes = scopes ?? ["read_orders", "write_cash_tracking"], secret });
        token.GetProperty("secret").GetString().ShouldBe(secret);
        return (shop, token.GetProperty("token").GetString()!);
    }

    internal static async Task<JsonElement> SubscribeAsync(TillServer server, string token, string uri, string topic = "TENDER_TRANSACTIONS_CREATE", string? filter = null, string[]? includeFields = null, string? format = null, string? name = null, string version = "2026-04")
    {
        var body = await server.GraphQLAsync(token, $$"""
            mutation($topic: WebhookSubscriptionTopic!, $input: WebhookSubscriptionInput!) {
              webhookSubscriptionCreate(topic: $topic, webhookSubscription: $input) { webhookSubscription { {{Fields}} } userErrors { field message } }
            }
            """, new { topic, input = new { uri, filter, includeFields, format, name } }, version);
        return body.GetProperty("data").GetProperty("webhookSubscriptionCreate");
    }

    private static string Errors(JsonElement payload) => payload.GetProperty("userErrors").GetRawText();

    [Fact]
    public async Task TenderTransaction_IsPostedSignedWithTheAppSecret_WithShopifysHeadersAndPayload()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await TillServer.StartAsync(configure: Fast);
        var (shop, token) = await AppAsync(server, "hush-secret-1");
        var created = await SubscribeAsync(server, token, receiver.Url + "tender");
        Errors(created).ShouldBe("[]");
        var subscription = created.GetProperty("webhookSubscription");
        subscription.GetProperty("topic").GetString().ShouldBe("TENDER_TRANSACTIONS_CREATE");
        subscription.GetProperty("format").GetString().ShouldBe("JSON");
        subscription.GetProperty("apiVersion").GetProperty("handle").GetString().ShouldBe("2026-04");
        subscription.GetProperty("endpoint").GetProperty("callbackUrl").GetString().ShouldBe(receiver.Url + "tender");

        await shop.OpenAsync();
        using (var recorded = await shop.RecordTransactionAsync("SALE", "12.50", processedAt: null))
        {
            recorded.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        using (var refund = await shop.RecordTransactionAsync("REFUND", "2.25", gateway: "card"))
        {
            refund.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var got = await receiver.WaitForAsync(2);
        foreach (var delivery in got)
        {
            delivery.SignedWith("hush-secret-1").ShouldBeTrue();
            delivery.SignedWith("another-secret").ShouldBeFalse();
            delivery.Header("X-Shopify-Topic").ShouldBe("tender_transactions/create");
            delivery.Header("X-Shopify-API-Version").ShouldBe("2026-04");
            delivery.Header("X-Shopify-Shop-Domain").ShouldEndWith(".myshopify.com");
            delivery.Header("X-Shopify-Webhook-Id").ShouldNotBeNullOrEmpty();
            delivery.Header("X-Shopify-Event-Id").ShouldNotBeNullOrEmpty();
            DateTimeOffset.Parse(delivery.Header("X-Shopify-Triggered-At"), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
            delivery.Header("Content-Type").ShouldStartWith("application/json");
        }

        var sale = got.Select(d => d.Json).Single(j => j.GetProperty("payment_method").GetString() == "cash");
        sale.GetProperty("amount").GetString().ShouldBe("12.50");
        sale.GetProperty("currency").GetString().ShouldBe("USD");
        sale.GetProperty("test").GetBoolean().ShouldBeFalse();
        sale.GetProperty("order_id").ValueKind.ShouldBe(JsonValueKind.Null);
        sale.GetProperty("user_id").GetInt64().ShouldBe(long.Parse(shop.StaffId.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture));
        sale.TryGetProperty("processed_at", out _).ShouldBeTrue();
        var refunded = got.Select(d => d.Json).Single(j => j.GetProperty("payment_method").GetString() == "card");
        refunded.GetProperty("amount").GetString().ShouldBe("-2.25");
    }

    [Fact]
    public async Task FilterAndIncludeFields_ChooseWhichEventsAreSentAndWhatTheyCarry()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await TillServer.StartAsync(configure: Fast);
        var (shop, token) = await AppAsync(server, "s2");
        Errors(await SubscribeAsync(server, token, receiver.Url + "big-cash", filter: "payment_method:cash AND amount:>=10")).ShouldBe("[]");
        Errors(await SubscribeAsync(server, token, receiver.Url + "slim", includeFields: IdAndAmount)).ShouldBe("[]");
        await shop.OpenAsync();
        (await shop.RecordTransactionAsync("SALE", "5.00")).Dispose();
        (await shop.RecordTransactionAsync("SALE", "20.00", gateway: "card")).Dispose();
        (await shop.RecordTransactionAsync("SALE", "11.00")).Dispose();

        // slim gets all three; big-cash only the 11.00 cash sale.
        var got = await receiver.WaitForAsync(4);
        await Task.Delay(500);
        receiver.Received.Count.ShouldBe(4);
        var slim = receiver.Received.Where(r => r.Json.EnumerateObject().Count() == 2).ToList();
        slim.Count.ShouldBe(3);
        slim.Select(r => r.Json.EnumerateObject().Select(p => p.Name).Order().First()).ShouldAllBe(n => n == "amount");
        var big = receiver.Received.Single(r => r.Json.EnumerateObject().Count() > 2);
        big.Json.GetProperty("amount").GetString().ShouldBe("11.00");
        got.Select(r => r.Header("X-Shopify-Event-Id")).Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public async Task RefusedTransaction_SendsNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await TillServer.StartAsync(configure: Fast);
        var (shop, token) = await AppAsync(server, "s3");
        Errors(await SubscribeAsync(server, token, receiver.Url + "x")).ShouldBe("[]");

        // No open session: a cash sale is refused, and its rolled-back change sends no webhook.
        using (var refused = await shop.RecordTransactionAsync("SALE", "1.00"))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        }

        (await shop.RecordTransactionAsync("SALE", "3.00", gateway: "card")).Dispose();
        var got = await receiver.WaitForAsync(1);
        await Task.Delay(500);
        receiver.Received.Count.ShouldBe(1);
        got[0].Json.GetProperty("amount").GetString().ShouldBe("3.00");
    }

    [Fact]
    public async Task FailingReceiver_IsRetriedWithBackOff_UnderTheSameWebhookId_ThenGivenUp()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = n => n <= 2 ? (500, TimeSpan.Zero) : (200, TimeSpan.Zero);
        await using var server = await TillServer.StartAsync(configure: Fast);
        var (shop, token) = await AppAsync(server, "s4");
        Errors(await SubscribeAsync(server, token, receiver.Url + "flaky")).ShouldBe("[]");
        (await shop.RecordTransactionAsync("SALE", "4.00", gateway: "card")).Dispose();
        var got = await receiver.WaitForAsync(3);
        got.Select(r => r.Header("X-Shopify-Webhook-Id")).Distinct().Count().ShouldBe(1);
        (got[1].At - got[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(150));
        (got[2].At - got[1].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(350));
        got.ShouldAllBe(r => r.SignedWith("s4") && r.Body.SequenceEqual(got[0].Body));
        await Task.Delay(800);
        receiver.Received.Count.ShouldBe(3);

        // A receiver that never answers in time: the first attempt and the two retries, then nothing more.
        var slow = receiver.Received.Count;
        receiver.Answer = _ => (200, TimeSpan.FromSeconds(5));
        (await shop.RecordTransactionAsync("SALE", "5.00", gateway: "card")).Dispose();
        await receiver.WaitForAsync(slow + 3, TimeSpan.FromSeconds(15));
        await Task.Delay(1500);
        receiver.Received.Count.ShouldBe(slow + 3);
        var status = (string?)await server.Database.ScalarAsync("SELECT status FROM webhook_deliveries ORDER BY id DESC LIMIT 1");
        status.ShouldBe("FAILED");
    }

    [Fact]
    public async Task Subscriptions_AreCreatedReadListedCountedUpdatedAndDeleted_PerApp()
    {
        await using var server = await TillServer.StartAsync(configure: Fast);
        var (shop, token) = await AppAsync(server, "s5");
        var other = (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/tokens", new { scopes = ReadOrders })).GetProperty("token").GetString()!;
        var a = (await SubscribeAsync(server, token, "https://example.com/a", name: "first")).GetProperty("webhookSubscription");
        var b = (await SubscribeAsync(server, token, "http://127.0.0.1:9/b", topic: "APP_UNINSTALLED")).GetProperty("webhookSubscription");
        a.GetProperty("name").GetString().ShouldBe("first");
        a.GetProperty("legacyResourceId").GetString().ShouldBe(a.GetProperty("id").GetString()!.Split('/')[^1]);
        var aId = a.GetProperty("id").GetString()!;

        var read = await server.GraphQLAsync(token, $$"""query($id: ID!) { webhookSubscription(id: $id) { {{Fields}} } node(id: $id) { id } }""", new { id = aId });
        read.GetProperty("data").GetProperty("webhookSubscription").GetProperty("uri").GetString().ShouldBe("https://example.com/a");
        (await server.GraphQLAsync(other, """query($id: ID!) { webhookSubscription(id: $id) { id } }""", new { id = aId }))
            .GetProperty("data").GetProperty("webhookSubscription").ValueKind.ShouldBe(JsonValueKind.Null);

        var list = await server.GraphQLAsync(token, """
            { all: webhookSubscriptions(first: 10) { nodes { id topic } pageInfo { hasNextPage } }
              byTopic: webhookSubscriptions(first: 10, topics: [APP_UNINSTALLED]) { nodes { id } }
              byUri: webhookSubscriptions(first: 10, uri: "https://example.com/a") { nodes { id } }
              byQuery: webhookSubscriptions(first: 10, query: "topic:APP_UNINSTALLED") { nodes { id } }
              paged: webhookSubscriptions(first: 1, sortKey: ID, reverse: true) { nodes { id } pageInfo { hasNextPage } }
              count: webhookSubscriptionsCount { count precision }
              capped: webhookSubscriptionsCount(limit: 1) { count precision } }
            """);
        var data = list.GetProperty("data");
        data.GetProperty("all").GetProperty("nodes").GetArrayLength().ShouldBe(2);
        data.GetProperty("byTopic").GetProperty("nodes")[0].GetProperty("id").GetString().ShouldBe(b.GetProperty("id").GetString());
        data.GetProperty("byUri").GetProperty("nodes")[0].GetProperty("id").GetString().ShouldBe(aId);
        data.GetProperty("byQuery").GetProperty("nodes").GetArrayLength().ShouldBe(1);
        data.GetProperty("paged").GetProperty("nodes")[0].GetProperty("id").GetString().ShouldBe(b.GetProperty("id").GetString());
        data.GetProperty("paged").GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean().ShouldBeTrue();
        data.GetProperty("count").GetRawText().ShouldBe("""{"count":2,"precision":"EXACT"}""");
        data.GetProperty("capped").GetRawText().ShouldBe("""{"count":1,"precision":"AT_LEAST"}""");
        (await server.GraphQLAsync(other, "{ webhookSubscriptionsCount { count } }")).GetProperty("data").GetProperty("webhookSubscriptionsCount").GetProperty("count").GetInt32().ShouldBe(0);

        var updated = await server.GraphQLAsync(token, $$"""
            mutation($id: ID!) { webhookSubscriptionUpdate(id: $id, webhookSubscription: { uri: "https://example.com/a2", includeFields: ["id"] }) { webhookSubscription { {{Fields}} } userErrors { field message } } }
            """, new { id = aId });
        var changed = updated.GetProperty("data").GetProperty("webhookSubscriptionUpdate").GetProperty("webhookSubscription");
        changed.GetProperty("uri").GetString().ShouldBe("https://example.com/a2");
        changed.GetProperty("name").GetString().ShouldBe("first");
        changed.GetProperty("includeFields")[0].GetString().ShouldBe("id");

        var deleted = await server.GraphQLAsync(token, """mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } } }""", new { id = aId });
        deleted.GetProperty("data").GetProperty("webhookSubscriptionDelete").GetProperty("deletedWebhookSubscriptionId").GetString().ShouldBe(aId);
        var again = await server.GraphQLAsync(token, """mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } } }""", new { id = aId });
        again.GetProperty("data").GetProperty("webhookSubscriptionDelete").GetProperty("userErrors").GetRawText()
            .ShouldBe("""[{"field":["id"],"message":"Webhook subscription does not exist"}]""");
        var notFound = await server.GraphQLAsync(token, """mutation($id: ID!) { webhookSubscriptionUpdate(id: $id, webhookSubscription: { name: "x" }) { webhookSubscription { id } userErrors { field message } } }""", new { id = aId });
        notFound.GetProperty("data").GetProperty("webhookSubscriptionUpdate").GetProperty("userErrors")[0].GetProperty("message").GetString().ShouldBe("Webhook subscription does not exist");
    }

    [Theory]
    [InlineData("", "TENDER_TRANSACTIONS_CREATE", null, null, null, null, "uri", "Address can't be blank")]
    [InlineData("not a url", "TENDER_TRANSACTIONS_CREATE", null, null, null, null, "uri", "Address is invalid")]
    [InlineData("pubsub://project:topic", "TENDER_TRANSACTIONS_CREATE", null, null, null, null, "uri", "Address protocol pubsub:// is not supported")]
    [InlineData("arn:aws:events:us-east-1::event-source/aws.partner/shopify.com/1/x", "TENDER_TRANSACTIONS_CREATE", null, null, null, null, "uri", "Address protocol arn: is not supported")]
    [InlineData("ftp://example.com/x", "TENDER_TRANSACTIONS_CREATE", null, null, null, null, "uri", "Address protocol ftp:// is not supported")]
    [InlineData("https://example.com/x", "TENDER_TRANSACTIONS_CREATE", "XML", null, null, null, "format", "Format XML is not supported; Till delivers JSON payloads")]
    [InlineData("https://example.com/x", "TENDER_TRANSACTIONS_CREATE", null, "colour:red", null, null, "filter", "Filter is invalid: the TENDER_TRANSACTIONS_CREATE payload has no field 'colour'")]
    [InlineData("https://example.com/x", "TENDER_TRANSACTIONS_CREATE", null, "(amount:1", null, null, "filter", null)]
    [InlineData("https://example.com/x", "TENDER_TRANSACTIONS_CREATE", null, null, "nope", null, "includeFields", "Include fields contains an unknown field: nope")]
    [InlineData("https://example.com/x", "TENDER_TRANSACTIONS_CREATE", null, null, null, "no spaces allowed", "name", "Name must be at most 50 letters, digits, '-' or '_'")]
    public async Task Create_RefusesWhatTillCannotDeliver(string uri, string topic, string? format, string? filter, string? include, string? name, string field, string? message)
    {
        await using var server = await TillServer.StartAsync(configure: Fast);
        var (_, token) = await AppAsync(server, "s6");
        var payload = await SubscribeAsync(server, token, uri, topic, filter, include is null ? null : [include], format, name);
        payload.GetProperty("webhookSubscription").ValueKind.ShouldBe(JsonValueKind.Null);
        var error = payload.GetProperty("userErrors")[0];
        error.GetProperty("field").EnumerateArray().Last().GetString().ShouldBe(field);
        if (message is not null)
        {
            error.GetProperty("message").GetString().ShouldBe(message);
        }
    }

    [Fact]
    public async Task Create_RefusesATakenAddress_AndATopicWhoseScopeTheAppLacks()
    {
        await using var server = await TillServer.StartAsync(configure: Fast);
        var (shop, token) = await AppAsync(server, "s7");
        Errors(await SubscribeAsync(server, token, "https://example.com/same")).ShouldBe("[]");
        Errors(await SubscribeAsync(server, token, "https://example.com/same"))
            .ShouldBe("""[{"field":["webhookSubscription","uri"],"message":"Address for this topic has already been taken"}]""");
        Errors(await SubscribeAsync(server, token, "https://example.com/same", topic: "APP_UNINSTALLED")).ShouldBe("[]");

        var cashOnly = (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/tokens", new { scopes = ReadCash })).GetProperty("token").GetString()!;
        Errors(await SubscribeAsync(server, cashOnly, "https://example.com/t"))
            .ShouldBe("""[{"field":["topic"],"message":"The app needs the read_orders access scope to subscribe to TENDER_TRANSACTIONS_CREATE"}]""");
    }

    [Fact]
    public async Task ControlApi_TokenSecret_IsGeneratedAndShownOnce_OrRefusedWhenMalformed()
    {
        await using var server = await TillServer.StartAsync(configure: Fast);
        var shop = await server.CreateShopAsync();
        var path = $"/shops/{Uri.EscapeDataString(shop.ShopId)}/tokens";
        var generated = await server.ControlJsonAsync(HttpMethod.Post, path, new { scopes = ReadOrders });
        generated.GetProperty("secret").GetString()!.Length.ShouldBeGreaterThan(20);
        var bad = await server.ControlJsonAsync(HttpMethod.Post, path, new { scopes = ReadOrders, secret = "" }, expectedStatus: 422);
        bad.GetProperty("error").GetProperty("field").GetString().ShouldBe("secret");
    }
}
