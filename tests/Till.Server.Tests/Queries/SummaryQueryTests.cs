using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Queries;

/// <summary>
/// cashManagementLocationSummary and cashManagementShopSummary over a scripted, backdated history:
/// <list type="bullet">
/// <item>Main location, drawer 1: S1 opens 100.00 on 2026-03-10 10:00 (float), sells 40.00 at 10:30, adjusts -15.00 at 11:00,
/// closes at 18:00 counting 124.00 (book 125.00: -1.00). S2 opens on 2026-03-11 09:00 counting 120.00 (book 124.00: -4.00),
/// refunds 10.00 at 10:00, closes on 2026-03-12 01:00 counting 110.00 (no discrepancy).</item>
/// <item>Annex location (USD): opens 50.00 on 2026-03-10 12:00, closes 50.00 at 13:00.</item>
/// <item>Euro location (EUR): opens 70.00 on 2026-03-10 12:00, left open.</item>
/// </list>
/// </summary>
public sealed class SummaryQueryTests : IAsyncLifetime
{
    private const string LocationSummary = """
        query($l: ID!, $s: Date!, $e: Date!) { cashManagementLocationSummary(locationId: $l, startDate: $s, endDate: $e) {
          sessionsOpened sessionsClosed cashBalanceAtStart { amount currencyCode } cashBalanceAtEnd { amount currencyCode }
          netCash { amount currencyCode } totalDiscrepancies { amount currencyCode }
        } }
        """;

    private const string ShopSummary = """
        query($c: CurrencyCode!, $s: Date!, $e: Date!) { cashManagementShopSummary(currencyCode: $c, startDate: $s, endDate: $e) {
          sessionsOpened sessionsClosed cashBalanceAtStart { amount currencyCode } cashBalanceAtEnd { amount currencyCode }
          netCash { amount currencyCode } totalDiscrepancies { amount currencyCode }
        } }
        """;

    private TillServer server = null!;
    private TestShop shop = null!;
    private string annex = null!;
    private string euro = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync();
        shop = await server.CreateShopAsync();

        var s1 = await QueryKit.OpenAtAsync(shop, "100.00", "2026-03-10T10:00:00Z");
        await QueryKit.RecordAsync(shop, "SALE", "40.00", "2026-03-10T10:30:00Z");
        await QueryKit.AdjustAtAsync(shop, s1, "-15.00", "2026-03-10T11:00:00Z");
        var closed1 = await QueryKit.CloseAtAsync(shop, s1, "124.00", "2026-03-10T18:00:00Z");
        QueryKit.Amount(closed1, "closingAdjustment").ShouldBe("-1.0");

        var s2 = await QueryKit.OpenAtAsync(shop, "120.00", "2026-03-11T09:00:00Z");
        await QueryKit.RecordAsync(shop, "REFUND", "10.00", "2026-03-11T10:00:00Z");
        await QueryKit.CloseAtAsync(shop, s2, "110.00", "2026-03-12T01:00:00Z");

        annex = await QueryKit.CreateLocationAsync(shop, "Annex");
        var annexDevice = await QueryKit.CreateDeviceAsync(shop, annex, "Annex register");
        await shop.AssignAsync(annexDevice, await shop.CreateDrawerAsync("Annex drawer", annex));
        var annexSession = await QueryKit.OpenAtAsync(shop, "50.00", "2026-03-10T12:00:00Z", annexDevice);
        await QueryKit.CloseAtAsync(shop, annexSession, "50.00", "2026-03-10T13:00:00Z");

        euro = await QueryKit.CreateLocationAsync(shop, "Berlin", "EUR");
        var euroDevice = await QueryKit.CreateDeviceAsync(shop, euro, "Kasse");
        await shop.AssignAsync(euroDevice, await shop.CreateDrawerAsync("Kasse 1", euro));
        var euroOpen = await shop.OpenPayloadAsync("70.00", euroDevice, currencyCode: "EUR", time: "2026-03-10T12:00:00Z");
        euroOpen.GetProperty("userErrors").GetArrayLength().ShouldBe(0, euroOpen.ToString());
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<JsonElement> LocationAsync(string locationId, string start, string end) =>
        QueryKit.Data(await shop.GraphQLAsync(LocationSummary, new { l = locationId, s = start, e = end })).GetProperty("cashManagementLocationSummary");

    private async Task<JsonElement> ShopAsync(string currency, string start, string end) =>
        QueryKit.Data(await shop.GraphQLAsync(ShopSummary, new { c = currency, s = start, e = end })).GetProperty("cashManagementShopSummary");

