using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Queries;

/// <summary>The <c>query:</c> argument over HTTP: filtering happens, and dropped terms are reported.</summary>
public sealed class SearchQueryTests : IAsyncLifetime
{
    private const string Sessions = "query($q: String) { pointOfSaleDevicePaymentSessions(first: 50, query: $q) { nodes { id status } } }";
    private TillServer server = null!;
    private TestShop shop = null!;
    private string closed = null!;
    private string open = null!;
    private string secondDevice = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync();
        shop = await server.CreateShopAsync();
        var payload = await shop.OpenPayloadAsync("100.00", time: "2026-03-10T09:00:00Z");
        closed = payload.GetProperty("pointOfSaleDevicePaymentSession").GetProperty("id").GetString()!;
        (await shop.ClosePayloadAsync(closed, "100.00", time: "2026-03-10T17:00:00Z")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);

        var device = await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/devices", new { locationId = shop.LocationId, name = "Register 2" });
        secondDevice = device.GetProperty("id").GetString()!;
        await shop.AssignAsync(secondDevice, await shop.CreateDrawerAsync("Drawer 2"));
        var second = await shop.OpenPayloadAsync("50.00", deviceId: secondDevice, time: "2026-03-11T09:00:00Z");
        open = second.GetProperty("pointOfSaleDevicePaymentSession").GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<(List<string> Ids, JsonElement Result)> SearchAsync(string query)
    {
        var result = await shop.GraphQLAsync(Sessions, new { q = query });
        result.TryGetProperty("errors", out _).ShouldBeFalse(result.ToString());
        var ids = result.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSessions").GetProperty("nodes").EnumerateArray()
            .Select(n => n.GetProperty("id").GetString()!).ToList();
        return (ids, result);
    }

    [Theory]
    [InlineData("is_open:true", "open")]
    [InlineData("is_open:false", "closed")]
    [InlineData("-is_open:true", "closed")]
    [InlineData("NOT is_open:false", "open")]
    [InlineData("opening_date:2026-03-10", "closed")]
    [InlineData("opening_time:>=2026-03-11T00:00:00Z", "open")]
    [InlineData("closing_date:2026-03-10 OR is_open:true", "closed,open")]
    [InlineData("(is_open:true OR is_open:false) opening_date:<2026-03-11", "closed")]
    public async Task Sessions_QueryFilters(string query, string expected)
    {
        var (ids, _) = await SearchAsync(query);

        var names = ids.Select(id => id == open ? "open" : id == closed ? "closed" : id).Order(StringComparer.Ordinal);
        string.Join(",", names).ShouldBe(expected);
    }

    [Fact]
    public async Task Sessions_FilterByDeviceId()
    {
        var (ids, _) = await SearchAsync($"point_of_sale_device_id:{secondDevice.Split('/')[^1]}");

        ids.ShouldBe([open]);
    }

    [Fact]
    public async Task UnknownField_IsIgnoredAndReportedInExtensionsSearch()
    {
        var (ids, result) = await SearchAsync("staff:Kat is_open:true");

        ids.ShouldBe([open]);
        var search = result.GetProperty("extensions").GetProperty("search")[0];
        search.GetProperty("path")[0].GetString().ShouldBe("pointOfSaleDevicePaymentSessions");
        search.GetProperty("query").GetString().ShouldBe("staff:Kat is_open:true");
        var warning = search.GetProperty("warnings")[0];
        warning.GetProperty("field").GetString().ShouldBe("staff");
        warning.GetProperty("code").GetString().ShouldBe("invalid_field");
        warning.GetProperty("message").GetString().ShouldBe("Invalid search field for this query.");
    }

    [Fact]
    public async Task BadValue_IsIgnoredAndReported()
    {
        var (ids, result) = await SearchAsync("opening_date:someday");

        ids.Count.ShouldBe(2);
        result.GetProperty("extensions").GetProperty("search")[0].GetProperty("warnings")[0].GetProperty("code").GetString().ShouldBe("invalid_value");
    }

    [Theory]
    [InlineData("((((")]
    [InlineData("\"unterminated")]
    [InlineData("OR AND NOT -")]
    [InlineData(":::>>><<<")]
    public async Task BrokenQueries_NeverFailTheRequest(string query)
    {
        var result = await shop.GraphQLAsync(Sessions, new { q = query });

        result.TryGetProperty("errors", out _).ShouldBeFalse(result.ToString());
        result.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSessions").GetProperty("nodes").GetArrayLength().ShouldBeLessThanOrEqualTo(2);
    }

    [Fact]
    public async Task CashDrawers_BareWordSearchesTheName()
    {
        var result = await shop.GraphQLAsync("{ cashDrawers(first: 10, query: \"drawer 2\") { nodes { name } } }");
        var quoted = await shop.GraphQLAsync("{ cashDrawers(first: 10, query: \"name:'Drawer 2'\") { nodes { name } } }");
        var prefix = await shop.GraphQLAsync("{ cashDrawers(first: 10, query: \"name:draw*\") { nodes { name } } }");

        quoted.GetProperty("data").GetProperty("cashDrawers").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()).ShouldBe(["Drawer 2"]);
        prefix.GetProperty("data").GetProperty("cashDrawers").GetProperty("nodes").GetArrayLength().ShouldBe(2);
        result.TryGetProperty("errors", out _).ShouldBeFalse(result.ToString());
    }

    [Fact]
    public async Task CashActivities_FilterByType()
    {
        var result = await shop.GraphQLAsync(
            "query($id: ID!) { cashDrawer(id: $id) { cashActivities(first: 10, query: \"type:CLOSING\") { nodes { __typename ... on CashCountActivity { type } } } } }",
            new { id = shop.DrawerId });

        var nodes = result.GetProperty("data").GetProperty("cashDrawer").GetProperty("cashActivities").GetProperty("nodes");
        nodes.GetArrayLength().ShouldBe(1);
        nodes[0].GetProperty("type").GetString().ShouldBe("CLOSING");
    }
}
