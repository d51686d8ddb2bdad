using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Till.Server.Tests.Queries;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Shops;

/// <summary>
/// Days counted in the shop's time zone, across both daylight-saving changes of 2026: in New York
/// (a 23-hour day on 8 March, a 25-hour one on 1 November) and on Lord Howe Island, which shifts by
/// half an hour (a 24.5-hour day on 5 April, a 23.5-hour one on 4 October). Around each change the
/// scenario books one session ending a minute before the local day starts, one filling the day to
/// its last minutes, and one starting at the next local midnight; the summaries and the date-only
/// search values must put each on its local day, which a UTC day would not.
/// </summary>
public sealed class LocalTimeTests : IAsyncLifetime
{
    private const string LocationSummary = """
        query($l: ID!, $s: Date!, $e: Date!) { cashManagementLocationSummary(locationId: $l, startDate: $s, endDate: $e) {
          sessionsOpened sessionsClosed cashBalanceAtStart { amount } cashBalanceAtEnd { amount } netCash { amount } totalDiscrepancies { amount } } }
        """;

    private const string ShopSummary = """
        query($s: Date!, $e: Date!) { cashManagementShopSummary(currencyCode: USD, startDate: $s, endDate: $e) {
          sessionsOpened sessionsClosed cashBalanceAtStart { amount } cashBalanceAtEnd { amount } netCash { amount } totalDiscrepancies { amount } } }
        """;

