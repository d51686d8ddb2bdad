using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Queries;

public sealed class DrawerMutationTests : IAsyncLifetime
{
    private const string Update = """
        mutation($id: ID!, $name: String!) { cashDrawerUpdate(id: $id, input: { name: $name }) {
          cashDrawer { id name location { id } }
          userErrors { field message code }
        } }
        """;

    private const string FindOrCreate = """
        mutation($l: ID!, $n: String!, $p: ID!) { cashDrawerFindOrCreate(locationId: $l, name: $n, pointOfSaleDeviceId: $p) {
          cashDrawer { id name location { id } }
          userErrors { field message code }
        } }
        """;

    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static async Task<JsonElement> UpdateAsync(TestShop shop, string id, string name) =>
        TestShop.Payload(await shop.GraphQLAsync(Update, new { id, name }), "cashDrawerUpdate");

    private static async Task<JsonElement> FindOrCreateAsync(TestShop shop, string locationId, string name, string deviceId) =>
        TestShop.Payload(await shop.GraphQLAsync(FindOrCreate, new { l = locationId, n = name, p = deviceId }), "cashDrawerFindOrCreate");

    private static JsonElement SingleError(JsonElement payload)
    {
        payload.GetProperty("cashDrawer").ValueKind.ShouldBe(JsonValueKind.Null, payload.ToString());
        return payload.GetProperty("userErrors").EnumerateArray().ShouldHaveSingleItem();
    }

    private static JsonElement Drawer(JsonElement payload)
    {
        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        return payload.GetProperty("cashDrawer");
    }

    private static async Task<string?> DrawerNameAsync(TestShop shop, string drawerId)
    {
        var drawer = QueryKit.Data(await shop.GraphQLAsync("query($id: ID!) { cashDrawer(id: $id) { name } }", new { id = drawerId })).GetProperty("cashDrawer");
        return drawer.ValueKind == JsonValueKind.Null ? null : drawer.GetProperty("name").GetString();
    }

    private static async Task<string?> DrawerOfDeviceAsync(TestShop shop, string deviceId)
    {
        var device = QueryKit.Data(await shop.GraphQLAsync("query($id: ID!) { pointOfSaleDevice(id: $id) { cashDrawer { id } } }", new { id = deviceId })).GetProperty("pointOfSaleDevice");
        var drawer = device.GetProperty("cashDrawer");
        return drawer.ValueKind == JsonValueKind.Null ? null : drawer.GetProperty("id").GetString();
    }

