using System.Net;
using Till.Server.Tests.Concurrency;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Control;

public sealed class ControlAuthTests : IAsyncLifetime
{
    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    public static TheoryData<string, string, string?> Endpoints => new()
    {
        { "POST", "/shops", """{"name": "Sneaky", "currency": "USD"}""" },
        { "POST", "/shops/1/locations", """{"name": "Sneaky"}""" },
        { "POST", "/shops/1/staff", """{"firstName": "S", "lastName": "N", "email": "s@example.com"}""" },
        { "PATCH", "/shops/1/staff/gid%3A%2F%2Fshopify%2FStaffMember%2F1", """{"active": false}""" },
        { "POST", "/shops/1/devices", """{"locationId": "gid://shopify/Location/1", "name": "Sneaky"}""" },
        { "POST", "/shops/1/tokens", """{"scopes": ["read_cash_tracking"]}""" },
        { "DELETE", "/shops/1/tokens/shpat_0123456789abcdef0123456789abcdef", null },
        { "POST", "/shops/1/transactions", """{"deviceId": "gid://shopify/PointOfSaleDevice/1", "kind": "SALE", "gateway": "cash", "amount": {"amount": "1.00", "currencyCode": "USD"}, "staffMemberId": "gid://shopify/StaffMember/1"}""" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Request_WithoutAdminKey_Is401(string method, string path, string? body)
    {
        await server.CreateShopAsync();
        var before = await RowCountsAsync();

        await ControlCalls.ShouldBeErrorAsync(await ControlCalls.RawAsync(server, new HttpMethod(method), path, body, authorization: null), HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        (await RowCountsAsync()).ShouldBe(before);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Request_WithWrongAdminKey_Is401(string method, string path, string? body)
    {
        await server.CreateShopAsync();
        var before = await RowCountsAsync();

        await ControlCalls.ShouldBeErrorAsync(await ControlCalls.RawAsync(server, new HttpMethod(method), path, body, authorization: "Bearer not-the-key"), HttpStatusCode.Unauthorized, "UNAUTHORIZED");

        (await RowCountsAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData(TillServer.AdminKeyValue)]
    [InlineData("Basic " + TillServer.AdminKeyValue)]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("bearer-" + TillServer.AdminKeyValue)]
    [InlineData("Bearer " + TillServer.AdminKeyValue + "x")]
    public async Task CreateShop_MalformedAuthorization_Is401(string authorization) =>
        await ControlCalls.ShouldBeErrorAsync(
            await ControlCalls.RawAsync(server, HttpMethod.Post, "/shops", """{"name": "X", "currency": "USD"}""", authorization),
            HttpStatusCode.Unauthorized, "UNAUTHORIZED");

    [Fact]
    public async Task AdminApiToken_IsNotAnAdminKey()
    {
        var shop = await server.CreateShopAsync();

        await ControlCalls.ShouldBeErrorAsync(
            await ControlCalls.RawAsync(server, HttpMethod.Post, "/shops", """{"name": "X", "currency": "USD"}""", "Bearer " + shop.Token),
            HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Health_WithoutKey_IsOkAndNamesTheDatabase()
    {
        var body = await ControlCalls.ShouldBeOkAsync(await ControlCalls.RawAsync(server, HttpMethod.Get, "/health", null, authorization: null), HttpStatusCode.OK);

        body.GetProperty("status").GetString().ShouldBe("ok");
        body.GetProperty("database").GetString().ShouldBe(Till.Testing.TestDatabase.UsePostgres ? "postgres" : "sqlite");
    }

    [Fact]
    public async Task Health_WithKey_IsOkToo()
    {
        var body = await ControlCalls.ShouldBeOkAsync(await ControlCalls.RawAsync(server, HttpMethod.Get, "/health", null), HttpStatusCode.OK);

        body.GetProperty("status").GetString().ShouldBe("ok");
    }

    private async Task<string> RowCountsAsync()
    {
        var counts = new List<long>();
        foreach (var table in new[] { "shops", "locations", "staff", "devices", "tokens", "order_transactions", "cash_activities" })
        {
            counts.Add(await LedgerFile.CountAsync(server, $"SELECT COUNT(*) FROM {table}"));
        }

        counts.Add(await LedgerFile.CountAsync(server, "SELECT COUNT(*) FROM staff WHERE active = 0"));
        counts.Add(await LedgerFile.CountAsync(server, "SELECT COUNT(*) FROM tokens WHERE revoked = 1"));
        return string.Join(",", counts);
    }
}
