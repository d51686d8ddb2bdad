using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Queries;

public sealed class LegacySessionQueryTests : IAsyncLifetime
{
    private const string LegacyFields = """
        id cashTrackingEnabled registerName openingTime closingTime openingNote closingNote
        openingBalance { amount currencyCode } expectedOpeningBalance { amount } closingBalance { amount } expectedClosingBalance { amount }
        expectedBalance { amount currencyCode }
        totalCashSales { amount } totalCashRefunds { amount } netCashSales { amount } totalAdjustments { amount } totalDiscrepancy { amount }
        openingStaffMember { id } closingStaffMember { id } location { id }
        """;

    private const string Sessions = """
        query($first: Int, $after: String, $last: Int, $before: String, $sortKey: CashTrackingSessionsSortKeys, $reverse: Boolean) {
          cashTrackingSessions(first: $first, after: $after, last: $last, before: $before, sortKey: $sortKey, reverse: $reverse) {
            edges { cursor node { id } }
            pageInfo { hasNextPage hasPreviousPage }
          }
        }
        """;

    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static string Legacy(string paymentSessionId) => "gid://shopify/CashTrackingSession/" + QueryKit.Number(paymentSessionId);

    private static async Task<JsonElement> LegacyAsync(TestShop shop, string paymentSessionId, string fields = LegacyFields) =>
        QueryKit.Data(await shop.GraphQLAsync("query($id: ID!) { cashTrackingSession(id: $id) { " + fields + " } }", new { id = Legacy(paymentSessionId) })).GetProperty("cashTrackingSession");

    private static async Task<List<string>> SessionIdsAsync(TestShop shop, string sortKey, bool reverse = false, int first = 50)
    {
        var ids = new List<string>();
        string? after = null;
        for (var guard = 0; guard < 50; guard++)
        {
            var page = QueryKit.Data(await shop.GraphQLAsync(Sessions, new { first, after, sortKey, reverse })).GetProperty("cashTrackingSessions");
            ids.AddRange(QueryKit.Ids(page));
            if (!page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean())
            {
                break;
            }

            after = page.GetProperty("edges")[page.GetProperty("edges").GetArrayLength() - 1].GetProperty("cursor").GetString();
        }

        return ids;
    }

    private static async Task<List<string>> SessionIdsBackwardAsync(TestShop shop, string sortKey, int last)
    {
        var pages = new List<List<string>>();
        string? before = null;
        for (var guard = 0; guard < 50; guard++)
        {
            var page = QueryKit.Data(await shop.GraphQLAsync(Sessions, new { last, before, sortKey })).GetProperty("cashTrackingSessions");
            pages.Add(QueryKit.Ids(page));
            if (!page.GetProperty("pageInfo").GetProperty("hasPreviousPage").GetBoolean())
            {
                break;
            }

            before = page.GetProperty("edges")[0].GetProperty("cursor").GetString();
        }

        pages.Reverse();
        return [.. pages.SelectMany(p => p)];
    }

    /// <summary>
    /// Opens 100.00 (float), takes cash 50.00 sale, 5.25 change, 10.00 refund and a 30.00 card sale,
    /// adjusts -20.00 and pays out 7.50 (CASH_PAYOUT): book 107.25.
    /// </summary>
    private static async Task<string> ScriptOpenSessionAsync(TestShop shop)
    {
        var session = await QueryKit.OpenAtAsync(shop, "100.00", "2026-03-10T10:00:00Z", note: "morning");
        await QueryKit.RecordAsync(shop, "SALE", "50.00", "2026-03-10T10:05:00Z");
        await QueryKit.RecordAsync(shop, "CHANGE", "5.25", "2026-03-10T10:06:00Z");
        await QueryKit.RecordAsync(shop, "REFUND", "10.00", "2026-03-10T10:10:00Z");
        await QueryKit.RecordAsync(shop, "SALE", "30.00", "2026-03-10T10:12:00Z", gateway: "shopify_payments");
        await QueryKit.AdjustAtAsync(shop, session, "-20.00", "2026-03-10T10:20:00Z", note: "bank run");
        var payout = (await QueryKit.ReasonCodesAsync(shop)).First(c => c.Type == "CashManagementDefaultReasonCode" && c.Code == "CASH_PAYOUT").Id;
        await QueryKit.AdjustAtAsync(shop, session, "7.50", "2026-03-10T10:25:00Z", reasonCodeId: payout, note: "window cleaner");
        return session;
    }

