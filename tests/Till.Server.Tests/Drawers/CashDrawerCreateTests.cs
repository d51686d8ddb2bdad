using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Drawers;

public sealed class CashDrawerCreateTests : IAsyncLifetime
{
    private const string Create = """
        mutation($l: ID!, $n: String!) { cashDrawerCreate(locationId: $l, name: $n) {
          cashDrawer { id name location { id name } }
          userErrors { field message code }
        } }
        """;

    private TillServer server = null!;
    private readonly DrawerFaults faults = new();

    public async Task InitializeAsync() => server = await TillServer.StartAsync(wrapStore: s => new DrawerFaultStore(s, faults));

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static async Task<JsonElement> CreateAsync(TestShop shop, string locationId, string name) =>
        TestShop.Payload(await shop.GraphQLAsync(Create, new { l = locationId, n = name }), "cashDrawerCreate");

    private static JsonElement SingleError(JsonElement payload)
    {
        payload.GetProperty("cashDrawer").ValueKind.ShouldBe(JsonValueKind.Null, payload.ToString());
        return payload.GetProperty("userErrors").EnumerateArray().ShouldHaveSingleItem();
    }

    private static string[] Field(JsonElement error) =>
        error.GetProperty("field").ValueKind == JsonValueKind.Null ? [] : error.GetProperty("field").EnumerateArray().Select(f => f.GetString()!).ToArray();

    private async Task<string> CreateLocationAsync(TestShop shop, string name)
    {
        var location = await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/locations", new { name });
        return location.GetProperty("id").GetString()!;
    }

    private static async Task<int> DrawerCountAsync(TestShop shop)
    {
        var result = await shop.GraphQLAsync("{ cashDrawers(first: 50) { nodes { id } } }");
        return result.GetProperty("data").GetProperty("cashDrawers").GetProperty("nodes").GetArrayLength();
    }

    [Fact]
    public async Task Create_AtOwnLocation_ReturnsDrawerWithIdNameAndLocation()
    {
        var shop = await server.CreateShopAsync();

        var payload = await CreateAsync(shop, shop.LocationId, "Back office");

        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        var drawer = payload.GetProperty("cashDrawer");
        var id = drawer.GetProperty("id").GetString()!;
        id.ShouldMatch(@"^gid://shopify/CashDrawer/[1-9][0-9]*$");
        id.ShouldNotBe(shop.DrawerId);
        drawer.GetProperty("name").GetString().ShouldBe("Back office");
        drawer.GetProperty("location").GetProperty("id").GetString().ShouldBe(shop.LocationId);
        drawer.GetProperty("location").GetProperty("name").GetString().ShouldBe("Main");

        var read = await shop.GraphQLAsync("query($id: ID!) { cashDrawer(id: $id) { id name location { id } } }", new { id });
        var stored = read.GetProperty("data").GetProperty("cashDrawer");
        stored.GetProperty("id").GetString().ShouldBe(id);
        stored.GetProperty("name").GetString().ShouldBe("Back office");
        stored.GetProperty("location").GetProperty("id").GetString().ShouldBe(shop.LocationId);
    }

    [Fact]
    public async Task Create_NameOf255Characters_IsAccepted()
    {
        var shop = await server.CreateShopAsync();
        var name = new string('n', 255);

        var payload = await CreateAsync(shop, shop.LocationId, name);

        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        payload.GetProperty("cashDrawer").GetProperty("name").GetString().ShouldBe(name);
    }

    [Theory]
    [InlineData("gid://shopify/Location/999999999")]
    [InlineData("gid://shopify/Shop/1")]
    public async Task Create_UnknownLocation_IsLocationNotFound(string locationId)
    {
        var shop = await server.CreateShopAsync();

        var error = SingleError(await CreateAsync(shop, locationId, "Drawer X"));

        error.GetProperty("code").GetString().ShouldBe("LOCATION_NOT_FOUND");
        Field(error).ShouldBe(["locationId"]);
        error.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Create_OtherShopsLocation_IsLocationNotFoundAndCreatesNothing()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();

        var error = SingleError(await CreateAsync(shop, other.LocationId, "Intruder"));

        error.GetProperty("code").GetString().ShouldBe("LOCATION_NOT_FOUND");
        (await DrawerCountAsync(other)).ShouldBe(1);
        (await DrawerCountAsync(shop)).ShouldBe(1);
    }

