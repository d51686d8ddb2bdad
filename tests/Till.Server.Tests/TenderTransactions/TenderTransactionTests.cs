using System.Globalization;
using System.Text.Json;
using Till.Server.Tests.Bulk;
using Till.Server.Tests.Queries;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.TenderTransactions;

/// <summary>
/// <c>tenderTransactions</c> over HTTP: every order transaction the control API recorded, in any
/// tender, as money that moved (a sale positive, a refund or change negative), with the
/// reference's filters, paging, the <c>read_orders</c> scope and <c>node</c>.
/// </summary>
public sealed class TenderTransactionTests : IAsyncLifetime
{
    private const string Fields = "id amount { amount currencyCode } paymentMethod processedAt remoteReference test transactionDetails { __typename } user { id } order { id }";

    private TillServer server = null!;
    private TestShop shop = null!;
    private string ordersToken = null!;
    private string secondDevice = null!;
    private readonly List<string> recorded = [];

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync();
        shop = await server.CreateShopAsync();
        ordersToken = await TokenAsync(shop, "read_orders", "read_cash_tracking");
        secondDevice = await QueryKit.CreateDeviceAsync(shop, shop.LocationId, "Register 2");

        // Card payments on the second device need no session; cash on the first one does.
        recorded.Add(await QueryKit.RecordAsync(shop, "SALE", "30.00", "2025-01-10T10:00:00Z", gateway: "shopify_payments", deviceId: secondDevice));
        recorded.Add(await QueryKit.RecordAsync(shop, "REFUND", "5.00", "2025-01-11T10:00:00Z", gateway: "shopify_payments", deviceId: secondDevice));
        await shop.OpenAsync("100.00");
        recorded.Add(await QueryKit.RecordAsync(shop, "SALE", "20.00"));
        recorded.Add(await QueryKit.RecordAsync(shop, "CHANGE", "2.50"));
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<string> TokenAsync(TestShop s, params string[] scopes) =>
        (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(s.ShopId)}/tokens", new { scopes })).GetProperty("token").GetString()!;

    private static string Tender(string orderTransactionId) => "gid://shopify/TenderTransaction/" + QueryKit.Number(orderTransactionId);

    private async Task<JsonElement> ListAsync(string arguments, string? token = null) =>
        await server.GraphQLAsync(token ?? ordersToken, $"{{ tenderTransactions({arguments}) {{ edges {{ cursor node {{ {Fields} }} }} pageInfo {{ hasNextPage hasPreviousPage }} }} }}");

    private static List<string> Ids(JsonElement result) => QueryKit.Ids(QueryKit.Data(result).GetProperty("tenderTransactions"));

    [Fact]
    public async Task EveryRecordedTransaction_IsATenderTransaction_SignedAsMoneyThatMoved()
    {
        var result = await ListAsync("first: 10");
        var nodes = QueryKit.Data(result).GetProperty("tenderTransactions").GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node")).ToList();
        nodes.Select(n => n.GetProperty("id").GetString()).ShouldBe(recorded.Select(Tender));
        nodes.Select(n => decimal.Parse(n.GetProperty("amount").GetProperty("amount").GetString()!, CultureInfo.InvariantCulture)).ShouldBe([30m, -5m, 20m, -2.5m]);
        nodes.ShouldAllBe(n => n.GetProperty("amount").GetProperty("currencyCode").GetString() == "USD");
        nodes.Select(n => n.GetProperty("paymentMethod").GetString()).ShouldBe(["shopify_payments", "shopify_payments", "cash", "cash"]);
        nodes[0].GetProperty("processedAt").GetString().ShouldBe("2025-01-10T10:00:00Z");
        foreach (var node in nodes)
        {
            node.GetProperty("test").GetBoolean().ShouldBeFalse();
            QueryKit.IsNull(node.GetProperty("order")).ShouldBeTrue(node.ToString());
            QueryKit.IsNull(node.GetProperty("remoteReference")).ShouldBeTrue();
            QueryKit.IsNull(node.GetProperty("transactionDetails")).ShouldBeTrue();
            node.GetProperty("user").GetProperty("id").GetString().ShouldBe(shop.StaffId);
        }
    }

    [Fact]
    public async Task Node_AnswersTheTenderTransaction_AndTheOrderTransactionHasNoOrder()
    {
        var tender = Tender(recorded[2]);
        var result = await server.GraphQLAsync(ordersToken, "query($t: ID!, $o: ID!) { t: node(id: $t) { __typename ... on TenderTransaction { id amount { amount } } } o: node(id: $o) { __typename ... on OrderTransaction { id order { id } } } }", new { t = tender, o = recorded[2] });
        var data = QueryKit.Data(result);
        data.GetProperty("t").GetProperty("__typename").GetString().ShouldBe("TenderTransaction");
        data.GetProperty("t").GetProperty("id").GetString().ShouldBe(tender);
        data.GetProperty("o").GetProperty("__typename").GetString().ShouldBe("OrderTransaction");
        QueryKit.IsNull(data.GetProperty("o").GetProperty("order")).ShouldBeTrue();

        var missing = await server.GraphQLAsync(ordersToken, "query($t: ID!) { node(id: $t) { id } }", new { t = "gid://shopify/TenderTransaction/999999" });
        QueryKit.IsNull(QueryKit.Data(missing).GetProperty("node")).ShouldBeTrue();
    }

