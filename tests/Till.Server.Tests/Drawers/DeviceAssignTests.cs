using System.Net;
using System.Text.Json;
using Till.Server.Tests.Concurrency;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Drawers;

public sealed class DeviceAssignTests : IAsyncLifetime
{
    private const string Assign = """
        mutation($d: ID!, $p: ID!) { pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: $d, pointOfSaleDeviceId: $p) {
          pointOfSaleDevice { id cashDrawer { id } }
          userErrors { field message code }
        } }
        """;

    private TillServer server = null!;
    private readonly DrawerFaults faults = new();

    public async Task InitializeAsync() => server = await TillServer.StartAsync(wrapStore: s => new DrawerFaultStore(s, faults));

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static async Task<JsonElement> AssignAsync(TestShop shop, string drawerId, string deviceId) =>
        TestShop.Payload(await shop.GraphQLAsync(Assign, new { d = drawerId, p = deviceId }), "pointOfSaleDeviceAssignToCashDrawer");

    private static JsonElement SingleError(JsonElement payload)
    {
        payload.GetProperty("pointOfSaleDevice").ValueKind.ShouldBe(JsonValueKind.Null, payload.ToString());
        return payload.GetProperty("userErrors").EnumerateArray().ShouldHaveSingleItem();
    }

    private static async Task<string?> DrawerOfDeviceAsync(TestShop shop, string deviceId)
    {
        var result = await shop.GraphQLAsync("query($id: ID!) { pointOfSaleDevice(id: $id) { id cashDrawer { id } } }", new { id = deviceId });
        var device = result.GetProperty("data").GetProperty("pointOfSaleDevice");
        device.GetProperty("id").GetString().ShouldBe(deviceId);
        var drawer = device.GetProperty("cashDrawer");
        return drawer.ValueKind == JsonValueKind.Null ? null : drawer.GetProperty("id").GetString();
    }

    private async Task<string> CreateLocationAsync(TestShop shop, string name) =>
        (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/locations", new { name })).GetProperty("id").GetString()!;

    private async Task<string> CreateDeviceAsync(TestShop shop, string locationId, string name) =>
        (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/devices", new { locationId, name })).GetProperty("id").GetString()!;

    [Fact]
    public async Task Assign_DrawerAtDevicesLocation_AssignsIt()
    {
        var shop = await server.CreateShopAsync();
        var device = await CreateDeviceAsync(shop, shop.LocationId, "Register 2");
        (await DrawerOfDeviceAsync(shop, device)).ShouldBeNull();

        var payload = await AssignAsync(shop, shop.DrawerId, device);

        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        payload.GetProperty("pointOfSaleDevice").GetProperty("id").GetString().ShouldBe(device);
        payload.GetProperty("pointOfSaleDevice").GetProperty("cashDrawer").GetProperty("id").GetString().ShouldBe(shop.DrawerId);
        (await DrawerOfDeviceAsync(shop, device)).ShouldBe(shop.DrawerId);
        (await DrawerOfDeviceAsync(shop, shop.DeviceId)).ShouldBe(shop.DrawerId);
    }

    [Fact]
    public async Task Assign_AgainToAnotherDrawer_ReplacesTheOldAssignment()
    {
        var shop = await server.CreateShopAsync();
        var second = await shop.CreateDrawerAsync("Drawer 2");

        var payload = await AssignAsync(shop, second, shop.DeviceId);

        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        payload.GetProperty("pointOfSaleDevice").GetProperty("cashDrawer").GetProperty("id").GetString().ShouldBe(second);
        (await DrawerOfDeviceAsync(shop, shop.DeviceId)).ShouldBe(second);
        var devices = await shop.GraphQLAsync("query($id: ID!) { cashDrawer(id: $id) { pointOfSaleDevices(first: 10) { nodes { id } } } }", new { id = shop.DrawerId });
        devices.GetProperty("data").GetProperty("cashDrawer").GetProperty("pointOfSaleDevices").GetProperty("nodes").GetArrayLength().ShouldBe(0, devices.ToString());
    }

    [Fact]
    public async Task Assign_DrawerAtAnotherLocation_IsLocationMismatchAndKeepsTheOldDrawer()
    {
        var shop = await server.CreateShopAsync();
        var north = await CreateLocationAsync(shop, "North");
        var northDrawer = await shop.CreateDrawerAsync("North drawer", north);

        var error = SingleError(await AssignAsync(shop, northDrawer, shop.DeviceId));

        error.GetProperty("code").GetString().ShouldBe("LOCATION_MISMATCH");
        error.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        (await DrawerOfDeviceAsync(shop, shop.DeviceId)).ShouldBe(shop.DrawerId);
    }

    [Theory]
    [InlineData("gid://shopify/CashDrawer/999999999")]
    [InlineData("gid://shopify/Location/1")]
    public async Task Assign_UnknownDrawer_IsCashDrawerNotFound(string drawerId)
    {
        var shop = await server.CreateShopAsync();

        var error = SingleError(await AssignAsync(shop, drawerId, shop.DeviceId));

        error.GetProperty("code").GetString().ShouldBe("CASH_DRAWER_NOT_FOUND");
        (await DrawerOfDeviceAsync(shop, shop.DeviceId)).ShouldBe(shop.DrawerId);
    }

    [Fact]
    public async Task Assign_OtherShopsDrawer_IsCashDrawerNotFound()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();

        var error = SingleError(await AssignAsync(shop, other.DrawerId, shop.DeviceId));

        error.GetProperty("code").GetString().ShouldBe("CASH_DRAWER_NOT_FOUND");
        (await DrawerOfDeviceAsync(shop, shop.DeviceId)).ShouldBe(shop.DrawerId);
    }

    [Theory]
    [InlineData("gid://shopify/PointOfSaleDevice/999999999")]
    [InlineData("gid://shopify/CashDrawer/1")]
    public async Task Assign_UnknownDevice_IsPointOfSaleDeviceNotFound(string deviceId)
    {
        var shop = await server.CreateShopAsync();

        var error = SingleError(await AssignAsync(shop, shop.DrawerId, deviceId));

        error.GetProperty("code").GetString().ShouldBe("POINT_OF_SALE_DEVICE_NOT_FOUND");
    }

    [Fact]
    public async Task Assign_OtherShopsDevice_IsPointOfSaleDeviceNotFoundAndLeavesItAlone()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();

        var error = SingleError(await AssignAsync(shop, shop.DrawerId, other.DeviceId));

        error.GetProperty("code").GetString().ShouldBe("POINT_OF_SALE_DEVICE_NOT_FOUND");
        (await DrawerOfDeviceAsync(other, other.DeviceId)).ShouldBe(other.DrawerId);
    }