    [Theory]
    [InlineData("  ")]
    [InlineData("")]
    [InlineData("\t")]
    public async Task Create_BlankName_IsInvalidName(string name)
    {
        var shop = await server.CreateShopAsync();

        var error = SingleError(await CreateAsync(shop, shop.LocationId, name));

        error.GetProperty("code").GetString().ShouldBe("INVALID_NAME");
        Field(error).ShouldBe(["name"]);
    }

    [Fact]
    public async Task Create_NameOf256Characters_IsInvalidName()
    {
        var shop = await server.CreateShopAsync();

        var error = SingleError(await CreateAsync(shop, shop.LocationId, new string('n', 256)));

        error.GetProperty("code").GetString().ShouldBe("INVALID_NAME");
        Field(error).ShouldBe(["name"]);
    }

    [Theory]
    [InlineData("Drawer 1")]
    [InlineData("drawer 1")]
    [InlineData("DRAWER 1")]
    [InlineData("  Drawer 1  ")]
    [InlineData(" dRaWeR 1")]
    public async Task Create_SameNameAtSameLocation_AlreadyExists(string name)
    {
        var shop = await server.CreateShopAsync();

        var error = SingleError(await CreateAsync(shop, shop.LocationId, name));

        error.GetProperty("code").GetString().ShouldBe("CASH_DRAWER_ALREADY_EXISTS");
        (await DrawerCountAsync(shop)).ShouldBe(1);
    }

    [Fact]
    public async Task Create_SameNameAtAnotherLocation_IsFine()
    {
        var shop = await server.CreateShopAsync();
        var north = await CreateLocationAsync(shop, "North");

        var payload = await CreateAsync(shop, north, "Drawer 1");

        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        payload.GetProperty("cashDrawer").GetProperty("location").GetProperty("id").GetString().ShouldBe(north);
        payload.GetProperty("cashDrawer").GetProperty("location").GetProperty("name").GetString().ShouldBe("North");
        payload.GetProperty("cashDrawer").GetProperty("id").GetString().ShouldNotBe(shop.DrawerId);
    }

    [Fact]
    public async Task Create_SameNameInAnotherShop_IsFine()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();

        (await CreateAsync(shop, shop.LocationId, "Shared name")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        (await CreateAsync(other, other.LocationId, "Shared name")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Create_DatabaseUnreachable_IsInternalErrorAndCreatesNothing()
    {
        var shop = await server.CreateShopAsync();

        faults.FailWriteBegin = true;
        var error = SingleError(await CreateAsync(shop, shop.LocationId, "Doomed"));
        faults.FailWriteBegin = false;

        error.GetProperty("code").GetString().ShouldBe("INTERNAL_ERROR");
        error.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        (await DrawerCountAsync(shop)).ShouldBe(1);
        (await CreateAsync(shop, shop.LocationId, "Doomed")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Create_InsertFails_IsNotSavedAndCreatesNothing()
    {
        var shop = await server.CreateShopAsync();

        faults.FailCreateDrawer = true;
        var error = SingleError(await CreateAsync(shop, shop.LocationId, "Doomed"));
        faults.FailCreateDrawer = false;

        error.GetProperty("code").GetString().ShouldBe("NOT_SAVED");
        error.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        (await DrawerCountAsync(shop)).ShouldBe(1);
        (await CreateAsync(shop, shop.LocationId, "Doomed")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Create_WithoutWriteScope_IsRefused()
    {
        var shop = await server.CreateShopAsync(scopes: ["read_cash_tracking"]);

        var result = await shop.GraphQLAsync(Create, new { l = shop.LocationId, n = "Nope" });

        var created = result.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.GetProperty("cashDrawerCreate").ValueKind == JsonValueKind.Object
            && data.GetProperty("cashDrawerCreate").GetProperty("cashDrawer").ValueKind == JsonValueKind.Object;
        created.ShouldBeFalse(result.ToString());
        result.TryGetProperty("errors", out _).ShouldBeTrue(result.ToString());
    }
}
