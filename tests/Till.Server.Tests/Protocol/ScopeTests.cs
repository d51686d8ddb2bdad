using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Protocol;

public sealed class ScopeTests : IAsyncLifetime
{
    private const string ReadCash = "`read_cash_tracking` access scope";
    private const string WriteCash = "`write_cash_tracking` access scope";

    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static string[] Scopes(string csv) => csv.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static string CashQuery(string field, TestShop shop, string sessionId) => field switch
    {
        "pointOfSaleDevicePaymentSession" => $$"""{ pointOfSaleDevicePaymentSession(id: "{{sessionId}}") { id status } }""",
        "cashDrawer" => $$"""{ cashDrawer(id: "{{shop.DrawerId}}") { id name } }""",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    private static void ShouldBeDeviceAccessDenied(JsonElement error, string[] path, int column)
    {
        error.GetProperty("message").GetString()!.ShouldStartWith("Access denied for pointOfSaleDevice field. Required access: ", Case.Sensitive, error.ToString());
        error.GetProperty("message").GetString()!.ShouldContain("`read_point_of_sale_devices` access scope", Case.Sensitive);
        ProtocolHelpers.PathOf(error).ShouldBe(path);
        var location = error.GetProperty("locations").EnumerateArray().Single();
        location.GetProperty("line").GetInt32().ShouldBe(1);
        location.GetProperty("column").GetInt32().ShouldBe(column);
        var extensions = error.GetProperty("extensions");
        extensions.GetProperty("code").GetString().ShouldBe("ACCESS_DENIED");
        extensions.GetProperty("documentation").GetString().ShouldBe(ProtocolHelpers.AccessScopesDocumentation);
        var required = extensions.GetProperty("requiredAccess").GetString()!;
        required.ShouldContain("`read_point_of_sale_devices` access scope", Case.Sensitive);
        required.ShouldContain("`read_orders` access scope", Case.Sensitive);
        required.ShouldContain("`read_marketplace_orders` access scope", Case.Sensitive);
        required.ShouldEndWith(".");
    }

    [Theory]
    [InlineData("pointOfSaleDevicePaymentSession", "")]
    [InlineData("pointOfSaleDevicePaymentSession", "read_point_of_sale_devices,read_orders")]
    [InlineData("cashDrawer", "")]
    [InlineData("cashDrawer", "read_point_of_sale_devices,read_orders")]
    public async Task CashQuery_WithoutReadCashTracking_IsAccessDeniedWithNullField(string field, string scopes)
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync();
        var token = await server.CreateTokenAsync(shop, Scopes(scopes));

        var (status, body, json) = await server.PostAsync(token, CashQuery(field, shop, sessionId));

        status.ShouldBe(200, body);
        var error = ProtocolHelpers.Errors(json).ShouldHaveSingleItem();
        ProtocolHelpers.ShouldBeAccessDenied(error, field, ReadCash, [field], line: 1, column: 3);
        json.GetProperty("data").GetProperty(field).ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task CashQuery_WithoutScopes_MatchesShopifyErrorShapeExactly()
    {
        var shop = await server.CreateShopAsync();
        var token = await server.CreateTokenAsync(shop);

        var (status, _, json) = await server.PostAsync(token, $$"""{ cashDrawer(id: "{{shop.DrawerId}}") { id } }""");

        status.ShouldBe(200);
        var error = ProtocolHelpers.Errors(json).ShouldHaveSingleItem();
        error.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ShouldBe(["extensions", "locations", "message", "path"]);
        error.GetProperty("extensions").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ShouldBe(["code", "documentation", "requiredAccess"]);
        error.GetProperty("message").GetString().ShouldBe("Access denied for cashDrawer field. Required access: `read_cash_tracking` access scope.");
        error.GetProperty("extensions").GetProperty("requiredAccess").GetString().ShouldBe("`read_cash_tracking` access scope.");
        json.GetProperty("data").GetProperty("cashDrawer").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("pointOfSaleDevicePaymentSession", "read_cash_tracking")]
    [InlineData("pointOfSaleDevicePaymentSession", "write_cash_tracking")]
    [InlineData("cashDrawer", "read_cash_tracking")]
    [InlineData("cashDrawer", "write_cash_tracking")]
    public async Task CashQuery_WithReadOrWriteCashTracking_Resolves(string field, string scopes)
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync();
        var token = await server.CreateTokenAsync(shop, Scopes(scopes));

        var (status, body, json) = await server.PostAsync(token, CashQuery(field, shop, sessionId));

        status.ShouldBe(200, body);
        ProtocolHelpers.Errors(json).ShouldBeEmpty(body);
        json.GetProperty("data").GetProperty(field).GetProperty("id").GetString().ShouldBe(field == "cashDrawer" ? shop.DrawerId : sessionId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("read_cash_tracking")]
    [InlineData("write_cash_tracking")]
    public async Task PointOfSaleDevice_WithoutDeviceScope_IsAccessDenied(string scopes)
    {
        var shop = await server.CreateShopAsync();
        var token = await server.CreateTokenAsync(shop, Scopes(scopes));

        var (status, body, json) = await server.PostAsync(token, $$"""{ pointOfSaleDevice(id: "{{shop.DeviceId}}") { id } }""");

        status.ShouldBe(200, body);
        ShouldBeDeviceAccessDenied(ProtocolHelpers.Errors(json).ShouldHaveSingleItem(), ["pointOfSaleDevice"], 3);
        json.GetProperty("data").GetProperty("pointOfSaleDevice").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("read_point_of_sale_devices")]
    [InlineData("read_orders")]
    [InlineData("read_marketplace_orders")]
    public async Task PointOfSaleDevice_WithAnyDeviceScope_Resolves(string scope)
    {
        var shop = await server.CreateShopAsync();
        var token = await server.CreateTokenAsync(shop, scope);

        var (status, body, json) = await server.PostAsync(token, $$"""{ pointOfSaleDevice(id: "{{shop.DeviceId}}") { id } }""");

        status.ShouldBe(200, body);
        ProtocolHelpers.Errors(json).ShouldBeEmpty(body);
        json.GetProperty("data").GetProperty("pointOfSaleDevice").GetProperty("id").GetString().ShouldBe(shop.DeviceId);
    }

    [Fact]
    public async Task SessionPointOfSaleDevice_WithReadCashTrackingOnly_IsAccessDenied()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync();
        var token = await server.CreateTokenAsync(shop, "read_cash_tracking");
        var query = $$"""{ pointOfSaleDevicePaymentSession(id: "{{sessionId}}") { id pointOfSaleDevice { id } } }""";

        var (status, body, json) = await server.PostAsync(token, query);

        status.ShouldBe(200, body);
        ShouldBeDeviceAccessDenied(ProtocolHelpers.Errors(json).ShouldHaveSingleItem(), ["pointOfSaleDevicePaymentSession", "pointOfSaleDevice"], ProtocolHelpers.ColumnOf(query, "pointOfSaleDevice { id }"));

        // The field is non-null, so its null reaches the nearest nullable parent.
        json.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSession").ValueKind.ShouldBe(JsonValueKind.Null);
        body.ShouldNotContain(shop.DeviceId);
    }