    private static void ShouldBe(JsonElement summary, int opened, int closed, string atStart, string atEnd, string netCash, string discrepancies, string currency = "USD")
    {
        var text = summary.ToString();
        summary.GetProperty("sessionsOpened").GetInt32().ShouldBe(opened, text);
        summary.GetProperty("sessionsClosed").GetInt32().ShouldBe(closed, text);
        QueryKit.Amount(summary, "cashBalanceAtStart").ShouldBe(atStart, text);
        QueryKit.Amount(summary, "cashBalanceAtEnd").ShouldBe(atEnd, text);
        QueryKit.Amount(summary, "netCash").ShouldBe(netCash, text);
        QueryKit.Amount(summary, "totalDiscrepancies").ShouldBe(discrepancies, text);
        foreach (var field in new[] { "cashBalanceAtStart", "cashBalanceAtEnd", "netCash", "totalDiscrepancies" })
        {
            summary.GetProperty(field).GetProperty("currencyCode").GetString().ShouldBe(currency, text);
        }
    }

    [Fact]
    public async Task LocationSummary_DayBeforeAnyActivity_IsAllZero()
    {
        ShouldBe(await LocationAsync(shop.LocationId, "2026-03-01", "2026-03-09"), 0, 0, "0.0", "0.0", "0.0", "0.0");
    }

    [Fact]
    public async Task LocationSummary_FirstDay_CountsTheFirstSession()
    {
        ShouldBe(await LocationAsync(shop.LocationId, "2026-03-10", "2026-03-10"), 1, 1, "0.0", "124.0", "25.0", "-1.0");
    }

    [Fact]
    public async Task LocationSummary_SecondDay_StartsFromTheFirstDaysClose()
    {
        ShouldBe(await LocationAsync(shop.LocationId, "2026-03-11", "2026-03-11"), 1, 0, "124.0", "110.0", "-10.0", "-4.0");
    }

    [Fact]
    public async Task LocationSummary_ThirdDay_CountsTheLateClose()
    {
        ShouldBe(await LocationAsync(shop.LocationId, "2026-03-12", "2026-03-12"), 0, 1, "110.0", "110.0", "0.0", "0.0");
    }

    [Fact]
    public async Task LocationSummary_CoveringEverything_SumsBothSessions()
    {
        ShouldBe(await LocationAsync(shop.LocationId, "2026-03-01", "2026-03-31"), 2, 2, "0.0", "110.0", "15.0", "-5.0");
    }

    [Fact]
    public async Task LocationSummary_AfterTheActivity_CarriesTheBalance()
    {
        ShouldBe(await LocationAsync(shop.LocationId, "2026-04-01", "2026-04-30"), 0, 0, "110.0", "110.0", "0.0", "0.0");
    }

    [Fact]
    public async Task LocationSummary_OtherLocations_TakeOnlyTheirOwnDrawers()
    {
        ShouldBe(await LocationAsync(annex, "2026-03-10", "2026-03-10"), 1, 1, "0.0", "50.0", "0.0", "0.0");
        ShouldBe(await LocationAsync(euro, "2026-03-10", "2026-03-10"), 1, 0, "0.0", "70.0", "0.0", "0.0", "EUR");
    }

    [Fact]
    public async Task ShopSummary_Usd_TakesEveryUsdDrawer()
    {
        ShouldBe(await ShopAsync("USD", "2026-03-10", "2026-03-10"), 2, 2, "0.0", "174.0", "25.0", "-1.0");
        ShouldBe(await ShopAsync("USD", "2026-03-01", "2026-03-31"), 3, 3, "0.0", "160.0", "15.0", "-5.0");
        ShouldBe(await ShopAsync("USD", "2026-03-11", "2026-03-12"), 1, 1, "174.0", "160.0", "-10.0", "-4.0");
    }

    [Fact]
    public async Task ShopSummary_Eur_TakesOnlyEuroDrawers()
    {
        ShouldBe(await ShopAsync("EUR", "2026-03-10", "2026-03-10"), 1, 0, "0.0", "70.0", "0.0", "0.0", "EUR");
        ShouldBe(await ShopAsync("EUR", "2026-03-11", "2026-03-11"), 0, 0, "70.0", "70.0", "0.0", "0.0", "EUR");
    }

    [Fact]
    public async Task ShopSummary_CurrencyWithoutDrawers_IsAllZero()
    {
        ShouldBe(await ShopAsync("GBP", "2026-03-01", "2026-03-31"), 0, 0, "0.0", "0.0", "0.0", "0.0", "GBP");
    }

    [Fact]
    public async Task ShopSummary_AnotherShop_SeesNoneOfThisShopsSessions()
    {
        var other = await server.CreateShopAsync();

        var result = await other.GraphQLAsync(ShopSummary, new { c = "USD", s = "2026-03-01", e = "2026-03-31" });

        ShouldBe(QueryKit.Data(result).GetProperty("cashManagementShopSummary"), 0, 0, "0.0", "0.0", "0.0", "0.0");
    }
}