    [Fact]
    public async Task CashTrackingSession_WhileOpen_ShowsTheCurrentBookBalance()
    {
        var shop = await server.CreateShopAsync();
        var session = await ScriptOpenSessionAsync(shop);

        var legacy = await LegacyAsync(shop, session);

        legacy.GetProperty("id").GetString().ShouldBe(Legacy(session));
        legacy.GetProperty("cashTrackingEnabled").GetBoolean().ShouldBeTrue();
        legacy.GetProperty("registerName").GetString().ShouldBe("Register 1");
        legacy.GetProperty("openingTime").GetString().ShouldBe("2026-03-10T10:00:00Z");
        legacy.GetProperty("openingNote").GetString().ShouldBe("morning");
        QueryKit.Amount(legacy, "openingBalance").ShouldBe("100.0");
        legacy.GetProperty("openingBalance").GetProperty("currencyCode").GetString().ShouldBe("USD");
        QueryKit.Amount(legacy, "expectedOpeningBalance").ShouldBe("100.0");
        QueryKit.Amount(legacy, "expectedBalance").ShouldBe("107.25");
        QueryKit.IsNull(legacy.GetProperty("closingBalance")).ShouldBeTrue();
        QueryKit.IsNull(legacy.GetProperty("expectedClosingBalance")).ShouldBeTrue();
        QueryKit.IsNull(legacy.GetProperty("closingTime")).ShouldBeTrue();
        QueryKit.IsNull(legacy.GetProperty("closingStaffMember")).ShouldBeTrue();
        legacy.GetProperty("openingStaffMember").GetProperty("id").GetString().ShouldBe(shop.StaffId);
        legacy.GetProperty("location").GetProperty("id").GetString().ShouldBe(shop.LocationId);
        QueryKit.Amount(legacy, "totalCashSales").ShouldBe("44.75");
        QueryKit.Amount(legacy, "totalCashRefunds").ShouldBe("10.0");
        QueryKit.Amount(legacy, "netCashSales").ShouldBe("34.75");
        QueryKit.Amount(legacy, "totalAdjustments").ShouldBe("-27.5");
        QueryKit.Amount(legacy, "totalDiscrepancy").ShouldBe("0.0");
    }

    [Fact]
    public async Task CashTrackingSession_Closed_ShowsTheClosingFigures()
    {
        var shop = await server.CreateShopAsync();
        var session = await ScriptOpenSessionAsync(shop);
        await QueryKit.CloseAtAsync(shop, session, "106.00", "2026-03-10T18:00:00Z", note: "night");

        var legacy = await LegacyAsync(shop, session);

        QueryKit.Amount(legacy, "closingBalance").ShouldBe("106.0");
        QueryKit.Amount(legacy, "expectedClosingBalance").ShouldBe("107.25");
        QueryKit.Amount(legacy, "expectedBalance").ShouldBe("107.25");
        legacy.GetProperty("closingTime").GetString().ShouldBe("2026-03-10T18:00:00Z");
        legacy.GetProperty("closingNote").GetString().ShouldBe("night");
        legacy.GetProperty("closingStaffMember").GetProperty("id").GetString().ShouldBe(shop.StaffId);
        QueryKit.Amount(legacy, "totalDiscrepancy").ShouldBe("-1.25");
        QueryKit.Amount(legacy, "totalAdjustments").ShouldBe("-27.5");
    }

    [Fact]
    public async Task CashTrackingSession_SecondSession_ShowsExpectedAndCountedOpeningBalances()
    {
        var shop = await server.CreateShopAsync();
        var first = await ScriptOpenSessionAsync(shop);
        await QueryKit.CloseAtAsync(shop, first, "106.00", "2026-03-10T18:00:00Z");
        var second = await QueryKit.OpenAtAsync(shop, "105.00", "2026-03-11T09:00:00Z");

        var opened = await LegacyAsync(shop, second);
        await QueryKit.RecordAsync(shop, "SALE", "10.00", "2026-03-11T09:30:00Z");
        var afterSale = await LegacyAsync(shop, second);

        QueryKit.Amount(opened, "openingBalance").ShouldBe("105.0");
        QueryKit.Amount(opened, "expectedOpeningBalance").ShouldBe("106.0");
        QueryKit.Amount(opened, "expectedBalance").ShouldBe("105.0");
        QueryKit.Amount(opened, "totalDiscrepancy").ShouldBe("-1.0");
        QueryKit.Amount(afterSale, "expectedBalance").ShouldBe("115.0");
    }