    private static async Task<List<string>> DrawerNamesAsync(TestShop shop) =>
        [.. QueryKit.Data(await shop.GraphQLAsync("{ cashDrawers(first: 250) { nodes { name } } }")).GetProperty("cashDrawers").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()!)];

    [Fact]
    public async Task Update_NewName_RenamesTheDrawerTrimmed()
    {
        var shop = await server.CreateShopAsync();

        var drawer = Drawer(await UpdateAsync(shop, shop.DrawerId, "  Front counter  "));

        drawer.GetProperty("id").GetString().ShouldBe(shop.DrawerId);
        drawer.GetProperty("name").GetString().ShouldBe("Front counter");
        drawer.GetProperty("location").GetProperty("id").GetString().ShouldBe(shop.LocationId);
        (await DrawerNameAsync(shop, shop.DrawerId)).ShouldBe("Front counter");
    }

    [Fact]
    public async Task Update_NameUsedAtAnotherLocation_Renames()
    {
        var shop = await server.CreateShopAsync();
        var elsewhere = await QueryKit.CreateLocationAsync(shop, "Warehouse");
        await shop.CreateDrawerAsync("Back office", elsewhere);

        var drawer = Drawer(await UpdateAsync(shop, shop.DrawerId, "Back office"));

        drawer.GetProperty("name").GetString().ShouldBe("Back office");
    }

    [Fact]
    public async Task Update_UnknownDrawer_IsCashDrawerNotFound()
    {
        var shop = await server.CreateShopAsync();

        var error = SingleError(await UpdateAsync(shop, "gid://shopify/CashDrawer/987654321", "Front counter"));

        error.GetProperty("code").GetString().ShouldBe("CASH_DRAWER_NOT_FOUND");
    }

    [Fact]
    public async Task Update_AnotherShopsDrawer_IsCashDrawerNotFoundAndKeepsItsName()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();

        var error = SingleError(await UpdateAsync(shop, other.DrawerId, "Stolen"));

        error.GetProperty("code").GetString().ShouldBe("CASH_DRAWER_NOT_FOUND");
        (await DrawerNameAsync(other, other.DrawerId)).ShouldBe("Drawer 1");
    }

    [Fact]
    public async Task Update_IdOfAnotherType_IsCashDrawerNotFound()
    {
        var shop = await server.CreateShopAsync();

        var error = SingleError(await UpdateAsync(shop, shop.DeviceId, "Front counter"));

        error.GetProperty("code").GetString().ShouldBe("CASH_DRAWER_NOT_FOUND");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task Update_InvalidName_IsInvalidNameAndKeepsTheOldName(string? name)
    {
        var shop = await server.CreateShopAsync();

        var error = SingleError(await UpdateAsync(shop, shop.DrawerId, name ?? new string('x', 256)));

        error.GetProperty("code").GetString().ShouldBe("INVALID_NAME");
        (await DrawerNameAsync(shop, shop.DrawerId)).ShouldBe("Drawer 1");
    }

    [Fact]
    public async Task Update_NameOf255Characters_Renames()
    {
        var shop = await server.CreateShopAsync();
        var name = new string('y', 255);

        Drawer(await UpdateAsync(shop, shop.DrawerId, name)).GetProperty("name").GetString().ShouldBe(name);
    }

    [Theory]
    [InlineData("Back office")]
    [InlineData("back OFFICE")]
    [InlineData("  Back office ")]
    public async Task Update_NameOfAnotherDrawerAtTheLocation_IsCashDrawerAlreadyExists(string name)
    {
        var shop = await server.CreateShopAsync();
        await shop.CreateDrawerAsync("Back office");

        var error = SingleError(await UpdateAsync(shop, shop.DrawerId, name));

        error.GetProperty("code").GetString().ShouldBe("CASH_DRAWER_ALREADY_EXISTS");
        (await DrawerNameAsync(shop, shop.DrawerId)).ShouldBe("Drawer 1");
    }

    [Fact]
    public async Task FindOrCreate_ExistingNameInOtherCase_FindsItAndAssignsTheDevice()
    {
        var shop = await server.CreateShopAsync();
        var device = await QueryKit.CreateDeviceAsync(shop, shop.LocationId, "Register 2");

        var drawer = Drawer(await FindOrCreateAsync(shop, shop.LocationId, "  DRAWER 1 ", device));

        drawer.GetProperty("id").GetString().ShouldBe(shop.DrawerId);
        drawer.GetProperty("name").GetString().ShouldBe("Drawer 1");
        (await DrawerOfDeviceAsync(shop, device)).ShouldBe(shop.DrawerId);
        (await DrawerNamesAsync(shop)).ShouldBe(["Drawer 1"]);
    }

    [Fact]
    public async Task FindOrCreate_MissingName_CreatesTheDrawerAndAssignsTheDevice()
    {
        var shop = await server.CreateShopAsync();
        var device = await QueryKit.CreateDeviceAsync(shop, shop.LocationId, "Register 2");

        var drawer = Drawer(await FindOrCreateAsync(shop, shop.LocationId, " Bar ", device));

        var id = drawer.GetProperty("id").GetString()!;
        id.ShouldStartWith("gid://shopify/CashDrawer/");
        id.ShouldNotBe(shop.DrawerId);
        drawer.GetProperty("name").GetString().ShouldBe("Bar");
        drawer.GetProperty("location").GetProperty("id").GetString().ShouldBe(shop.LocationId);
        (await DrawerOfDeviceAsync(shop, device)).ShouldBe(id);
        (await DrawerOfDeviceAsync(shop, shop.DeviceId)).ShouldBe(shop.DrawerId);

        var again = Drawer(await FindOrCreateAsync(shop, shop.LocationId, "bar", shop.DeviceId));
        again.GetProperty("id").GetString().ShouldBe(id);
        (await DrawerOfDeviceAsync(shop, shop.DeviceId)).ShouldBe(id);
        (await DrawerNamesAsync(shop)).ShouldBe(["Drawer 1", "Bar"], ignoreOrder: true);
    }

    [Fact]
    public async Task FindOrCreate_UnknownLocation_IsLocationNotFound()
    {
        var shop = await server.CreateShopAsync();

        var error = SingleError(await FindOrCreateAsync(shop, "gid://shopify/Location/987654321", "Bar", shop.DeviceId));

        error.GetProperty("code").GetString().ShouldBe("LOCATION_NOT_FOUND");
        (await DrawerNamesAsync(shop)).ShouldBe(["Drawer 1"]);
    }

    [Fact]
    public async Task FindOrCreate_AnotherShopsLocation_IsLocationNotFound()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();

        var error = SingleError(await FindOrCreateAsync(shop, other.LocationId, "Bar", shop.DeviceId));

        error.GetProperty("code").GetString().ShouldBe("LOCATION_NOT_FOUND");
        (await DrawerNamesAsync(other)).ShouldBe(["Drawer 1"]);
    }

    [Fact]
    public async Task FindOrCreate_UnknownDevice_IsPointOfSaleDeviceNotFound()
    {
        var shop = await server.CreateShopAsync();

        var error = SingleError(await FindOrCreateAsync(shop, shop.LocationId, "Bar", "gid://shopify/PointOfSaleDevice/987654321"));

        error.GetProperty("code").GetString().ShouldBe("POINT_OF_SALE_DEVICE_NOT_FOUND");
        (await DrawerNamesAsync(shop)).ShouldBe(["Drawer 1"]);
    }

    [Fact]
    public async Task FindOrCreate_AnotherShopsDevice_IsPointOfSaleDeviceNotFound()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();

        var error = SingleError(await FindOrCreateAsync(shop, shop.LocationId, "Drawer 1", other.DeviceId));

        error.GetProperty("code").GetString().ShouldBe("POINT_OF_SALE_DEVICE_NOT_FOUND");
        (await DrawerOfDeviceAsync(other, other.DeviceId)).ShouldBe(other.DrawerId);
    }

    private static async Task<string> MoveAsync(TestShop shop, string mutation, string name)
    {
        if (mutation == "cashDrawerFindOrCreate")
        {
            return Drawer(await FindOrCreateAsync(shop, shop.LocationId, name, shop.DeviceId)).GetProperty("id").GetString()!;
        }

        var target = await shop.CreateDrawerAsync(name);
        await shop.AssignAsync(shop.DeviceId, target);
        return target;
    }

    private static async Task<string> DrawerBalanceAsync(TestShop shop, string drawerId) =>
        QueryKit.Amount(QueryKit.Data(await shop.GraphQLAsync("query($id: ID!) { cashDrawer(id: $id) { balance { amount } } }", new { id = drawerId }, "2026-07")).GetProperty("cashDrawer"), "balance");

    [Theory]
    [InlineData("cashDrawerFindOrCreate")]
    [InlineData("pointOfSaleDeviceAssignToCashDrawer")]
    public async Task Move_DeviceWithAnOpenSession_MovesIt_AndTheSessionStaysOnItsDrawer(string mutation)
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");

        var target = await MoveAsync(shop, mutation, "Bar");
        await QueryKit.RecordAsync(shop, "SALE", "20.00");
        (await shop.ClosePayloadAsync(session, "120.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        var next = await shop.OpenAsync("0.00");

        (await DrawerOfDeviceAsync(shop, shop.DeviceId)).ShouldBe(target);
        (await shop.SessionAsync(session)).GetProperty("cashDrawer").GetProperty("id").GetString().ShouldBe(shop.DrawerId);
        (await DrawerBalanceAsync(shop, shop.DrawerId)).ShouldBe("120.0");
        (await shop.SessionAsync(next)).GetProperty("cashDrawer").GetProperty("id").GetString().ShouldBe(target);
        (await DrawerBalanceAsync(shop, target)).ShouldBe("0.0");
    }

    [Fact]
    public async Task FindOrCreate_DeviceWithOpenSessionOnThatSameDrawer_FindsIt()
    {
        var shop = await server.CreateShopAsync();
        await shop.OpenAsync();

        var drawer = Drawer(await FindOrCreateAsync(shop, shop.LocationId, "drawer 1", shop.DeviceId));

        drawer.GetProperty("id").GetString().ShouldBe(shop.DrawerId);
    }

    [Fact]
    public async Task FindOrCreate_DeviceWithClosedSession_MovesToTheOtherDrawer()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync();
        (await shop.ClosePayloadAsync(session, "100.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);

        var drawer = Drawer(await FindOrCreateAsync(shop, shop.LocationId, "Bar", shop.DeviceId));

        (await DrawerOfDeviceAsync(shop, shop.DeviceId)).ShouldBe(drawer.GetProperty("id").GetString());
    }
}
