using Till.Ids;
using Till.Server.Tests.Support;
using Till.Storage;

namespace Till.Server.Tests.Seeding;

/// <summary>`till simulate` against a running server moves its figures, and the ledger stays consistent.</summary>
public sealed class SimulateTests
{
    [Fact]
    public async Task Simulate_OpensSellsCountsAndCloses_OnARunningServer()
    {
        await using var server = await TillServer.StartAsync();
        var shop = await server.CreateShopAsync();
        var shopId = GlobalId.ParseOf(shop.ShopId, GidTypes.Shop)!.Value;
        const string Figures = "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'CLOSED' THEN 1 ELSE 0 END), 0), COALESCE(SUM(cash_sales), 0), COALESCE(SUM(all_sales), 0) FROM payment_sessions WHERE shop_id = @shop";
        var before = (await server.Database.RowsAsync(Figures, ("@shop", shopId)))[0];

        var (exit, output, error) = await SeedTests.RunAsync(
            "simulate", "--url", server.BaseUrl, "--admin-key", TillServer.AdminKeyValue, "--shop", shop.ShopId, "--devices", "2", "--rate", "40", "--sales", "6", "--sessions", "4");

        exit.ShouldBe(0, error + output);
        output.ShouldContain("closed gid://shopify/PointOfSaleDevicePaymentSession/");
        var after = (await server.Database.RowsAsync(Figures, ("@shop", shopId)))[0];
        before.ShouldBe([0L, 0L, 0L, 0L]);
        after[1]!.Value.ShouldBeGreaterThanOrEqualTo(4);
        after[2]!.Value.ShouldBeGreaterThan(0);
        after[3]!.Value.ShouldBeGreaterThan(after[2]!.Value, "card payments count in all sales");
        var counts = await server.Database.RowsAsync("SELECT COUNT(*) FROM cash_activities WHERE shop_id = @shop AND type IN ('MID_SESSION', 'CLOSING', 'CHANGE', 'ADJUSTMENT') GROUP BY type", ("@shop", shopId));
        counts.Count.ShouldBe(4);
        var check = await ((IHistoryStore)server.Store).CheckLedgerAsync(shopId);
        check.Consistent.ShouldBeTrue(check.ToString());
    }

    [Fact]
    public async Task Simulate_RefusedByTheServer_IsOneLineAndExitsOne()
    {
        await using var server = await TillServer.StartAsync();
        var shop = await server.CreateShopAsync();

        var (exit, _, error) = await SeedTests.RunAsync("simulate", "--url", server.BaseUrl, "--admin-key", "wrong-key", "--shop", shop.ShopId, "--sessions", "1");

        exit.ShouldBe(1);
        error.ShouldContain("401");
        error.TrimEnd('\n').ShouldNotContain("\n");
    }

    [Theory]
    [InlineData("--url", "ftp://x", "--url")]
    [InlineData("--rate", "0", "--rate")]
    [InlineData("--shop", "Shop/1", "--shop")]
    public async Task Simulate_BadOption_IsAUsageError(string option, string value, string message)
    {
        var (exit, _, error) = await SeedTests.RunAsync("simulate", "--url", "http://127.0.0.1:1", "--admin-key", "k", "--shop", "1", option, value);

        exit.ShouldBe(2);
        error.ShouldContain(message);
    }
}