    /// <summary>Each change: the zone, the local day of the change, and that day's first and the next day's first instant in UTC.</summary>
    private static readonly (string Zone, string Day, string Start, string End)[] ChangeDays =
    [
        ("America/New_York", "2026-03-08", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z"),
        ("America/New_York", "2026-11-01", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z"),
        ("Australia/Lord_Howe", "2026-04-05", "2026-04-04T13:00:00Z", "2026-04-05T13:30:00Z"),
        ("Australia/Lord_Howe", "2026-10-04", "2026-10-03T13:30:00Z", "2026-10-04T13:00:00Z"),
    ];

    public static TheoryData<string, string> Changes()
    {
        var data = new TheoryData<string, string>();
        foreach (var (zone, day, _, _) in ChangeDays)
        {
            data.Add(zone, day);
        }

        return data;
    }

    private readonly Dictionary<string, TestShop> shops = [];
    private readonly Dictionary<string, (string Before, string During, string After)> sessions = [];
    private TillServer server = null!;

    public async Task InitializeAsync()
    {
        // Mid-December 2026: New York keeps standard time, Lord Howe summer time.
        server = await TillServer.StartAsync(clock: new FakeTimeProvider(DateTimeOffset.Parse("2026-12-15T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var zone in new[] { "America/New_York", "Australia/Lord_Howe" })
        {
            var shop = await server.CreateShopAsync(timezone: zone);
            shops[zone] = shop;
            var balance = 0m;
            foreach (var change in ChangeDays.Where(c => c.Zone == zone))
            {
                var start = Instant(change.Start);
                var end = Instant(change.End);
                var before = await SessionAsync(shop, start.AddMinutes(-1), start.AddSeconds(-30), 5m);
                var during = await SessionAsync(shop, start, end.AddMinutes(-1), 7m);
                var after = await SessionAsync(shop, end, end.AddMinutes(2), 3m);
                sessions[change.Day] = (before, during, after);
            }

            async Task<string> SessionAsync(TestShop s, DateTimeOffset open, DateTimeOffset close, decimal sale)
            {
                var id = await QueryKit.OpenAtAsync(s, Money(balance), Text(open));
                await QueryKit.RecordAsync(s, "SALE", Money(sale), Text(open.AddSeconds((close - open).TotalSeconds / 2)));
                balance += sale;
                await QueryKit.CloseAtAsync(s, id, Money(balance), Text(close));
                return id;
            }
        }
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Summaries_CountTheDaysOfTheShopsTimeZone(string zone, string day)
    {
        var shop = shops[zone];
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var dayBefore = date.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var dayAfter = date.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var summary in new Func<string, string, Task<JsonElement>>[] { (s, e) => LocationAsync(shop, s, e), (s, e) => ShopAsync(shop, s, e) })
        {
            ShouldCount(await summary(dayBefore, dayBefore), 1, 1, "5.0");
            ShouldCount(await summary(day, day), 1, 1, "7.0");
            ShouldCount(await summary(dayAfter, dayAfter), 1, 1, "3.0");
            ShouldCount(await summary(dayBefore, dayAfter), 3, 3, "15.0");
            var during = await summary(day, day);
            var bothSides = (await summary(dayBefore, dayBefore)).GetProperty("cashBalanceAtEnd").GetProperty("amount").GetString();
            during.GetProperty("cashBalanceAtStart").GetProperty("amount").GetString().ShouldBe(bothSides, during.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task DateOnlySearchValues_AreWholeLocalDays(string zone, string day)
    {
        var shop = shops[zone];
        var (before, during, after) = sessions[day];
        (await SessionIdsAsync(shop, $"opening_date:{day}")).ShouldBe([during]);
        (await SessionIdsAsync(shop, $"closing_date:{day}")).ShouldBe([during]);
        var next = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await SessionIdsAsync(shop, $"opening_date:{next}")).ShouldBe([after]);
        var ids = await SessionIdsAsync(shop, $"opening_date:<{day}");
        ids.ShouldContain(before);
        ids.ShouldNotContain(during);
        var from = await SessionIdsAsync(shop, $"opening_date:>={day} AND opening_date:<={day}");
        from.ShouldBe([during]);
        var datePart = await SessionIdsAsync(shop, $"opening_time:{day}");
        datePart.ShouldBe([during]);
    }

    [Fact]
    public async Task Shop_ReportsItsZoneAndTheOffsetNow()
    {
        const string query = "{ shop { ianaTimezone timezoneAbbreviation timezoneOffset timezoneOffsetMinutes } }";
        var newYork = QueryKit.Data(await shops["America/New_York"].GraphQLAsync(query)).GetProperty("shop");
        newYork.GetProperty("ianaTimezone").GetString().ShouldBe("America/New_York");
        newYork.GetProperty("timezoneAbbreviation").GetString().ShouldBe("EST");
        newYork.GetProperty("timezoneOffset").GetString().ShouldBe("-0500");
        newYork.GetProperty("timezoneOffsetMinutes").GetInt32().ShouldBe(-300);

        var lordHowe = QueryKit.Data(await shops["Australia/Lord_Howe"].GraphQLAsync(query)).GetProperty("shop");
        lordHowe.GetProperty("ianaTimezone").GetString().ShouldBe("Australia/Lord_Howe");
        lordHowe.GetProperty("timezoneAbbreviation").GetString().ShouldBe("+11");
        lordHowe.GetProperty("timezoneOffset").GetString().ShouldBe("+1100");
        lordHowe.GetProperty("timezoneOffsetMinutes").GetInt32().ShouldBe(660);
    }

    private static void ShouldCount(JsonElement summary, int opened, int closed, string netCash)
    {
        var text = summary.ToString();
        summary.GetProperty("sessionsOpened").GetInt32().ShouldBe(opened, text);
        summary.GetProperty("sessionsClosed").GetInt32().ShouldBe(closed, text);
        summary.GetProperty("netCash").GetProperty("amount").GetString().ShouldBe(netCash, text);
        summary.GetProperty("totalDiscrepancies").GetProperty("amount").GetString().ShouldBe("0.0", text);
    }

    private static async Task<JsonElement> LocationAsync(TestShop shop, string start, string end) =>
        QueryKit.Data(await shop.GraphQLAsync(LocationSummary, new { l = shop.LocationId, s = start, e = end })).GetProperty("cashManagementLocationSummary");

    private static async Task<JsonElement> ShopAsync(TestShop shop, string start, string end) =>
        QueryKit.Data(await shop.GraphQLAsync(ShopSummary, new { s = start, e = end })).GetProperty("cashManagementShopSummary");

    private static async Task<List<string>> SessionIdsAsync(TestShop shop, string query)
    {
        var result = await shop.GraphQLAsync("query($q: String) { pointOfSaleDevicePaymentSessions(first: 50, query: $q) { edges { node { id } } } }", new { q = query });
        return QueryKit.Ids(QueryKit.Data(result).GetProperty("pointOfSaleDevicePaymentSessions"));
    }

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static string Text(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Money(decimal amount) => amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
