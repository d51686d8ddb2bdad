using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Cost;

public sealed class QueryCostTests : IAsyncLifetime
{
    private TillServer server = null!;
    private TestShop shop = null!;
    private string session = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync();
        shop = await server.CreateShopAsync();
        session = await shop.OpenAsync("100.00");
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static JsonElement CostOf(JsonElement result) => result.GetProperty("extensions").GetProperty("cost");

    private async Task<JsonElement> RunAsync(string query, object? variables = null) => await shop.GraphQLAsync(
        query.Replace("DRAWER", shop.DrawerId, StringComparison.Ordinal).Replace("SESSION", session, StringComparison.Ordinal).Replace("DEVICE", shop.DeviceId, StringComparison.Ordinal),
        variables);

    // Each expected figure is worked out by hand from the rules: scalars 0, objects 1, mutation 10,
    // connection 2 + size × one node, interfaces and unions at their dearest member.
    [Theory]
    [InlineData("{ cashDrawer(id: \"DRAWER\") { id name } }", 1)] // one object
    [InlineData("{ cashDrawer(id: \"DRAWER\") { id location { id name } } }", 2)] // object + nested object
    [InlineData("{ cashDrawers(first: 10) { nodes { id } } }", 12)] // 2 + 10 × 1
    [InlineData("{ cashDrawers(first: 10) { edges { cursor node { id location { name } } } pageInfo { hasNextPage } } }", 22)] // 2 + 10 × (node 1 + location 1)
    [InlineData("{ cashDrawers(last: 4) { nodes { id } } }", 6)] // 2 + 4 × 1
    [InlineData("{ pointOfSaleDevicePaymentSessions(first: 5) { nodes { id cashActivities(first: 10) { nodes { time } } } } }", 67)] // 2 + 5 × (1 + 2 + 10 × 1)
    [InlineData("{ pointOfSaleDevicePaymentSession(id: \"SESSION\") { cashActivities(first: 2) { nodes { cash { amount } ... on CashCountActivity { cashCounted { amount } cashExpected { amount } cashDiscrepancy { amount } } ... on CashTransactionActivity { orderTransaction { id } } } } } }", 13)] // 1 + 2 + 2 × count's 5
    [InlineData("{ cashManagementReasonCodes(first: 3) { nodes { __typename ... on CashManagementCustomReasonCode { id } } } }", 5)] // 2 + 3 × 1 (union)
    [InlineData("mutation { cashManagementReasonCodeCreate(code: \"Cost check\") { reasonCode { id } userErrors { code } } }", 12)] // 10 + 1 + 1
    [InlineData("{ nodes(ids: [\"DRAWER\", \"DEVICE\", \"SESSION\"]) { id } }", 3)] // 3 × 1
    [InlineData("query { cashDrawer(id: \"DRAWER\") { ...F } } fragment F on CashDrawer { id location { id } }", 2)] // fragment spread
    [InlineData("{ a: cashDrawer(id: \"DRAWER\") { id } b: pointOfSaleDevice(id: \"DEVICE\") { id cashDrawer { id } } }", 3)] // 1 + (1 + 1)
    [InlineData("{ cashManagementShopSummary(currencyCode: USD, startDate: \"2026-01-01\", endDate: \"2026-01-02\") { netCash { amount } sessionsOpened } }", 2)]
    [InlineData("{ pointOfSaleDevice(id: \"DEVICE\") { activePaymentSession { id totalCashSales { amount } cashDrawer { id } } } }", 4)] // 1 + 1 + 1 + 1
    public async Task RequestedCost_MatchesTheHandComputedFigure(string query, int expected)
    {
        var result = await RunAsync(query);

        result.TryGetProperty("errors", out _).ShouldBeFalse(result.ToString());
        CostOf(result).GetProperty("requestedQueryCost").GetInt32().ShouldBe(expected);
    }

    [Fact]
    public async Task RequestedCost_ReadsPageSizesFromVariables()
    {
        var result = await RunAsync("query($n: Int) { cashDrawers(first: $n) { nodes { id } } }", new { n = 7 });

        CostOf(result).GetProperty("requestedQueryCost").GetInt32().ShouldBe(9);
    }

    [Fact]
    public async Task RequestedCost_UsesAVariablesDefaultWhenItIsNotGiven()
    {
        var result = await RunAsync("query($n: Int = 100) { cashDrawers(first: $n) { nodes { id } } }");

        CostOf(result).GetProperty("requestedQueryCost").GetInt32().ShouldBe(102);
    }

    [Fact]
    public async Task ActualCost_CountsTheNodesReallyReturned()
    {
        var result = await RunAsync("{ cashDrawers(first: 10) { nodes { id location { id } } } }");

        var cost = CostOf(result);
        cost.GetProperty("requestedQueryCost").GetInt32().ShouldBe(22);
        cost.GetProperty("actualQueryCost").GetInt32().ShouldBe(4); // 2 + one drawer × (1 + location 1)
    }

