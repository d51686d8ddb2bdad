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

    private static List<string> Warned(JsonElement result) =>
        [.. result.GetProperty("extensions").GetProperty("search").EnumerateArray()
            .SelectMany(s => s.GetProperty("warnings").EnumerateArray())
            .Select(w => (w.GetProperty("field").ValueKind == JsonValueKind.Null ? "(text)" : w.GetProperty("field").GetString()!) + ":" + w.GetProperty("code").GetString())];

    private static List<string> Names(JsonElement result, string connection) =>
        [.. QueryKit.Data(result).GetProperty(connection).GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()!)];

    [Theory]
    [InlineData("drawer 2", "(text):invalid_field")]
    [InlineData("name:'Drawer 2'", "name:invalid_field")]
    [InlineData("name:draw*", "name:invalid_field")]
    public async Task CashDrawers_NameAndBareWords_AreNotShopifyFilters_SoTheyAreWarnedAndIgnored(string query, string warning)
    {
        var result = await shop.GraphQLAsync("query($q: String) { cashDrawers(first: 10, query: $q) { nodes { name } } }", new { q = query });

        Names(result, "cashDrawers").ShouldBe(["Drawer 1", "Drawer 2"], ignoreOrder: true);
        Warned(result).ShouldBe([warning]);
    }

    [Fact]
    public async Task CashDrawers_FilterByIdAndLocation()
    {
        var other = await QueryKit.CreateLocationAsync(shop, "Annex");
        var annexDevice = await QueryKit.CreateDeviceAsync(shop, other, "Annex register");
        await shop.AssignAsync(annexDevice, await CreateDrawerAtAsync(other, "Annex drawer"));

        var byLocation = await shop.GraphQLAsync("query($q: String) { cashDrawers(first: 10, query: $q) { nodes { name } } }", new { q = "location_id:" + QueryKit.Number(other) });
        var byId = await shop.GraphQLAsync("query($q: String) { cashDrawers(first: 10, query: $q) { nodes { name } } }", new { q = "id:" + QueryKit.Number(shop.DrawerId) });

        Names(byLocation, "cashDrawers").ShouldBe(["Annex drawer"]);
        Names(byId, "cashDrawers").ShouldBe(["Drawer 1"]);
    }

    private async Task<string> CreateDrawerAtAsync(string locationId, string name)
    {
        var result = await shop.GraphQLAsync(
            "mutation($l: ID!, $n: String!) { cashDrawerCreate(locationId: $l, name: $n) { cashDrawer { id } userErrors { code } } }", new { l = locationId, n = name });
        return QueryKit.Data(result).GetProperty("cashDrawerCreate").GetProperty("cashDrawer").GetProperty("id").GetString()!;
    }

    [Theory]
    [InlineData("status:OPEN", "open")]
    [InlineData("status:closed", "closed")]
    [InlineData("-status:open", "closed")]
    public async Task Sessions_StatusFilter_FromShopifysChangelog_IsAccepted(string query, string expected)
    {
        var (ids, result) = await SearchAsync(query);

        string.Join(",", ids.Select(id => id == open ? "open" : "closed")).ShouldBe(expected);
        (result.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("search", out _)).ShouldBeFalse(result.ToString());
    }

    private const string Tracking = "query($q: String) { cashTrackingSessions(first: 50, query: $q) { nodes { id } } }";

    private async Task<(List<long> Ids, JsonElement Result)> TrackingAsync(string query)
    {
        var result = await shop.GraphQLAsync(Tracking, new { q = query });
        var ids = QueryKit.Data(result).GetProperty("cashTrackingSessions").GetProperty("nodes").EnumerateArray()
            .Select(n => QueryKit.Number(n.GetProperty("id").GetString()!)).ToList();
        return (ids, result);
    }

    [Fact]
    public async Task CashTrackingSessions_TakeTheReferencesFilters()
    {
        long openNumber = QueryKit.Number(open), closedNumber = QueryKit.Number(closed);

        (await TrackingAsync("status:OPEN")).Ids.ShouldBe([openNumber]);
        (await TrackingAsync("status:CLOSED")).Ids.ShouldBe([closedNumber]);
        (await TrackingAsync("point_of_sale_device_ids:" + QueryKit.Number(secondDevice))).Ids.ShouldBe([openNumber]);
        (await TrackingAsync("opening_time:<2026-03-11T00:00:00Z")).Ids.ShouldBe([closedNumber]);
        (await TrackingAsync("closing_time:>2026-03-10T12:00:00Z")).Ids.ShouldBe([closedNumber]);
        (await TrackingAsync("id:" + openNumber)).Ids.ShouldBe([openNumber]);
        (await TrackingAsync("location_id:" + QueryKit.Number(shop.LocationId))).Ids.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("is_open:true")]
    [InlineData("point_of_sale_device_id:1")]
    [InlineData("opening_date:2026-03-10")]
    [InlineData("closing_date:2026-03-10")]
    public async Task CashTrackingSessions_TheNewConnectionsFields_AreWarnedAndIgnored(string query)
    {
        var (ids, result) = await TrackingAsync(query);

        ids.Count.ShouldBe(2);
        Warned(result).ShouldBe([query.Split(':')[0] + ":invalid_field"]);
    }

    [Theory]
    [InlineData("time:>2026-01-01T00:00:00Z", "time")]
    [InlineData("staff_id:1", "staff_id")]
    public async Task CashActivities_TimeAndStaffId_AreNotShopifyFilters_SoTheyAreWarnedAndIgnored(string query, string field)
    {
        const string Activities = "query($id: ID!, $q: String) { cashDrawer(id: $id) { cashActivities(first: 50, query: $q) { nodes { time } } } }";
        var all = await shop.GraphQLAsync(Activities, new { id = shop.DrawerId, q = (string?)null });
        var result = await shop.GraphQLAsync(Activities, new { id = shop.DrawerId, q = query });
        var session = await shop.GraphQLAsync(
            "query($id: ID!, $q: String) { pointOfSaleDevicePaymentSession(id: $id) { cashActivities(first: 50, query: $q) { nodes { time } } } }", new { id = closed, q = query });

        static int Count(JsonElement r, string owner) => QueryKit.Data(r).GetProperty(owner).GetProperty("cashActivities").GetProperty("nodes").GetArrayLength();
        Count(result, "cashDrawer").ShouldBe(Count(all, "cashDrawer"));
        Count(result, "cashDrawer").ShouldBeGreaterThan(0);
        Count(session, "pointOfSaleDevicePaymentSession").ShouldBe(2);
        Warned(result).ShouldBe([field + ":invalid_field"]);
        Warned(session).ShouldBe([field + ":invalid_field"]);
    }

    [Fact]
    public async Task CashTransactions_TakeKindIdAndProcessedAt_AndWarnAboutTheRest()
    {
        var sale = await QueryKit.RecordAsync(shop, "SALE", "30.00", "2026-03-11T10:00:00Z", deviceId: secondDevice);
        var refund = await QueryKit.RecordAsync(shop, "REFUND", "10.00", "2026-03-11T11:00:00Z", deviceId: secondDevice);
        const string Transactions = "query($id: ID!, $q: String) { cashTrackingSession(id: $id) { cashTransactions(first: 10, query: $q) { nodes { id kind } } } }";
        var legacy = "gid://shopify/CashTrackingSession/" + QueryKit.Number(open);

        async Task<(List<string> Ids, JsonElement Result)> Run(string query)
        {
            var result = await shop.GraphQLAsync(Transactions, new { id = legacy, q = query });
            var ids = QueryKit.Data(result).GetProperty("cashTrackingSession").GetProperty("cashTransactions").GetProperty("nodes").EnumerateArray()
                .Select(n => n.GetProperty("id").GetString()!).ToList();
            return (ids, result);
        }

        (await Run("kind:refund")).Ids.ShouldBe([refund]);
        (await Run("kind:SALE")).Ids.ShouldBe([sale]);
        (await Run("-kind:sale")).Ids.ShouldBe([refund]);
        (await Run("processed_at:<2026-03-11T10:30:00Z")).Ids.ShouldBe([sale]);
        (await Run("id:" + QueryKit.Number(refund))).Ids.ShouldBe([refund]);
        (await Run("kind:capture")).Ids.ShouldBeEmpty();
        var (ids, warned) = await Run("gateway:cash kind:refund");
        ids.ShouldBe([refund]);
        Warned(warned).ShouldBe(["gateway:invalid_field"]);
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
