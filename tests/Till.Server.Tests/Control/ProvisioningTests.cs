using System.Net;
using System.Text.Json;
using Till.Server.Tests.Support;
using static Till.Server.Tests.Control.ControlCalls;

namespace Till.Server.Tests.Control;

public sealed class ProvisioningTests : IAsyncLifetime
{
    private static readonly string[] ReadScope = ["read_cash_tracking"];
    private static readonly string[] WriteScope = ["write_cash_tracking"];
    private static readonly string[] CashAndDeviceScopes = ["write_cash_tracking", "read_point_of_sale_devices"];

    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private Task<HttpResponseMessage> PostAsync(string path, object body) => server.ControlAsync(HttpMethod.Post, path, body);

    private async Task<string> ShopAsync(string currency = "USD") =>
        (await ShouldBeOkAsync(await PostAsync("/shops", new { name = "Corner shop", currency }), HttpStatusCode.Created)).GetProperty("id").GetString()!;

    // Shops.

    [Fact]
    public async Task CreateShop_Valid_Is201WithIdNameCurrency()
    {
        var body = await ShouldBeOkAsync(await PostAsync("/shops", new { name = "Corner shop", currency = "EUR" }), HttpStatusCode.Created);

        body.GetProperty("id").GetString()!.ShouldMatch(@"^gid://shopify/Shop/[1-9][0-9]*$");
        body.GetProperty("name").GetString().ShouldBe("Corner shop");
        body.GetProperty("currency").GetString().ShouldBe("EUR");
    }

    [Fact]
    public async Task CreateShop_Twice_GivesDistinctIds()
    {
        var first = await ShopAsync();
        var second = await ShopAsync();

        first.ShouldNotBe(second);
    }

    public static TheoryData<string, string> BadShops => new()
    {
        { """{"currency": "USD"}""", "name" },
        { """{"name": "   ", "currency": "USD"}""", "name" },
        { """{"name": 5, "currency": "USD"}""", "name" },
        { "{\"name\": \"" + new string('n', 256) + "\", \"currency\": \"USD\"}", "name" },
        { """{"name": "X"}""", "currency" },
        { """{"name": "X", "currency": "usd"}""", "currency" },
        { """{"name": "X", "currency": "DOLLARS"}""", "currency" },
        { """{"name": "X", "currency": "U$D"}""", "currency" },
        { """{"name": "X", "currency": "ZZZ"}""", "currency" },
    };