    [Fact]
    public async Task Assign_DatabaseUnreachable_IsInternalError()
    {
        var shop = await server.CreateShopAsync();
        var second = await shop.CreateDrawerAsync("Drawer 2");

        faults.FailWriteBegin = true;
        var error = SingleError(await AssignAsync(shop, second, shop.DeviceId));
        faults.FailWriteBegin = false;

        error.GetProperty("code").GetString().ShouldBe("INTERNAL_ERROR");
        (await DrawerOfDeviceAsync(shop, shop.DeviceId)).ShouldBe(shop.DrawerId);
    }

    [Fact]
    public async Task Assign_WriteFails_IsInternalErrorAndKeepsTheOldDrawer()
    {
        var shop = await server.CreateShopAsync();
        var second = await shop.CreateDrawerAsync("Drawer 2");

        faults.FailAssignDevice = true;
        var error = SingleError(await AssignAsync(shop, second, shop.DeviceId));
        faults.FailAssignDevice = false;

        error.GetProperty("code").GetString().ShouldBe("INTERNAL_ERROR");
        (await DrawerOfDeviceAsync(shop, shop.DeviceId)).ShouldBe(shop.DrawerId);
    }

    [Fact]
    public async Task Assign_WhileSessionOpen_SessionKeepsTheDrawerItOpenedOn()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");
        var second = await shop.CreateDrawerAsync("Drawer 2");

        var payload = await AssignAsync(shop, second, shop.DeviceId);

        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        (await DrawerOfDeviceAsync(shop, shop.DeviceId)).ShouldBe(second);
        var active = await shop.GraphQLAsync("query($id: ID!) { pointOfSaleDevice(id: $id) { activePaymentSession { id cashDrawer { id } } } }", new { id = shop.DeviceId });
        var activeSession = active.GetProperty("data").GetProperty("pointOfSaleDevice").GetProperty("activePaymentSession");
        activeSession.GetProperty("id").GetString().ShouldBe(sessionId);
        activeSession.GetProperty("cashDrawer").GetProperty("id").GetString().ShouldBe(shop.DrawerId);

        // Cash and adjustments during the session still move the drawer it opened on.
        using (var sale = await shop.RecordTransactionAsync("SALE", "10.00"))
        {
            sale.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        (await shop.AdjustPayloadAsync(sessionId, "5.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(115m);
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, second)).ShouldBe(0m);

        var close = await shop.ClosePayloadAsync(sessionId, "115.00");
        close.GetProperty("userErrors").GetArrayLength().ShouldBe(0, close.ToString());
        var closed = close.GetProperty("pointOfSaleDevicePaymentSession");
        closed.GetProperty("cashDrawer").GetProperty("id").GetString().ShouldBe(shop.DrawerId);
        closed.GetProperty("expectedCashAtClose").GetProperty("amount").GetString().ShouldBe("115.0");

        // The next session opens on the new drawer, whose first session sets its float up.
        var next = await shop.OpenPayloadAsync("40.00");
        var opened = next.GetProperty("pointOfSaleDevicePaymentSession");
        opened.GetProperty("cashDrawer").GetProperty("id").GetString().ShouldBe(second);
        opened.GetProperty("expectedCashAtOpen").GetProperty("amount").GetString().ShouldBe("40.0");
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, second)).ShouldBe(40m);
        (await LedgerFile.AssertBalancedAsync(server, shop.ShopId, shop.DrawerId)).ShouldBe(115m);
    }
}
