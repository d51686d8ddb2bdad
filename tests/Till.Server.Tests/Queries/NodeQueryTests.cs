using System.Net;
using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Queries;

public sealed class NodeQueryTests : IAsyncLifetime
{
    private const string NodeQuery = "query($id: ID!) { node(id: $id) { __typename id } }";
    private const string NodesQuery = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }";

    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static async Task<JsonElement> NodeAsync(TestShop shop, string id) =>
        QueryKit.Data(await shop.GraphQLAsync(NodeQuery, new { id })).GetProperty("node");

    /// <summary>A shop with a session holding a cash sale and an adjustment; returns every ID it made.</summary>
    private static async Task<Dictionary<string, string>> ScriptAsync(TestShop shop)
    {
        var session = await shop.OpenAsync();
        var transaction = await QueryKit.RecordAsync(shop, "SALE", "12.00");
        var adjusted = await shop.AdjustPayloadAsync(session, "-2.00", note: "float");
        adjusted.GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        var custom = await QueryKit.CreateReasonCodeAsync(shop, "Bank deposit");
        var codes = await QueryKit.ReasonCodesAsync(shop);
        var legacy = QueryKit.Data(await shop.GraphQLAsync(
            "query($id: ID!) { cashTrackingSession(id: $id) { adjustments(first: 5) { nodes { id } } } }",
            new { id = "gid://shopify/CashTrackingSession/" + QueryKit.Number(session) }));
        var adjustment = legacy.GetProperty("cashTrackingSession").GetProperty("adjustments").GetProperty("nodes").EnumerateArray().Single().GetProperty("id").GetString()!;
        return new Dictionary<string, string>
        {
            ["PointOfSaleDevicePaymentSession"] = session,
            ["CashDrawer"] = shop.DrawerId,
            ["PointOfSaleDevice"] = shop.DeviceId,
            ["StaffMember"] = shop.StaffId,
            ["Location"] = shop.LocationId,
            ["OrderTransaction"] = transaction,
            ["CashTrackingSession"] = "gid://shopify/CashTrackingSession/" + QueryKit.Number(session),
            ["CashTrackingAdjustment"] = adjustment,
            ["CashManagementCustomReasonCode"] = custom,
            ["CashManagementDefaultReasonCode"] = codes.First(c => c.Type == "CashManagementDefaultReasonCode").Id,
            ["CashManagementSystemReasonCode"] = codes.First(c => c.Type == "CashManagementSystemReasonCode").Id,
        };
    }

    [Fact]
    public async Task Node_EveryTypeTheServerResolves_ReturnsTheObject()
    {
        var shop = await server.CreateShopAsync();
        var ids = await ScriptAsync(shop);

        foreach (var (type, id) in ids)
        {
            var node = await NodeAsync(shop, id);
            node.ValueKind.ShouldBe(JsonValueKind.Object, type);
            node.GetProperty("__typename").GetString().ShouldBe(type);
            node.GetProperty("id").GetString().ShouldBe(id);
        }
    }

    [Fact]
    public async Task Node_InlineFragments_ResolveTypeSpecificFields()
    {
        var shop = await server.CreateShopAsync();
        var ids = await ScriptAsync(shop);

        var result = await shop.GraphQLAsync(
            """
            query($s: ID!, $t: ID!, $l: ID!) {
              s: node(id: $s) { ... on PointOfSaleDevicePaymentSession { status cashDrawer { id } } }
              t: node(id: $t) { ... on OrderTransaction { kind gateway amountV2 { amount } } }
              l: node(id: $l) { ... on CashTrackingSession { registerName cashTrackingEnabled } }
            }
            """,
            new { s = ids["PointOfSaleDevicePaymentSession"], t = ids["OrderTransaction"], l = ids["CashTrackingSession"] });
        var data = QueryKit.Data(result);

        data.GetProperty("s").GetProperty("status").GetString().ShouldBe("OPEN");
        data.GetProperty("s").GetProperty("cashDrawer").GetProperty("id").GetString().ShouldBe(shop.DrawerId);
        data.GetProperty("t").GetProperty("kind").GetString().ShouldBe("SALE");
        data.GetProperty("t").GetProperty("gateway").GetString().ShouldBe("cash");
        QueryKit.Amount(data.GetProperty("t"), "amountV2").ShouldBe("12.0");
        data.GetProperty("l").GetProperty("registerName").GetString().ShouldBe("Register 1");
        data.GetProperty("l").GetProperty("cashTrackingEnabled").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Node_AnotherShopsObjects_AreNull()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        var theirs = await ScriptAsync(other);

        foreach (var (type, id) in theirs)
        {
            (await NodeAsync(shop, id)).ValueKind.ShouldBe(JsonValueKind.Null, type);
        }
    }

    [Theory]
    [InlineData("gid://shopify/CashDrawer/987654321")]
    [InlineData("gid://shopify/PointOfSaleDevicePaymentSession/987654321")]
    [InlineData("gid://shopify/CashManagementCustomReasonCode/987654321")]
    [InlineData("gid://shopify/GiftCard/1")]
    [InlineData("gid://shopify/Product/1")]
    [InlineData("gid://shopify/Shop/987654321")]
    public async Task Node_UnknownOrUnservedId_IsNull(string id)
    {
        var shop = await server.CreateShopAsync();
        await ScriptAsync(shop);

        (await NodeAsync(shop, id)).ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Node_TheTokensShop_IsTheShop()
    {
        var shop = await server.CreateShopAsync();

        var result = await shop.GraphQLAsync("query($id: ID!) { node(id: $id) { __typename id ... on Shop { name } } }", new { id = shop.ShopId });

        var node = result.GetProperty("data").GetProperty("node");
        node.GetProperty("__typename").GetString().ShouldBe("Shop");
        node.GetProperty("id").GetString().ShouldBe(shop.ShopId);
    }

    [Fact]
    public async Task Node_ReasonCodeNumberUnderAnotherReasonCodeType_IsNull()
    {
        var shop = await server.CreateShopAsync();
        var ids = await ScriptAsync(shop);

        var asDefault = "gid://shopify/CashManagementDefaultReasonCode/" + QueryKit.Number(ids["CashManagementCustomReasonCode"]);
        var asCustom = "gid://shopify/CashManagementCustomReasonCode/" + QueryKit.Number(ids["CashManagementSystemReasonCode"]);

        (await NodeAsync(shop, asDefault)).ValueKind.ShouldBe(JsonValueKind.Null);
        (await NodeAsync(shop, asCustom)).ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Node_GiftCardFragment_IsNull()
    {
        var shop = await server.CreateShopAsync();

        var result = await shop.GraphQLAsync("{ node(id: \"gid://shopify/GiftCard/1\") { id ... on GiftCard { balance { amount } } } }");

        QueryKit.IsNull(QueryKit.Data(result).GetProperty("node")).ShouldBeTrue();
    }

    [Fact]
    public async Task Nodes_MixedIds_KeepsTheOrderWithNullsForMisses()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        var ids = await ScriptAsync(shop);
        string[] asked =
        [
            ids["PointOfSaleDevicePaymentSession"],
            "gid://shopify/CashDrawer/987654321",
            shop.DrawerId,
            "gid://shopify/GiftCard/1",
            other.DrawerId,
            shop.DeviceId,
            ids["CashManagementCustomReasonCode"],
            shop.DrawerId,
        ];

        var nodes = QueryKit.Data(await shop.GraphQLAsync(NodesQuery, new { ids = asked })).GetProperty("nodes").EnumerateArray().ToList();

        nodes.Count.ShouldBe(asked.Length);
        nodes.Select(n => n.ValueKind == JsonValueKind.Null ? null : n.GetProperty("id").GetString())
            .ShouldBe([asked[0], null, asked[2], null, null, asked[5], asked[6], asked[7]]);
        nodes[0].GetProperty("__typename").GetString().ShouldBe("PointOfSaleDevicePaymentSession");
        nodes[5].GetProperty("__typename").GetString().ShouldBe("PointOfSaleDevice");
    }

    [Fact]
    public async Task Nodes_Empty_IsAnEmptyList()
    {
        var shop = await server.CreateShopAsync();

        QueryKit.Data(await shop.GraphQLAsync(NodesQuery, new { ids = Array.Empty<string>() })).GetProperty("nodes").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Nodes_250Ids_AreAllResolved()
    {
        var shop = await server.CreateShopAsync();
        var ids = Enumerable.Repeat(shop.DrawerId, 250).ToArray();

        var nodes = QueryKit.Data(await shop.GraphQLAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids })).GetProperty("nodes");

        nodes.GetArrayLength().ShouldBe(250);
        nodes.EnumerateArray().ShouldAllBe(n => n.GetProperty("id").GetString() == shop.DrawerId);
    }

    [Fact]
    public async Task Nodes_251Ids_IsMaxInputSizeExceededWithoutAServerError()
    {
        var shop = await server.CreateShopAsync();
        var ids = Enumerable.Range(1, 251).Select(i => "gid://shopify/CashDrawer/" + i).ToArray();

        using var response = await server.PostGraphQLAsync(shop.Token, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids });
        var result = await TillServer.ReadJsonAsync(response);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, result.ToString());
        QueryKit.ErrorCode(result).ShouldBe("MAX_INPUT_SIZE_EXCEEDED");
        result.GetProperty("errors").EnumerateArray().ShouldAllBe(e => e.GetProperty("extensions").GetProperty("code").GetString() != "INTERNAL_SERVER_ERROR");
        if (result.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            data.GetProperty("nodes").ValueKind.ShouldBe(JsonValueKind.Null);
        }
    }
}