    [Theory]
    [MemberData(nameof(BadShops))]
    public async Task CreateShop_BadField_Is422Invalid(string body, string field) =>
        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Post, "/shops", body), HttpStatusCode.UnprocessableEntity, "INVALID", field);

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"shop\"")]
    [InlineData("null")]
    [InlineData("{\"name\": \"X\", ")]
    public async Task CreateShop_BodyNotAJsonObject_Is400BadRequest(string body) =>
        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Post, "/shops", body), HttpStatusCode.BadRequest, "BAD_REQUEST");

    [Theory]
    [InlineData("/shops/{shop}/locations")]
    [InlineData("/shops/{shop}/staff")]
    [InlineData("/shops/{shop}/devices")]
    [InlineData("/shops/{shop}/tokens")]
    [InlineData("/shops/{shop}/transactions")]
    public async Task Post_BadJson_Is400BadRequest(string path)
    {
        var shop = await ShopAsync();

        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Post, path.Replace("{shop}", Escaped(shop), StringComparison.Ordinal), "{oops"), HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    // Locations.

    [Fact]
    public async Task CreateLocation_WithoutCurrency_Is201InTheShopsCurrency()
    {
        var shop = await ShopAsync("GBP");

        var body = await ShouldBeOkAsync(await PostAsync($"/shops/{Escaped(shop)}/locations", new { name = "High Street" }), HttpStatusCode.Created);

        body.GetProperty("id").GetString()!.ShouldMatch(@"^gid://shopify/Location/[1-9][0-9]*$");
        body.GetProperty("name").GetString().ShouldBe("High Street");
        body.GetProperty("currency").GetString().ShouldBe("GBP");
    }

    [Fact]
    public async Task CreateLocation_UnknownCurrency_Is422Invalid()
    {
        var shop = await ShopAsync("USD");

        await ShouldBeErrorAsync(await PostAsync($"/shops/{Escaped(shop)}/locations", new { name = "Nowhere", currency = "ZZZ" }), HttpStatusCode.UnprocessableEntity, "INVALID", "currency");
    }

    [Fact]
    public async Task CreateLocation_WithCurrency_Is201InThatCurrency()
    {
        var shop = await ShopAsync("USD");

        var body = await ShouldBeOkAsync(await PostAsync($"/shops/{Escaped(shop)}/locations", new { name = "Toronto", currency = "CAD" }), HttpStatusCode.Created);

        body.GetProperty("currency").GetString().ShouldBe("CAD");
    }

    [Fact]
    public async Task CreateLocation_ShopGivenAsNumber_Is201()
    {
        var shop = await ShopAsync();
        var number = shop[(shop.LastIndexOf('/') + 1)..];

        await ShouldBeOkAsync(await PostAsync($"/shops/{number}/locations", new { name = "By number" }), HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("999999")]
    [InlineData("gid%3A%2F%2Fshopify%2FShop%2F999999")]
    [InlineData("gid%3A%2F%2Fshopify%2FLocation%2F1")]
    [InlineData("zero")]
    public async Task CreateLocation_UnknownShop_Is404NotFound(string shop) =>
        await ShouldBeErrorAsync(await PostAsync($"/shops/{shop}/locations", new { name = "Nowhere" }), HttpStatusCode.NotFound, "NOT_FOUND", "shop");

    [Theory]
    [InlineData("""{"currency": "USD"}""", "name")]
    [InlineData("""{"name": ""}""", "name")]
    [InlineData("""{"name": "X", "currency": "eur"}""", "currency")]
    public async Task CreateLocation_BadField_Is422Invalid(string body, string field)
    {
        var shop = await ShopAsync();

        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Post, $"/shops/{Escaped(shop)}/locations", body), HttpStatusCode.UnprocessableEntity, "INVALID", field);
    }

    // Staff.

    [Fact]
    public async Task CreateStaff_Valid_Is201ActiveWithNamesAndEmail()
    {
        var shop = await ShopAsync();

        var body = await ShouldBeOkAsync(await PostAsync($"/shops/{Escaped(shop)}/staff", new { firstName = "Grace", lastName = "Hopper", email = "grace@example.com" }), HttpStatusCode.Created);

        body.GetProperty("id").GetString()!.ShouldMatch(@"^gid://shopify/StaffMember/[1-9][0-9]*$");
        body.GetProperty("firstName").GetString().ShouldBe("Grace");
        body.GetProperty("lastName").GetString().ShouldBe("Hopper");
        body.GetProperty("email").GetString().ShouldBe("grace@example.com");
        body.GetProperty("active").GetBoolean().ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{"firstName": "A", "lastName": "B"}""", "email")]
    [InlineData("""{"firstName": "A", "lastName": "B", "email": "not-an-email"}""", "email")]
    [InlineData("""{"firstName": "A", "lastName": "B", "email": "  "}""", "email")]
    public async Task CreateStaff_BadField_Is422Invalid(string body, string field)
    {
        var shop = await ShopAsync();

        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Post, $"/shops/{Escaped(shop)}/staff", body), HttpStatusCode.UnprocessableEntity, "INVALID", field);
    }

    [Fact]
    public async Task CreateStaff_UnknownShop_Is404() =>
        await ShouldBeErrorAsync(await PostAsync("/shops/999999/staff", new { firstName = "A", lastName = "B", email = "a@example.com" }), HttpStatusCode.NotFound, "NOT_FOUND", "shop");

    [Fact]
    public async Task UpdateStaff_Deactivate_Is200WithIdAndActive()
    {
        var shop = await server.CreateShopAsync();

        var body = await ShouldBeOkAsync(
            await server.ControlAsync(HttpMethod.Patch, $"/shops/{Escaped(shop.ShopId)}/staff/{Escaped(shop.StaffId)}", new { active = false }), HttpStatusCode.OK);

        body.GetProperty("id").GetString().ShouldBe(shop.StaffId);
        body.GetProperty("active").GetBoolean().ShouldBeFalse();
        var reactivated = await ShouldBeOkAsync(
            await server.ControlAsync(HttpMethod.Patch, $"/shops/{Escaped(shop.ShopId)}/staff/{Escaped(shop.StaffId)}", new { active = true }), HttpStatusCode.OK);
        reactivated.GetProperty("active").GetBoolean().ShouldBeTrue();
    }

    [Theory]
    [InlineData("""{"active": "no"}""")]
    [InlineData("""{"active": 0}""")]
    [InlineData("""{}""")]
    public async Task UpdateStaff_ActiveNotABoolean_Is422Invalid(string body)
    {
        var shop = await server.CreateShopAsync();

        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Patch, $"/shops/{Escaped(shop.ShopId)}/staff/{Escaped(shop.StaffId)}", body), HttpStatusCode.UnprocessableEntity, "INVALID", "active");
    }

    [Fact]
    public async Task UpdateStaff_BadJson_Is400()
    {
        var shop = await server.CreateShopAsync();

        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Patch, $"/shops/{Escaped(shop.ShopId)}/staff/{Escaped(shop.StaffId)}", "nope"), HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task UpdateStaff_UnknownOrOtherShopsStaff_Is404()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();

        await ShouldBeErrorAsync(await server.ControlAsync(HttpMethod.Patch, $"/shops/{Escaped(shop.ShopId)}/staff/{Escaped("gid://shopify/StaffMember/999999")}", new { active = false }), HttpStatusCode.NotFound, "NOT_FOUND");
        await ShouldBeErrorAsync(await server.ControlAsync(HttpMethod.Patch, $"/shops/{Escaped(shop.ShopId)}/staff/{Escaped(other.StaffId)}", new { active = false }), HttpStatusCode.NotFound, "NOT_FOUND");

        // The other shop's staff member is untouched: it can still open a session.
        (await other.OpenPayloadAsync("10.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
    }

    // Devices.

    [Fact]
    public async Task CreateDevice_Valid_Is201WithIdNameLocation()
    {
        var shop = await server.CreateShopAsync();

        var body = await ShouldBeOkAsync(await PostAsync($"/shops/{Escaped(shop.ShopId)}/devices", new { locationId = shop.LocationId, name = "Register 9" }), HttpStatusCode.Created);

        body.GetProperty("id").GetString()!.ShouldMatch(@"^gid://shopify/PointOfSaleDevice/[1-9][0-9]*$");
        body.GetProperty("name").GetString().ShouldBe("Register 9");
        body.GetProperty("locationId").GetString().ShouldBe(shop.LocationId);
    }

    [Fact]
    public async Task CreateDevice_UnknownOrOtherShopsLocation_Is404NotFound()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();

        await ShouldBeErrorAsync(await PostAsync($"/shops/{Escaped(shop.ShopId)}/devices", new { locationId = "gid://shopify/Location/999999", name = "R" }), HttpStatusCode.NotFound, "NOT_FOUND", "locationId");
        await ShouldBeErrorAsync(await PostAsync($"/shops/{Escaped(shop.ShopId)}/devices", new { locationId = other.LocationId, name = "R" }), HttpStatusCode.NotFound, "NOT_FOUND", "locationId");
        await ShouldBeErrorAsync(await PostAsync($"/shops/{Escaped(shop.ShopId)}/devices", new { locationId = shop.StaffId, name = "R" }), HttpStatusCode.NotFound, "NOT_FOUND", "locationId");
    }

    [Fact]
    public async Task CreateDevice_MissingName_Is422Invalid()
    {
        var shop = await server.CreateShopAsync();

        await ShouldBeErrorAsync(await PostAsync($"/shops/{Escaped(shop.ShopId)}/devices", new { locationId = shop.LocationId }), HttpStatusCode.UnprocessableEntity, "INVALID", "name");
    }

    // Tokens.

    [Fact]
    public async Task CreateToken_Valid_Is201AndTheTokenWorks()
    {
        var shop = await server.CreateShopAsync();

        var body = await ShouldBeOkAsync(await PostAsync($"/shops/{Escaped(shop.ShopId)}/tokens", new { scopes = ReadScope }), HttpStatusCode.Created);

        var token = body.GetProperty("token").GetString()!;
        token.ShouldNotBeNullOrWhiteSpace();
        token.ShouldNotBe(shop.Token);
        using var response = await server.PostGraphQLAsync(token, "{ __typename }");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await TillServer.ReadJsonAsync(response);
        result.GetProperty("data").GetProperty("__typename").GetString().ShouldBe("QueryRoot");
    }

    [Theory]
    [InlineData("""{"scopes": "read_cash_tracking"}""")]
    [InlineData("""{"scopes": ["bogus_scope"]}""")]
    [InlineData("""{"scopes": [1]}""")]
    [InlineData("""{}""")]
    public async Task CreateToken_BadScopes_Is422Invalid(string body)
    {
        var shop = await server.CreateShopAsync();

        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Post, $"/shops/{Escaped(shop.ShopId)}/tokens", body), HttpStatusCode.UnprocessableEntity, "INVALID", "scopes");
    }

    [Fact]
    public async Task CreateToken_UnknownShop_Is404() =>
        await ShouldBeErrorAsync(await PostAsync("/shops/999999/tokens", new { scopes = ReadScope }), HttpStatusCode.NotFound, "NOT_FOUND", "shop");

    [Fact]
    public async Task RevokeToken_Known_Is204AndStopsWorkingAtOnce()
    {
        var shop = await server.CreateShopAsync();
        var token = (await ShouldBeOkAsync(await PostAsync($"/shops/{Escaped(shop.ShopId)}/tokens", new { scopes = WriteScope }), HttpStatusCode.Created)).GetProperty("token").GetString()!;
        using (var before = await server.PostGraphQLAsync(token, "{ __typename }"))
        {
            before.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (var revoke = await server.ControlAsync(HttpMethod.Delete, $"/shops/{Escaped(shop.ShopId)}/tokens/{Uri.EscapeDataString(token)}"))
        {
            revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent);
            (await revoke.Content.ReadAsStringAsync()).ShouldBeEmpty();
        }

        using (var after = await server.PostGraphQLAsync(token, "{ __typename }"))
        {
            after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var mutation = await server.PostGraphQLAsync(token, "mutation($l: ID!) { cashDrawerCreate(locationId: $l, name: \"After revoke\") { cashDrawer { id } } }", new { l = shop.LocationId });
        mutation.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        mutation.Dispose();

        // The shop's other token is unaffected; revoking again finds nothing.
        using (var other = await server.PostGraphQLAsync(shop.Token, "{ __typename }"))
        {
            other.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await ShouldBeErrorAsync(await server.ControlAsync(HttpMethod.Delete, $"/shops/{Escaped(shop.ShopId)}/tokens/{Uri.EscapeDataString(token)}"), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task RevokeToken_UnknownOrOtherShops_Is404AndTheTokenKeepsWorking()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();

        await ShouldBeErrorAsync(await server.ControlAsync(HttpMethod.Delete, $"/shops/{Escaped(shop.ShopId)}/tokens/shpat_nothing"), HttpStatusCode.NotFound, "NOT_FOUND");
        await ShouldBeErrorAsync(await server.ControlAsync(HttpMethod.Delete, $"/shops/{Escaped(shop.ShopId)}/tokens/{Uri.EscapeDataString(other.Token)}"), HttpStatusCode.NotFound, "NOT_FOUND");

        using var response = await server.PostGraphQLAsync(other.Token, "{ __typename }");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ProvisionedShop_IsReadyForTheAdminApi()
    {
        var shop = await ShopAsync();
        var path = $"/shops/{Escaped(shop)}";
        var location = (await ShouldBeOkAsync(await PostAsync(path + "/locations", new { name = "Main" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var staff = (await ShouldBeOkAsync(await PostAsync(path + "/staff", new { firstName = "A", lastName = "B", email = "a@example.com" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var device = (await ShouldBeOkAsync(await PostAsync(path + "/devices", new { locationId = location, name = "R1" }), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var token = (await ShouldBeOkAsync(await PostAsync(path + "/tokens", new { scopes = CashAndDeviceScopes }), HttpStatusCode.Created)).GetProperty("token").GetString()!;
        var test = new TestShop(server, shop, location, staff, device, token, "USD");
        test.DrawerId = await test.CreateDrawerAsync("D");
        await test.AssignAsync(device, test.DrawerId);

        var open = await test.OpenPayloadAsync("25.00");

        open.GetProperty("userErrors").GetArrayLength().ShouldBe(0, open.ToString());
        open.GetProperty("pointOfSaleDevicePaymentSession").GetProperty("openingStaffMember").GetProperty("id").GetString().ShouldBe(staff);
        open.GetProperty("pointOfSaleDevicePaymentSession").GetProperty("location").GetProperty("id").GetString().ShouldBe(location);
        open.GetProperty("pointOfSaleDevicePaymentSession").GetProperty("status").ValueKind.ShouldBe(JsonValueKind.String);
    }
}