    [Fact]
    public async Task SessionPointOfSaleDevice_WithReadCashTrackingAndReadOrders_Resolves()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync();
        var token = await server.CreateTokenAsync(shop, "read_cash_tracking", "read_orders");

        var (_, body, json) = await server.PostAsync(token, $$"""{ pointOfSaleDevicePaymentSession(id: "{{sessionId}}") { id pointOfSaleDevice { id } } }""");

        ProtocolHelpers.Errors(json).ShouldBeEmpty(body);
        json.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSession").GetProperty("pointOfSaleDevice").GetProperty("id").GetString().ShouldBe(shop.DeviceId);
    }

    [Fact]
    public async Task AssignPayloadPointOfSaleDevice_WithWriteCashTrackingOnly_IsAccessDeniedButAssignmentRuns()
    {
        var shop = await server.CreateShopAsync();
        var second = await shop.CreateDrawerAsync("Drawer 2");
        var token = await server.CreateTokenAsync(shop, "write_cash_tracking");
        var query = $$"""mutation { pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: "{{second}}", pointOfSaleDeviceId: "{{shop.DeviceId}}") { pointOfSaleDevice { id } userErrors { code } } }""";

        var (status, body, json) = await server.PostAsync(token, query);

        status.ShouldBe(200, body);
        ShouldBeDeviceAccessDenied(ProtocolHelpers.Errors(json).ShouldHaveSingleItem(), ["pointOfSaleDeviceAssignToCashDrawer", "pointOfSaleDevice"], ProtocolHelpers.ColumnOf(query, "pointOfSaleDevice { id }"));
        var payload = json.GetProperty("data").GetProperty("pointOfSaleDeviceAssignToCashDrawer");
        payload.GetProperty("pointOfSaleDevice").ValueKind.ShouldBe(JsonValueKind.Null);
        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        (await DrawerOfDeviceAsync(shop)).ShouldBe(second);
    }

    [Fact]
    public async Task PointOfSaleDeviceCashFields_WithDeviceScopeOnly_AreAccessDenied()
    {
        // The contract: "the cash queries and objects need read_cash_tracking".
        var shop = await server.CreateShopAsync();
        await shop.OpenAsync();
        var token = await server.CreateTokenAsync(shop, "read_point_of_sale_devices");
        var query = $$"""{ pointOfSaleDevice(id: "{{shop.DeviceId}}") { id cashDrawer { id } activePaymentSession { id } } }""";

        var (status, body, json) = await server.PostAsync(token, query);

        status.ShouldBe(200, body);
        var device = json.GetProperty("data").GetProperty("pointOfSaleDevice");
        device.GetProperty("id").GetString().ShouldBe(shop.DeviceId);
        device.GetProperty("cashDrawer").ValueKind.ShouldBe(JsonValueKind.Null, body);
        device.GetProperty("activePaymentSession").ValueKind.ShouldBe(JsonValueKind.Null, body);
        var errors = ProtocolHelpers.Errors(json);
        errors.Length.ShouldBe(2, body);
        ProtocolHelpers.ShouldBeAccessDenied(errors.Single(e => ProtocolHelpers.PathOf(e)[^1] == "cashDrawer"), "cashDrawer", ReadCash, ["pointOfSaleDevice", "cashDrawer"], 1, ProtocolHelpers.ColumnOf(query, "cashDrawer {"));
        ProtocolHelpers.ShouldBeAccessDenied(errors.Single(e => ProtocolHelpers.PathOf(e)[^1] == "activePaymentSession"), "activePaymentSession", ReadCash, ["pointOfSaleDevice", "activePaymentSession"], 1, ProtocolHelpers.ColumnOf(query, "activePaymentSession"));
    }

    [Fact]
    public async Task DeniedField_DoesNotStopTheRestOfTheDocument()
    {
        var shop = await server.CreateShopAsync();
        var token = await server.CreateTokenAsync(shop, "read_cash_tracking");
        var query = $$"""{ cashDrawer(id: "{{shop.DrawerId}}") { id } pointOfSaleDevice(id: "{{shop.DeviceId}}") { id } }""";

        var (status, body, json) = await server.PostAsync(token, query);

        status.ShouldBe(200, body);
        json.GetProperty("data").GetProperty("cashDrawer").GetProperty("id").GetString().ShouldBe(shop.DrawerId);
        json.GetProperty("data").GetProperty("pointOfSaleDevice").ValueKind.ShouldBe(JsonValueKind.Null);
        ShouldBeDeviceAccessDenied(ProtocolHelpers.Errors(json).ShouldHaveSingleItem(), ["pointOfSaleDevice"], ProtocolHelpers.ColumnOf(query, "pointOfSaleDevice("));
    }

    public static TheoryData<string, string> DeniedMutations()
    {
        var data = new TheoryData<string, string>();
        foreach (var mutation in new[]
        {
            "pointOfSaleDevicePaymentSessionOpen", "pointOfSaleDevicePaymentSessionCount", "pointOfSaleDevicePaymentSessionAdjust",
            "pointOfSaleDevicePaymentSessionClose", "cashDrawerCreate", "pointOfSaleDeviceAssignToCashDrawer",
        })
        {
            data.Add(mutation, string.Empty);
            data.Add(mutation, "read_cash_tracking,read_point_of_sale_devices");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DeniedMutations))]
    public async Task Mutation_WithoutWriteCashTracking_IsAccessDeniedAndChangesNothing(string mutation, string scopes)
    {
        var shop = await server.CreateShopAsync();
        var token = await server.CreateTokenAsync(shop, Scopes(scopes));
        var sessionId = mutation is "pointOfSaleDevicePaymentSessionCount" or "pointOfSaleDevicePaymentSessionAdjust" or "pointOfSaleDevicePaymentSessionClose"
            ? await shop.OpenAsync()
            : null;
        var secondDrawer = mutation == "pointOfSaleDeviceAssignToCashDrawer" ? await shop.CreateDrawerAsync("Drawer 2") : null;

        var query = mutation switch
        {
            "pointOfSaleDevicePaymentSessionOpen" => $$"""mutation { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: "{{shop.DeviceId}}", staffMemberId: "{{shop.StaffId}}", balance: {amount: "100.00", currencyCode: USD}) { pointOfSaleDevicePaymentSession { id } userErrors { code } } }""",
            "pointOfSaleDevicePaymentSessionCount" => $$"""mutation { pointOfSaleDevicePaymentSessionCount(pointOfSaleDevicePaymentSessionId: "{{sessionId}}", staffMemberId: "{{shop.StaffId}}", balance: {amount: "90.00", currencyCode: USD}) { pointOfSaleDevicePaymentSession { id } userErrors { code } } }""",
            "pointOfSaleDevicePaymentSessionAdjust" => $$"""mutation { pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: "{{sessionId}}", staffMemberId: "{{shop.StaffId}}", cash: {amount: "-10.00", currencyCode: USD}) { pointOfSaleDevicePaymentSession { id } userErrors { message } } }""",
            "pointOfSaleDevicePaymentSessionClose" => $$"""mutation { pointOfSaleDevicePaymentSessionClose(pointOfSaleDevicePaymentSessionId: "{{sessionId}}", staffMemberId: "{{shop.StaffId}}", balance: {amount: "90.00", currencyCode: USD}) { pointOfSaleDevicePaymentSession { id } userErrors { code } } }""",
            "cashDrawerCreate" => $$"""mutation { cashDrawerCreate(locationId: "{{shop.LocationId}}", name: "Denied drawer") { cashDrawer { id } userErrors { code } } }""",
            "pointOfSaleDeviceAssignToCashDrawer" => $$"""mutation { pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: "{{secondDrawer}}", pointOfSaleDeviceId: "{{shop.DeviceId}}") { userErrors { code } } }""",
            _ => throw new ArgumentOutOfRangeException(nameof(mutation)),
        };

        var (status, body, json) = await server.PostAsync(token, query);

        status.ShouldBe(200, body);
        ProtocolHelpers.ShouldBeAccessDenied(ProtocolHelpers.Errors(json).ShouldHaveSingleItem(), mutation, WriteCash, [mutation], 1, ProtocolHelpers.ColumnOf(query, mutation));
        json.GetProperty("data").GetProperty(mutation).ValueKind.ShouldBe(JsonValueKind.Null);

        switch (mutation)
        {
            case "pointOfSaleDevicePaymentSessionOpen":
                var active = await shop.GraphQLAsync($$"""{ pointOfSaleDevice(id: "{{shop.DeviceId}}") { activePaymentSession { id } } }""");
                active.GetProperty("data").GetProperty("pointOfSaleDevice").GetProperty("activePaymentSession").ValueKind.ShouldBe(JsonValueKind.Null);
                var open = await shop.OpenPayloadAsync();
                open.GetProperty("userErrors").GetArrayLength().ShouldBe(0, "no session may have been opened (ALREADY_OPEN): " + open);
                break;
            case "cashDrawerCreate":
                await shop.CreateDrawerAsync("Denied drawer");
                break;
            case "pointOfSaleDeviceAssignToCashDrawer":
                (await DrawerOfDeviceAsync(shop)).ShouldBe(shop.DrawerId);
                break;
            default:
                var result = await shop.GraphQLAsync(
                    "query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { status closingTime totalAdjustments { amount } cashActivities(first: 50) { nodes { __typename } } } }",
                    new { id = sessionId });
                var session = result.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSession");
                session.GetProperty("status").GetString().ShouldBe("OPEN");
                session.GetProperty("closingTime").ValueKind.ShouldBe(JsonValueKind.Null);
                session.GetProperty("totalAdjustments").GetProperty("amount").GetString().ShouldBe("0.0");
                session.GetProperty("cashActivities").GetProperty("nodes").GetArrayLength().ShouldBe(1, result.ToString());
                break;
        }
    }

    [Fact]
    public async Task Mutations_WithWriteCashTrackingOnly_Run()
    {
        var shop = await server.CreateShopAsync();
        var token = await server.CreateTokenAsync(shop, "write_cash_tracking");

        async Task<JsonElement> RunAsync(string mutation, string query)
        {
            var (status, body, json) = await server.PostAsync(token, query);
            status.ShouldBe(200, body);
            ProtocolHelpers.Errors(json).ShouldBeEmpty(body);
            var payload = json.GetProperty("data").GetProperty(mutation);
            payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, body);
            return payload;
        }

        var drawer = (await RunAsync("cashDrawerCreate", $$"""mutation { cashDrawerCreate(locationId: "{{shop.LocationId}}", name: "Write only") { cashDrawer { id } userErrors { code } } }"""))
            .GetProperty("cashDrawer").GetProperty("id").GetString()!;
        await RunAsync("pointOfSaleDeviceAssignToCashDrawer", $$"""mutation { pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: "{{drawer}}", pointOfSaleDeviceId: "{{shop.DeviceId}}") { userErrors { code } } }""");
        var sessionId = (await RunAsync("pointOfSaleDevicePaymentSessionOpen", $$"""mutation { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: "{{shop.DeviceId}}", staffMemberId: "{{shop.StaffId}}", balance: {amount: "100.00", currencyCode: USD}) { pointOfSaleDevicePaymentSession { id cashDrawer { id } } userErrors { code } } }"""))
            .GetProperty("pointOfSaleDevicePaymentSession").GetProperty("id").GetString()!;
        await RunAsync("pointOfSaleDevicePaymentSessionAdjust", $$"""mutation { pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: "{{sessionId}}", staffMemberId: "{{shop.StaffId}}", cash: {amount: "-10.00", currencyCode: USD}) { pointOfSaleDevicePaymentSession { id } userErrors { message } } }""");
        await RunAsync("pointOfSaleDevicePaymentSessionCount", $$"""mutation { pointOfSaleDevicePaymentSessionCount(pointOfSaleDevicePaymentSessionId: "{{sessionId}}", staffMemberId: "{{shop.StaffId}}", balance: {amount: "90.00", currencyCode: USD}) { pointOfSaleDevicePaymentSession { id } userErrors { code } } }""");
        var closed = await RunAsync("pointOfSaleDevicePaymentSessionClose", $$"""mutation { pointOfSaleDevicePaymentSessionClose(pointOfSaleDevicePaymentSessionId: "{{sessionId}}", staffMemberId: "{{shop.StaffId}}", balance: {amount: "90.00", currencyCode: USD}) { pointOfSaleDevicePaymentSession { id status } userErrors { code } } }""");
        closed.GetProperty("pointOfSaleDevicePaymentSession").GetProperty("status").GetString().ShouldBe("CLOSED");
    }

    private static async Task<string?> DrawerOfDeviceAsync(TestShop shop)
    {
        var result = await shop.GraphQLAsync($$"""{ pointOfSaleDevice(id: "{{shop.DeviceId}}") { cashDrawer { id } } }""");
        return result.GetProperty("data").GetProperty("pointOfSaleDevice").GetProperty("cashDrawer").GetProperty("id").GetString();
    }
}
