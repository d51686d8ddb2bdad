using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Queries;

public sealed class QueryTests : IAsyncLifetime
{
    private const string Drawers = """
        query($first: Int, $after: String, $last: Int, $before: String) { cashDrawers(first: $first, after: $after, last: $last, before: $before) {
          edges { cursor node { id name } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        } }
        """;

    private const string Activities = """
        query($id: ID!, $sortKey: CashActivitiesSortKeys, $reverse: Boolean, $staff: ID, $first: Int, $after: String) {
          cashDrawer(id: $id) { cashActivities(first: $first, after: $after, sortKey: $sortKey, reverse: $reverse, staffMemberId: $staff) {
            edges { cursor node { __typename time cash { amount } staffMember { id } paymentSession { id }
              ... on CashAdjustmentActivity { note }
              ... on CashCountActivity { countType: type } } }
            pageInfo { hasNextPage hasPreviousPage }
          } }
        }
        """;

    private const string Totals = """
        query($id: ID!, $range: CashDrawerDateRangeInput!) { cashDrawer(id: $id) {
          totalSales(dateRange: $range) { amount currencyCode }
          totalRefunds(dateRange: $range) { amount currencyCode }
          netSales(dateRange: $range) { amount currencyCode }
          totalAdjustments(dateRange: $range) { amount currencyCode }
          totalDiscrepancies(dateRange: $range) { amount currencyCode }
        } }
        """;

    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static async Task<JsonElement> DrawerAsync(TestShop shop, string id, string selection = "id name location { id name }", string version = "2026-04") =>
        QueryKit.Data(await shop.GraphQLAsync("query($id: ID!) { cashDrawer(id: $id) { " + selection + " } }", new { id }, version)).GetProperty("cashDrawer");

    private static async Task<JsonElement> DrawerPageAsync(TestShop shop, int? first = null, string? after = null, int? last = null, string? before = null) =>
        QueryKit.Data(await shop.GraphQLAsync(Drawers, new { first, after, last, before })).GetProperty("cashDrawers");

    private static async Task<JsonElement> ActivitiesAsync(TestShop shop, string sortKey = "TIME", bool reverse = false, string? staff = null, int first = 50, string? after = null) =>
        QueryKit.Data(await shop.GraphQLAsync(Activities, new { id = shop.DrawerId, sortKey, reverse, staff, first, after })).GetProperty("cashDrawer").GetProperty("cashActivities");