    [Fact]
    public async Task CashTrackingSession_Adjustments_ListsAdjustmentsAndPayoutsOnly()
    {
        var shop = await server.CreateShopAsync();
        var session = await ScriptOpenSessionAsync(shop);
        await QueryKit.CloseAtAsync(shop, session, "106.00", "2026-03-10T18:00:00Z");

        var legacy = await LegacyAsync(shop, session, "adjustments(first: 10) { nodes { id cash { amount currencyCode } note time staffMember { id } } }");
        var byIdReversed = await LegacyAsync(shop, session, "adjustments(first: 10, sortKey: ID, reverse: true) { nodes { note } }");

        var nodes = legacy.GetProperty("adjustments").GetProperty("nodes").EnumerateArray().ToList();
        nodes.Select(n => QueryKit.Amount(n, "cash")).ShouldBe(["-20.0", "-7.5"]);
        nodes.Select(n => n.GetProperty("note").GetString()).ShouldBe(["bank run", "window cleaner"]);
        nodes.Select(n => n.GetProperty("time").GetString()).ShouldBe(["2026-03-10T10:20:00Z", "2026-03-10T10:25:00Z"]);
        nodes.ShouldAllBe(n => n.GetProperty("id").GetString()!.StartsWith("gid://shopify/CashTrackingAdjustment/", StringComparison.Ordinal));
        nodes.ShouldAllBe(n => n.GetProperty("staffMember").GetProperty("id").GetString() == shop.StaffId);
        byIdReversed.GetProperty("adjustments").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("note").GetString()).ShouldBe(["window cleaner", "bank run"]);
    }

    [Fact]
    public async Task CashTrackingSession_CashTransactions_ListsCashOrderTransactionsOnly()
    {
        var shop = await server.CreateShopAsync();
        var session = await ScriptOpenSessionAsync(shop);

        var legacy = await LegacyAsync(shop, session, "cashTransactions(first: 10) { nodes { id kind gateway amountV2 { amount } processedAt } }");

        var nodes = legacy.GetProperty("cashTransactions").GetProperty("nodes").EnumerateArray().ToList();
        nodes.Select(n => n.GetProperty("kind").GetString()).ShouldBe(["SALE", "CHANGE", "REFUND"]);
        nodes.Select(n => QueryKit.Amount(n, "amountV2")).ShouldBe(["50.0", "5.25", "10.0"]);
        nodes.ShouldAllBe(n => n.GetProperty("gateway").GetString() == "cash");
        nodes.ShouldAllBe(n => n.GetProperty("id").GetString()!.StartsWith("gid://shopify/OrderTransaction/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CashTrackingSession_UnknownOtherShopsOrWrongTypeId_IsNull()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        var theirs = await other.OpenAsync();
        var mine = await shop.OpenAsync();

        foreach (var id in new[] { "gid://shopify/CashTrackingSession/987654321", Legacy(theirs), mine })
        {
            var result = await shop.GraphQLAsync("query($id: ID!) { cashTrackingSession(id: $id) { id } }", new { id });
            QueryKit.IsNull(QueryKit.Data(result).GetProperty("cashTrackingSession")).ShouldBeTrue(id);
        }
    }

    [Fact]
    public async Task CashTrackingSessions_ById_ListsThisShopsSessionsInLegacyShape()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        await other.OpenAsync();
        var first = await shop.OpenAsync();
        (await shop.ClosePayloadAsync(first, "100.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        var second = await shop.OpenAsync();

        var result = await shop.GraphQLAsync("{ cashTrackingSessions(first: 10) { nodes { id registerName cashTrackingEnabled expectedBalance { amount } } } }");

        var nodes = QueryKit.Data(result).GetProperty("cashTrackingSessions").GetProperty("nodes").EnumerateArray().ToList();
        nodes.Select(n => n.GetProperty("id").GetString()).ShouldBe([Legacy(first), Legacy(second)]);
        nodes.ShouldAllBe(n => n.GetProperty("registerName").GetString() == "Register 1" && n.GetProperty("cashTrackingEnabled").GetBoolean());
    }

    /// <summary>
    /// Four sessions on one device, opened out of time order: A opens 12:00, closes 15:00 (-2.00);
    /// B opens 08:00, closes 20:00 (+5.00); C opens 10:00, closes 11:00 (0); D opens 09:00 with a
    /// -3.00 opening discrepancy and stays open.
    /// </summary>
    private static async Task<(string A, string B, string C, string D)> ScriptSortableSessionsAsync(TestShop shop)
    {
        var a = await QueryKit.OpenAtAsync(shop, "100.00", "2026-03-10T12:00:00Z");
        await QueryKit.CloseAtAsync(shop, a, "98.00", "2026-03-10T15:00:00Z");
        var b = await QueryKit.OpenAtAsync(shop, "98.00", "2026-03-10T08:00:00Z");
        await QueryKit.CloseAtAsync(shop, b, "103.00", "2026-03-10T20:00:00Z");
        var c = await QueryKit.OpenAtAsync(shop, "103.00", "2026-03-10T10:00:00Z");
        await QueryKit.CloseAtAsync(shop, c, "103.00", "2026-03-10T11:00:00Z");
        var d = await QueryKit.OpenAtAsync(shop, "100.00", "2026-03-10T09:00:00Z");
        return (Legacy(a), Legacy(b), Legacy(c), Legacy(d));
    }

    [Fact]
    public async Task CashTrackingSessions_SortKeys_OrderTheSessions()
    {
        var shop = await server.CreateShopAsync();
        var (a, b, c, d) = await ScriptSortableSessionsAsync(shop);

        (await SessionIdsAsync(shop, "ID")).ShouldBe([a, b, c, d]);
        (await SessionIdsAsync(shop, "OPENING_TIME_ASC")).ShouldBe([b, d, c, a]);
        (await SessionIdsAsync(shop, "OPENING_TIME_DESC")).ShouldBe([a, c, d, b]);
        (await SessionIdsAsync(shop, "TOTAL_DISCREPANCY_ASC")).ShouldBe([d, a, c, b]);
        (await SessionIdsAsync(shop, "TOTAL_DISCREPANCY_DESC")).ShouldBe([b, c, a, d]);

        var closingAsc = await SessionIdsAsync(shop, "CLOSING_TIME_ASC");
        var closingDesc = await SessionIdsAsync(shop, "CLOSING_TIME_DESC");
        closingAsc.ShouldBe([c, a, b, d], ignoreOrder: true);
        closingAsc.Where(id => id != d).ShouldBe([c, a, b]);
        closingDesc.ShouldBe([c, a, b, d], ignoreOrder: true);
        closingDesc.Where(id => id != d).ShouldBe([b, a, c]);
    }

    [Fact]
    public async Task CashTrackingSessions_Reverse_FlipsTheSortKeyOrder()
    {
        var shop = await server.CreateShopAsync();
        var (a, b, c, d) = await ScriptSortableSessionsAsync(shop);

        (await SessionIdsAsync(shop, "ID", reverse: true)).ShouldBe([d, c, b, a]);
        (await SessionIdsAsync(shop, "OPENING_TIME_ASC", reverse: true)).ShouldBe([a, c, d, b]);
        (await SessionIdsAsync(shop, "OPENING_TIME_DESC", reverse: true)).ShouldBe([b, d, c, a]);
        (await SessionIdsAsync(shop, "TOTAL_DISCREPANCY_DESC", reverse: true)).ShouldBe([d, a, c, b]);
    }

    [Theory]
    [InlineData("ID")]
    [InlineData("OPENING_TIME_ASC")]
    [InlineData("OPENING_TIME_DESC")]
    [InlineData("CLOSING_TIME_ASC")]
    [InlineData("CLOSING_TIME_DESC")]
    [InlineData("TOTAL_DISCREPANCY_ASC")]
    [InlineData("TOTAL_DISCREPANCY_DESC")]
    public async Task CashTrackingSessions_PagedOneByOne_MatchTheSinglePageBothWays(string sortKey)
    {
        var shop = await server.CreateShopAsync();
        await ScriptSortableSessionsAsync(shop);

        var whole = await SessionIdsAsync(shop, sortKey);
        var paged = await SessionIdsAsync(shop, sortKey, first: 1);
        var backward = await SessionIdsBackwardAsync(shop, sortKey, last: 1);
        var backwardByThree = await SessionIdsBackwardAsync(shop, sortKey, last: 3);

        whole.Count.ShouldBe(4);
        paged.ShouldBe(whole);
        backward.ShouldBe(whole);
        backwardByThree.ShouldBe(whole);
    }
}
