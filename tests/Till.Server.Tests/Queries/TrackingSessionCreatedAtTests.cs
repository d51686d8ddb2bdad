using Microsoft.Extensions.Time.Testing;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Queries;

/// <summary>
/// <c>cashTrackingSessions(query: "created_at:...")</c>: from 2027-01, whose reference lists the
/// field, it filters by when the session's record was made, which is not its opening time when the
/// opener gave an earlier one; earlier versions warn about it and ignore it.
/// </summary>
public sealed class TrackingSessionCreatedAtTests : IAsyncLifetime
{
    private const string Query = "query($q: String) { cashTrackingSessions(first: 10, query: $q) { nodes { openingTime } } }";

    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-06-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private TillServer server = null!;
    private TestShop shop = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync(clock: clock);
        shop = await server.CreateShopAsync();

        // Made at 09:00 on 1 June, opened (so the opener says) at 07:00.
        var first = await QueryKit.OpenAtAsync(shop, "100.00", "2026-06-01T07:00:00Z");
        await QueryKit.CloseAtAsync(shop, first, "100.00", "2026-06-01T08:30:00Z");
        clock.Advance(TimeSpan.FromDays(2));
        await QueryKit.OpenAtAsync(shop, "100.00", "2026-06-03T08:00:00Z");
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task From202701_CreatedAtFiltersByWhenTheRecordWasMade()
    {
        foreach (var version in new[] { "2027-01", "unstable", "till" })
        {
            (await OpeningTimesAsync("created_at:>2026-06-02T00:00:00Z", version)).ShouldBe(["2026-06-03T08:00:00Z"], version);
            (await OpeningTimesAsync("created_at:<2026-06-02", version)).ShouldBe(["2026-06-01T07:00:00Z"], version);

            // Opened before 08:00 but made at 09:00: created_at is not the opening time.
            (await OpeningTimesAsync("created_at:<2026-06-01T08:00:00Z", version)).ShouldBeEmpty(version);
            (await OpeningTimesAsync("opening_time:<2026-06-01T08:00:00Z", version)).ShouldBe(["2026-06-01T07:00:00Z"], version);
        }
    }

    [Fact]
    public async Task Before202701_CreatedAtIsWarnedAboutAndIgnored()
    {
        var result = await server.GraphQLAsync(shop.Token, Query, new { q = "created_at:>2026-06-02T00:00:00Z" }, "2026-10");
        QueryKit.Data(result).GetProperty("cashTrackingSessions").GetProperty("nodes").GetArrayLength().ShouldBe(2);
        var warning = result.GetProperty("extensions").GetProperty("search")[0].GetProperty("warnings")[0];
        warning.GetProperty("field").GetString().ShouldBe("created_at");
    }

    private async Task<List<string>> OpeningTimesAsync(string query, string version)
    {
        var result = await server.GraphQLAsync(shop.Token, Query, new { q = query }, version);
        return [.. QueryKit.Data(result).GetProperty("cashTrackingSessions").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("openingTime").GetString()!)];
    }
}