    [Fact]
    public async Task Query_FiltersByTheReferencesFields()
    {
        (await IdsAsync($"point_of_sale_device_id:{QueryKit.Number(secondDevice)}")).ShouldBe([Tender(recorded[0]), Tender(recorded[1])]);
        (await IdsAsync($"point_of_sale_device_id:{QueryKit.Number(shop.DeviceId)}")).ShouldBe([Tender(recorded[2]), Tender(recorded[3])]);
        (await IdsAsync($"id:{QueryKit.Number(recorded[1])}")).ShouldBe([Tender(recorded[1])]);
        (await IdsAsync($"id:>={QueryKit.Number(recorded[2])}")).ShouldBe([Tender(recorded[2]), Tender(recorded[3])]);
        (await IdsAsync("processed_at:<2025-01-11T00:00:00Z")).ShouldBe([Tender(recorded[0])]);
        (await IdsAsync("processed_at:>=2025-01-11 AND processed_at:<2025-01-12")).ShouldBe([Tender(recorded[1])]);
        (await IdsAsync("test:true")).ShouldBeEmpty();
        (await IdsAsync("test:false")).Count.ShouldBe(4);

        async Task<List<string>> IdsAsync(string query) =>
            Ids(await server.GraphQLAsync(ordersToken, "query($q: String) { tenderTransactions(first: 10, query: $q) { edges { node { id } } } }", new { q = query }));
    }

    [Fact]
    public async Task Query_AnUnknownField_IsWarnedAboutAndIgnored()
    {
        var result = await server.GraphQLAsync(ordersToken, "{ tenderTransactions(first: 10, query: \"kind:refund\") { edges { node { id } } } }");
        Ids(result).Count.ShouldBe(4);
        var search = result.GetProperty("extensions").GetProperty("search")[0];
        search.GetProperty("path")[0].GetString().ShouldBe("tenderTransactions");
        search.GetProperty("warnings")[0].GetProperty("field").GetString().ShouldBe("kind");
        search.GetProperty("warnings")[0].GetProperty("message").GetString().ShouldBe("Invalid search field for this query.");
    }

    [Fact]
    public async Task Paging_WalksForwardBackwardAndReversed()
    {
        var first = QueryKit.Data(await ListAsync("first: 3")).GetProperty("tenderTransactions");
        QueryKit.Ids(first).ShouldBe(recorded.Take(3).Select(Tender));
        first.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean().ShouldBeTrue();
        var cursor = first.GetProperty("edges")[2].GetProperty("cursor").GetString();
        var next = QueryKit.Data(await ListAsync($"first: 3, after: \"{cursor}\"")).GetProperty("tenderTransactions");
        QueryKit.Ids(next).ShouldBe([Tender(recorded[3])]);
        next.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean().ShouldBeFalse();
        next.GetProperty("pageInfo").GetProperty("hasPreviousPage").GetBoolean().ShouldBeTrue();

        var last = QueryKit.Data(await ListAsync("last: 1")).GetProperty("tenderTransactions");
        QueryKit.Ids(last).ShouldBe([Tender(recorded[3])]);
        var before = last.GetProperty("edges")[0].GetProperty("cursor").GetString();
        QueryKit.Ids(QueryKit.Data(await ListAsync($"last: 2, before: \"{before}\"")).GetProperty("tenderTransactions")).ShouldBe([Tender(recorded[1]), Tender(recorded[2])]);

        QueryKit.Ids(QueryKit.Data(await ListAsync("first: 10, reverse: true")).GetProperty("tenderTransactions")).ShouldBe(recorded.Select(Tender).Reverse());
        QueryKit.ErrorCode(await ListAsync("first: 1, last: 1")).ShouldBe("BAD_REQUEST");
    }

    [Fact]
    public async Task WithoutReadOrders_TheListAndTheNodeAreAccessDenied()
    {
        var cashOnly = await TokenAsync(shop, "read_cash_tracking", "read_point_of_sale_devices");
        var denied = await ListAsync("first: 1", cashOnly);
        QueryKit.ErrorCode(denied).ShouldBe("ACCESS_DENIED");
        QueryKit.ErrorMessage(denied).ShouldStartWith("Access denied for tenderTransactions field.");
        QueryKit.IsNull(denied.GetProperty("data")).ShouldBeTrue(denied.ToString());

        var node = await server.GraphQLAsync(cashOnly, "query($t: ID!) { node(id: $t) { id } }", new { t = Tender(recorded[0]) });
        QueryKit.ErrorCode(node).ShouldBe("ACCESS_DENIED");
    }

    [Fact]
    public async Task Cost_IsThatOfAConnection_RefundedToWhatWasRead()
    {
        // 2 + 10 × (the node 1 + its user 1); four transactions were read: 2 + 4 × 2.
        var result = await server.GraphQLAsync(ordersToken, "{ tenderTransactions(first: 10) { nodes { id user { id } } } }");
        var cost = result.GetProperty("extensions").GetProperty("cost");
        cost.GetProperty("requestedQueryCost").GetInt32().ShouldBe(22);
        cost.GetProperty("actualQueryCost").GetInt32().ShouldBe(10);
    }

    [Fact]
    public async Task BulkExport_WritesEveryTenderTransaction_OneALine()
    {
        Func<string, object?, Task<JsonElement>> graphQL = (query, variables) => server.GraphQLAsync(ordersToken, query, variables);
        var id = await BulkKit.StartAsync(graphQL, "{ tenderTransactions { edges { node { id amount { amount } paymentMethod } } } }");
        var (operation, _) = await BulkKit.WaitForAsync(graphQL, id, TimeSpan.FromSeconds(30), "COMPLETED", "FAILED");
        operation.GetProperty("status").GetString().ShouldBe("COMPLETED", operation.ToString());
        var (_, lines) = await BulkKit.DownloadAsync(server.Http, operation);
        lines.Select(l => l.GetProperty("id").GetString()).ShouldBe(recorded.Select(Tender));
        lines.Select(l => decimal.Parse(l.GetProperty("amount").GetProperty("amount").GetString()!, CultureInfo.InvariantCulture)).ShouldBe([30m, -5m, 20m, -2.5m]);
    }
}