    private static List<string> Notes(JsonElement connection) =>
        [.. connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node")).Select(n =>
            n.TryGetProperty("note", out var note) && note.ValueKind == JsonValueKind.String ? note.GetString()! :
            n.TryGetProperty("countType", out var type) ? type.GetString()! : n.GetProperty("__typename").GetString()!)];

    private static async Task<JsonElement> TotalsAsync(TestShop shop, string from, string to) =>
        QueryKit.Data(await shop.GraphQLAsync(Totals, new { id = shop.DrawerId, range = new { from, to } })).GetProperty("cashDrawer");

    private static async Task<JsonElement> DeviceAsync(TestShop shop, string id) =>
        QueryKit.Data(await shop.GraphQLAsync("query($id: ID!) { pointOfSaleDevice(id: $id) { id cashDrawer { id name } activePaymentSession { id status } } }", new { id })).GetProperty("pointOfSaleDevice");

    [Fact]
    public async Task CashDrawer_OwnId_ReturnsTheDrawer()
    {
        var shop = await server.CreateShopAsync();

        var drawer = await DrawerAsync(shop, shop.DrawerId);

        drawer.GetProperty("id").GetString().ShouldBe(shop.DrawerId);
        drawer.GetProperty("name").GetString().ShouldBe("Drawer 1");
        drawer.GetProperty("location").GetProperty("id").GetString().ShouldBe(shop.LocationId);
        drawer.GetProperty("location").GetProperty("name").GetString().ShouldBe("Main");
    }

    [Fact]
    public async Task CashDrawer_UnknownOtherShopsOrWrongTypeId_IsNull()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();

        (await DrawerAsync(shop, "gid://shopify/CashDrawer/987654321")).ValueKind.ShouldBe(JsonValueKind.Null);
        (await DrawerAsync(shop, other.DrawerId)).ValueKind.ShouldBe(JsonValueKind.Null);
        (await DrawerAsync(shop, shop.DeviceId)).ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task CashDrawers_FirstAfter_WalksTheShopsDrawersWithExactPageInfo()
    {
        var shop = await server.CreateShopAsync();
        await server.CreateShopAsync();
        var ids = new List<string> { shop.DrawerId };
        for (var i = 2; i <= 5; i++)
        {
            ids.Add(await shop.CreateDrawerAsync("Drawer " + i));
        }

        var p1 = await DrawerPageAsync(shop, first: 2);
        var p2 = await DrawerPageAsync(shop, first: 2, after: p1.GetProperty("pageInfo").GetProperty("endCursor").GetString());
        var p3 = await DrawerPageAsync(shop, first: 2, after: p2.GetProperty("pageInfo").GetProperty("endCursor").GetString());

        QueryKit.Ids(p1).Concat(QueryKit.Ids(p2)).Concat(QueryKit.Ids(p3)).ShouldBe(ids);
        QueryKit.Ids(p3).Count.ShouldBe(1);
        PageFlags(p1).ShouldBe((false, true));
        PageFlags(p2).ShouldBe((true, true));
        PageFlags(p3).ShouldBe((true, false));
        p3.GetProperty("pageInfo").GetProperty("startCursor").GetString().ShouldBe(p3.GetProperty("edges")[0].GetProperty("cursor").GetString());
        p3.GetProperty("pageInfo").GetProperty("endCursor").GetString().ShouldBe(p3.GetProperty("edges")[0].GetProperty("cursor").GetString());
    }

    [Fact]
    public async Task CashDrawers_LastBefore_WalksBackwardsWithExactPageInfo()
    {
        var shop = await server.CreateShopAsync();
        var ids = new List<string> { shop.DrawerId };
        for (var i = 2; i <= 5; i++)
        {
            ids.Add(await shop.CreateDrawerAsync("Drawer " + i));
        }

        var p1 = await DrawerPageAsync(shop, last: 2);
        var p2 = await DrawerPageAsync(shop, last: 2, before: p1.GetProperty("pageInfo").GetProperty("startCursor").GetString());
        var p3 = await DrawerPageAsync(shop, last: 2, before: p2.GetProperty("pageInfo").GetProperty("startCursor").GetString());

        QueryKit.Ids(p1).ShouldBe(ids[3..]);
        QueryKit.Ids(p2).ShouldBe(ids[1..3]);
        QueryKit.Ids(p3).ShouldBe(ids[..1]);
        PageFlags(p1).ShouldBe((true, false));
        PageFlags(p2).ShouldBe((true, true));
        PageFlags(p3).ShouldBe((false, true));
    }

    [Fact]
    public async Task CashDrawers_NoDrawers_IsAnEmptyPage()
    {
        var shop = await server.CreateShopAsync(scopes: ["write_cash_tracking", "read_point_of_sale_devices"]);

        var page = await DrawerPageAsync(shop, first: 10);

        page.GetProperty("edges").GetArrayLength().ShouldBe(0);
        PageFlags(page).ShouldBe((false, false));
        QueryKit.IsNull(page.GetProperty("pageInfo").GetProperty("startCursor")).ShouldBeTrue();
        QueryKit.IsNull(page.GetProperty("pageInfo").GetProperty("endCursor")).ShouldBeTrue();
    }

    private static (bool HasPrevious, bool HasNext) PageFlags(JsonElement connection)
    {
        var info = connection.GetProperty("pageInfo");
        return (info.GetProperty("hasPreviousPage").GetBoolean(), info.GetProperty("hasNextPage").GetBoolean());
    }

    [Fact]
    public async Task CashDrawer_PointOfSaleDevices_ListsTheAssignedDevicesOnly()
    {
        var shop = await server.CreateShopAsync();
        var second = await QueryKit.CreateDeviceAsync(shop, shop.LocationId, "Register 2");
        var elsewhere = await QueryKit.CreateDeviceAsync(shop, shop.LocationId, "Register 3");
        await QueryKit.CreateDeviceAsync(shop, shop.LocationId, "Unassigned");
        await shop.AssignAsync(second, shop.DrawerId);
        await shop.AssignAsync(elsewhere, await shop.CreateDrawerAsync("Bar"));

        var all = (await DrawerAsync(shop, shop.DrawerId, "pointOfSaleDevices(first: 10) { nodes { id } }")).GetProperty("pointOfSaleDevices");
        var firstPage = (await DrawerAsync(shop, shop.DrawerId, "pointOfSaleDevices(first: 1) { edges { node { id } } pageInfo { hasNextPage endCursor } }")).GetProperty("pointOfSaleDevices");
        var cursor = firstPage.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        var secondPage = QueryKit.Data(await shop.GraphQLAsync(
            "query($id: ID!, $after: String) { cashDrawer(id: $id) { pointOfSaleDevices(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage hasPreviousPage } } } }",
            new { id = shop.DrawerId, after = cursor })).GetProperty("cashDrawer").GetProperty("pointOfSaleDevices");

        all.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ShouldBe([shop.DeviceId, second]);
        QueryKit.Ids(firstPage).ShouldBe([shop.DeviceId]);
        firstPage.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean().ShouldBeTrue();
        QueryKit.Ids(secondPage).ShouldBe([second]);
        PageFlags(secondPage).ShouldBe((true, false));
    }

    /// <summary>Records three adjustments out of time order, one of them by a second staff member.</summary>
    private static async Task<(string Session, string Other)> ScriptActivitiesAsync(TestShop shop)
    {
        var other = await QueryKit.CreateStaffAsync(shop, "Grace");
        var session = await QueryKit.OpenAtAsync(shop, "100.00", "2026-03-10T10:00:00Z");
        await QueryKit.AdjustAtAsync(shop, session, "-10.00", "2026-03-10T10:30:00Z", note: "late");
        await QueryKit.AdjustAtAsync(shop, session, "5.00", "2026-03-10T10:10:00Z", note: "early", staffId: other);
        await QueryKit.AdjustAtAsync(shop, session, "2.00", "2026-03-10T10:20:00Z", note: "middle");
        return (session, other);
    }

    [Fact]
    public async Task CashActivities_SortKeyTime_OrdersByTime()
    {
        var shop = await server.CreateShopAsync();
        var (session, _) = await ScriptActivitiesAsync(shop);

        var connection = await ActivitiesAsync(shop, "TIME");

        Notes(connection).ShouldBe(["OPENING", "early", "middle", "late"]);
        var nodes = connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node")).ToList();
        nodes.Select(n => n.GetProperty("time").GetString()).ShouldBe(["2026-03-10T10:00:00Z", "2026-03-10T10:10:00Z", "2026-03-10T10:20:00Z", "2026-03-10T10:30:00Z"]);
        nodes.ShouldAllBe(n => n.GetProperty("paymentSession").GetProperty("id").GetString() == session);
        nodes.Select(n => QueryKit.Amount(n, "cash")).ShouldBe(["100.0", "5.0", "2.0", "-10.0"]);
    }

    [Fact]
    public async Task CashActivities_SortKeyTimeReversed_OrdersByTimeDescending()
    {
        var shop = await server.CreateShopAsync();
        await ScriptActivitiesAsync(shop);

        Notes(await ActivitiesAsync(shop, "TIME", reverse: true)).ShouldBe(["late", "middle", "early", "OPENING"]);
    }

    [Fact]
    public async Task CashActivities_SortKeyId_OrdersByRecording()
    {
        var shop = await server.CreateShopAsync();
        await ScriptActivitiesAsync(shop);

        Notes(await ActivitiesAsync(shop, "ID")).ShouldBe(["OPENING", "late", "early", "middle"]);
        Notes(await ActivitiesAsync(shop, "ID", reverse: true)).ShouldBe(["middle", "early", "late", "OPENING"]);
    }

    [Fact]
    public async Task CashActivities_DefaultSortKey_IsTime()
    {
        var shop = await server.CreateShopAsync();
        await ScriptActivitiesAsync(shop);

        var result = await shop.GraphQLAsync("query($id: ID!) { cashDrawer(id: $id) { cashActivities(first: 10) { nodes { time } } } }", new { id = shop.DrawerId });

        QueryKit.Data(result).GetProperty("cashDrawer").GetProperty("cashActivities").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("time").GetString())
            .ShouldBe(["2026-03-10T10:00:00Z", "2026-03-10T10:10:00Z", "2026-03-10T10:20:00Z", "2026-03-10T10:30:00Z"]);
    }

    [Fact]
    public async Task CashActivities_PagedByTime_WalksEachActivityOnce()
    {
        var shop = await server.CreateShopAsync();
        await ScriptActivitiesAsync(shop);

        var first = await ActivitiesAsync(shop, "TIME", first: 3);
        var second = await ActivitiesAsync(shop, "TIME", first: 3, after: first.GetProperty("edges")[2].GetProperty("cursor").GetString());

        Notes(first).Concat(Notes(second)).ShouldBe(["OPENING", "early", "middle", "late"]);
        PageFlags(first).ShouldBe((false, true));
        PageFlags(second).ShouldBe((true, false));
    }

    [Fact]
    public async Task CashActivities_StaffMemberId_ListsThatStaffMembersActivitiesOnly()
    {
        var shop = await server.CreateShopAsync();
        var (_, other) = await ScriptActivitiesAsync(shop);

        var theirs = await ActivitiesAsync(shop, staff: other);
        var mine = await ActivitiesAsync(shop, staff: shop.StaffId);
        var nobody = await ActivitiesAsync(shop, staff: "gid://shopify/StaffMember/987654321");

        Notes(theirs).ShouldBe(["early"]);
        theirs.GetProperty("edges")[0].GetProperty("node").GetProperty("staffMember").GetProperty("id").GetString().ShouldBe(other);
        Notes(mine).ShouldBe(["OPENING", "middle", "late"]);
        nobody.GetProperty("edges").GetArrayLength().ShouldBe(0);
    }

    /// <summary>
    /// Opens 100.00 at 10:00 (float setup), sells 50.00 at 10:05, gives 5.25 change at 10:06,
    /// refunds 10.00 at 10:10, adjusts -20.00 at 10:20, counts 114.00 at 10:30 (book 114.75:
    /// discrepancy -0.75), and closes with 113.50 at 11:00 (book 114.00: discrepancy -0.50).
    /// </summary>
    private static async Task<string> ScriptDaySessionAsync(TestShop shop)
    {
        var session = await QueryKit.OpenAtAsync(shop, "100.00", "2026-03-10T10:00:00Z");
        await QueryKit.RecordAsync(shop, "SALE", "50.00", "2026-03-10T10:05:00Z");
        await QueryKit.RecordAsync(shop, "CHANGE", "5.25", "2026-03-10T10:06:00Z");
        await QueryKit.RecordAsync(shop, "REFUND", "10.00", "2026-03-10T10:10:00Z");
        await QueryKit.AdjustAtAsync(shop, session, "-20.00", "2026-03-10T10:20:00Z");
        await QueryKit.CountAtAsync(shop, session, "114.00", "2026-03-10T10:30:00Z");
        await QueryKit.CloseAtAsync(shop, session, "113.50", "2026-03-10T11:00:00Z");
        return session;
    }

    [Fact]
    public async Task CashDrawerTotals_WholeDay_SumTheSessionsActivities()
    {
        var shop = await server.CreateShopAsync();
        await ScriptDaySessionAsync(shop);

        var totals = await TotalsAsync(shop, "2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z");

        QueryKit.Amount(totals, "totalSales").ShouldBe("44.75");
        QueryKit.Amount(totals, "totalRefunds").ShouldBe("10.0");
        QueryKit.Amount(totals, "netSales").ShouldBe("34.75");
        QueryKit.Amount(totals, "totalAdjustments").ShouldBe("-20.0");
        QueryKit.Amount(totals, "totalDiscrepancies").ShouldBe("-1.25");
        totals.GetProperty("totalSales").GetProperty("currencyCode").GetString().ShouldBe("USD");
    }

    [Fact]
    public async Task CashDrawerTotals_CountEveryTender_AsTheSessionsTotalsDo()
    {
        var shop = await server.CreateShopAsync();
        var session = await QueryKit.OpenAtAsync(shop, "100.00", "2026-03-10T10:00:00Z");
        await QueryKit.RecordAsync(shop, "SALE", "50.00", "2026-03-10T10:05:00Z");
        await QueryKit.RecordAsync(shop, "SALE", "30.00", "2026-03-10T10:06:00Z", gateway: "shopify_payments");
        await QueryKit.RecordAsync(shop, "REFUND", "12.00", "2026-03-10T10:07:00Z", gateway: "shopify_payments");
        await QueryKit.RecordAsync(shop, "REFUND", "10.00", "2026-03-10T10:08:00Z");

        var totals = await TotalsAsync(shop, "2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z");
        var before = await TotalsAsync(shop, "2026-03-10T00:00:00Z", "2026-03-10T10:06:00Z");
        var figures = QueryKit.Data(await shop.GraphQLAsync(
            "query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { totalSales { amount } totalRefunds { amount } netSales { amount } totalCashSales { amount } } }",
            new { id = session })).GetProperty("pointOfSaleDevicePaymentSession");

        QueryKit.Amount(totals, "totalSales").ShouldBe("80.0");
        QueryKit.Amount(totals, "totalRefunds").ShouldBe("22.0");
        QueryKit.Amount(totals, "netSales").ShouldBe("58.0");
        QueryKit.Amount(totals, "totalSales").ShouldBe(QueryKit.Amount(figures, "totalSales"));
        QueryKit.Amount(totals, "totalRefunds").ShouldBe(QueryKit.Amount(figures, "totalRefunds"));
        QueryKit.Amount(totals, "netSales").ShouldBe(QueryKit.Amount(figures, "netSales"));
        QueryKit.Amount(figures, "totalCashSales").ShouldBe("50.0");
        QueryKit.Amount(before, "totalSales").ShouldBe("50.0");
        QueryKit.Amount(before, "totalRefunds").ShouldBe("0.0");
    }

    [Fact]
    public async Task CashDrawerTotals_HalfOpenRanges_IncludeFromAndExcludeTo()
    {
        var shop = await server.CreateShopAsync();
        await ScriptDaySessionAsync(shop);

        // [10:10, 10:30): the refund and the adjustment; the count at 10:30 is outside.
        var middle = await TotalsAsync(shop, "2026-03-10T10:10:00Z", "2026-03-10T10:30:00Z");
        QueryKit.Amount(middle, "totalSales").ShouldBe("0.0");
        QueryKit.Amount(middle, "totalRefunds").ShouldBe("10.0");
        QueryKit.Amount(middle, "netSales").ShouldBe("-10.0");
        QueryKit.Amount(middle, "totalAdjustments").ShouldBe("-20.0");
        QueryKit.Amount(middle, "totalDiscrepancies").ShouldBe("0.0");

        // [10:30, 11:00): only the mid-session count; the close at 11:00 is outside.
        var count = await TotalsAsync(shop, "2026-03-10T10:30:00Z", "2026-03-10T11:00:00Z");
        QueryKit.Amount(count, "totalDiscrepancies").ShouldBe("-0.75");
        QueryKit.Amount(count, "totalSales").ShouldBe("0.0");

        // [10:05, 10:07): the sale and the change.
        var sales = await TotalsAsync(shop, "2026-03-10T10:05:00Z", "2026-03-10T10:07:00Z");
        QueryKit.Amount(sales, "totalSales").ShouldBe("44.75");
        QueryKit.Amount(sales, "totalRefunds").ShouldBe("0.0");
        QueryKit.Amount(sales, "netSales").ShouldBe("44.75");
    }

    [Fact]
    public async Task CashDrawerTotals_RangeBeforeTheActivity_AreZero()
    {
        var shop = await server.CreateShopAsync();
        await ScriptDaySessionAsync(shop);

        var totals = await TotalsAsync(shop, "2026-03-09T00:00:00Z", "2026-03-10T10:00:00Z");

        foreach (var field in new[] { "totalSales", "totalRefunds", "netSales", "totalAdjustments", "totalDiscrepancies" })
        {
            QueryKit.Amount(totals, field).ShouldBe("0.0", field);
        }
    }

    [Fact]
    public async Task CashDrawerBalance_In202607_IsTheBookBalance()
    {
        var shop = await server.CreateShopAsync();
        (await DrawerAsync(shop, shop.DrawerId, "balance { amount currencyCode }", "2026-07")).GetProperty("balance").GetProperty("amount").GetString().ShouldBe("0.0");

        var session = await QueryKit.OpenAtAsync(shop, "100.00", "2026-03-10T10:00:00Z");
        await QueryKit.RecordAsync(shop, "SALE", "50.00", "2026-03-10T10:05:00Z");
        await QueryKit.RecordAsync(shop, "CHANGE", "5.25", "2026-03-10T10:06:00Z");
        await QueryKit.AdjustAtAsync(shop, session, "-20.00", "2026-03-10T10:20:00Z");
        var open = await DrawerAsync(shop, shop.DrawerId, "balance { amount currencyCode }", "2026-07");
        await QueryKit.CloseAtAsync(shop, session, "120.00", "2026-03-10T11:00:00Z");
        var closed = await DrawerAsync(shop, shop.DrawerId, "balance { amount currencyCode }", "2026-07");

        QueryKit.Amount(open, "balance").ShouldBe("124.75");
        open.GetProperty("balance").GetProperty("currencyCode").GetString().ShouldBe("USD");
        QueryKit.Amount(closed, "balance").ShouldBe("120.0");
    }

    [Fact]
    public async Task CashDrawerBalance_In202604_IsNotInTheSchema()
    {
        var shop = await server.CreateShopAsync();

        var result = await shop.GraphQLAsync("query($id: ID!) { cashDrawer(id: $id) { balance { amount } } }", new { id = shop.DrawerId });

        QueryKit.ErrorCode(result).ShouldBe("undefinedField");
    }

    [Fact]
    public async Task PointOfSaleDevice_ActivePaymentSession_IsTheOpenSessionOnly()
    {
        var shop = await server.CreateShopAsync();
        QueryKit.IsNull((await DeviceAsync(shop, shop.DeviceId)).GetProperty("activePaymentSession")).ShouldBeTrue();

        var session = await shop.OpenAsync();
        var open = await DeviceAsync(shop, shop.DeviceId);
        (await shop.ClosePayloadAsync(session, "100.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        var closed = await DeviceAsync(shop, shop.DeviceId);

        open.GetProperty("activePaymentSession").GetProperty("id").GetString().ShouldBe(session);
        open.GetProperty("activePaymentSession").GetProperty("status").GetString().ShouldBe("OPEN");
        QueryKit.IsNull(closed.GetProperty("activePaymentSession")).ShouldBeTrue();
    }

    [Fact]
    public async Task PointOfSaleDevice_CashDrawer_IsTheAssignedDrawerOrNull()
    {
        var shop = await server.CreateShopAsync();
        var unassigned = await QueryKit.CreateDeviceAsync(shop, shop.LocationId, "Register 2");

        var device = await DeviceAsync(shop, shop.DeviceId);
        var loose = await DeviceAsync(shop, unassigned);

        device.GetProperty("id").GetString().ShouldBe(shop.DeviceId);
        device.GetProperty("cashDrawer").GetProperty("id").GetString().ShouldBe(shop.DrawerId);
        device.GetProperty("cashDrawer").GetProperty("name").GetString().ShouldBe("Drawer 1");
        QueryKit.IsNull(loose.GetProperty("cashDrawer")).ShouldBeTrue();
        QueryKit.IsNull(loose.GetProperty("activePaymentSession")).ShouldBeTrue();
    }

    [Fact]
    public async Task PointOfSaleDevice_AnotherShopsDevice_IsNull()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();

        var result = await shop.GraphQLAsync("query($id: ID!) { pointOfSaleDevice(id: $id) { id } }", new { id = other.DeviceId });

        QueryKit.IsNull(QueryKit.Data(result).GetProperty("pointOfSaleDevice")).ShouldBeTrue();
    }
}