    [Fact]
    public async Task ErrorsToo_CarryTheCostExtension()
    {
        var result = await RunAsync("{ nope }");

        result.TryGetProperty("errors", out _).ShouldBeTrue();
        var cost = CostOf(result);
        cost.GetProperty("requestedQueryCost").GetInt32().ShouldBe(0);
        cost.GetProperty("throttleStatus").GetProperty("maximumAvailable").GetDouble().ShouldBe(2000);
        cost.GetProperty("throttleStatus").GetProperty("restoreRate").GetDouble().ShouldBe(100);
    }

    [Fact]
    public async Task CostAbove1000_IsRefusedBeforeRunning()
    {
        var result = await RunAsync("{ pointOfSaleDevicePaymentSessions(first: 250) { nodes { cashActivities(first: 250) { nodes { time } } } } }");

        result.TryGetProperty("data", out var data).ShouldBe(data.ValueKind == JsonValueKind.Null);
        var error = result.GetProperty("errors")[0];
        error.GetProperty("extensions").GetProperty("code").GetString().ShouldBe("MAX_COST_EXCEEDED");
        error.GetProperty("extensions").GetProperty("cost").GetInt32().ShouldBe(63252); // 2 + 250 × (1 + 2 + 250)
        error.GetProperty("extensions").GetProperty("maxCost").GetInt32().ShouldBe(1000);
        CostOf(result).GetProperty("actualQueryCost").ValueKind.ShouldBe(JsonValueKind.Null);
    }
}

public sealed class ThrottleTests : IAsyncLifetime
{
    private const string Query = "{ cashDrawers(first: 9) { nodes { id } } }"; // requested 11; with no drawer, actual 2
    private static readonly int[] Draining = [18, 16, 14, 12, 10];
    private static readonly string[] ReadScope = ["read_cash_tracking"];
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
    private TillServer server = null!;

    public async Task InitializeAsync() =>
        server = await TillServer.StartAsync(clock, configure: o => o with { ThrottleMaximum = 20, ThrottleRestoreRate = 1 });

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static JsonElement Status(JsonElement result) => result.GetProperty("extensions").GetProperty("cost").GetProperty("throttleStatus");

    [Fact]
    public async Task Bucket_DrainsToThrottledAndRefillsWithTime()
    {
        // A shop without drawers: nothing is spent provisioning it through the Admin API.
        var token = (await server.CreateShopAsync(scopes: ReadScope)).Token;

        // Each request takes 11 and gets 9 back: 20 → 18 → 16 → 14 → 12 → 10.
        foreach (var expected in Draining)
        {
            var ok = await server.GraphQLAsync(token, Query);
            ok.TryGetProperty("errors", out _).ShouldBeFalse(ok.ToString());
            Status(ok).GetProperty("currentlyAvailable").GetDouble().ShouldBe(expected);
            Status(ok).GetProperty("maximumAvailable").GetDouble().ShouldBe(20);
            Status(ok).GetProperty("restoreRate").GetDouble().ShouldBe(1);
        }

        var throttled = await server.GraphQLAsync(token, Query);
        throttled.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("THROTTLED");
        throttled.GetProperty("extensions").GetProperty("cost").GetProperty("requestedQueryCost").GetInt32().ShouldBe(11);
        throttled.GetProperty("extensions").GetProperty("cost").GetProperty("actualQueryCost").ValueKind.ShouldBe(JsonValueKind.Null);
        Status(throttled).GetProperty("currentlyAvailable").GetDouble().ShouldBe(10);

        clock.Advance(TimeSpan.FromSeconds(3));
        var again = await server.GraphQLAsync(token, Query);
        again.TryGetProperty("errors", out _).ShouldBeFalse(again.ToString());
        Status(again).GetProperty("currentlyAvailable").GetDouble().ShouldBe(11); // 10 + 3 − 11 + 9

        clock.Advance(TimeSpan.FromHours(1));
        Status(await server.GraphQLAsync(token, Query)).GetProperty("currentlyAvailable").GetDouble().ShouldBe(18); // full (20) − 2
    }

    [Fact]
    public async Task Buckets_ArePerToken()
    {
        var shop = await server.CreateShopAsync(scopes: ReadScope);
        var escaped = Uri.EscapeDataString(shop.ShopId);
        var first = shop.Token;
        var second = (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{escaped}/tokens", new { scopes = ReadScope })).GetProperty("token").GetString()!;

        for (var i = 0; i < 5; i++)
        {
            await server.GraphQLAsync(first, Query);
        }

        Status(await server.GraphQLAsync(second, Query)).GetProperty("currentlyAvailable").GetDouble().ShouldBe(18);
    }
}
