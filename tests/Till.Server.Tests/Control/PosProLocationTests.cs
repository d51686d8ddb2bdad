using System.Net;
using System.Text.Json;
using Till.Server.Tests.Queries;
using Till.Server.Tests.Support;
using static Till.Server.Tests.Control.ControlCalls;

namespace Till.Server.Tests.Control;

/// <summary>
/// The control API's POS Pro switch per location (<c>PATCH .../locations/{id}</c> with <c>posPro</c>)
/// and a device's <c>fiscalDeviceIdentifier</c> (<c>PATCH .../devices/{id}</c>), and what the Admin
/// API answers for a location without POS Pro: the shop summary and <c>cashTrackingSessions</c>
/// leave it out, and from 2026-10 its devices show no drawer and no session.
/// </summary>
public sealed class PosProLocationTests : IAsyncLifetime
{
    private const string StartDate = "2000-01-01";
    private const string EndDate = "2100-12-31";
    private const string DeviceQuery = "query($id: ID!) { pointOfSaleDevice(id: $id) { cashDrawer { id } activePaymentSession { id } } }";

    private TillServer server = null!;
    private TestShop shop = null!;
    private string session = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync();
        shop = await server.CreateShopAsync();
        session = await shop.OpenAsync("100.00");
        await QueryKit.RecordAsync(shop, "SALE", "20.00");
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private string LocationPath(string locationId) => $"/shops/{Escaped(shop.ShopId)}/locations/{Escaped(locationId)}";

    private string DevicePath(string deviceId) => $"/shops/{Escaped(shop.ShopId)}/devices/{Escaped(deviceId)}";

    private async Task<JsonElement> SetPosProAsync(bool posPro) =>
        await ShouldBeOkAsync(await server.ControlAsync(HttpMethod.Patch, LocationPath(shop.LocationId), new { posPro }), HttpStatusCode.OK);

    private async Task<int> ShopSummarySessionsAsync() =>
        QueryKit.Data(await shop.GraphQLAsync($"{{ cashManagementShopSummary(currencyCode: USD, startDate: \"{StartDate}\", endDate: \"{EndDate}\") {{ sessionsOpened }} }}"))
            .GetProperty("cashManagementShopSummary").GetProperty("sessionsOpened").GetInt32();

    private async Task<int> LocationSummarySessionsAsync() =>
        QueryKit.Data(await shop.GraphQLAsync($"query($l: ID!) {{ cashManagementLocationSummary(locationId: $l, startDate: \"{StartDate}\", endDate: \"{EndDate}\") {{ sessionsOpened }} }}", new { l = shop.LocationId }))
            .GetProperty("cashManagementLocationSummary").GetProperty("sessionsOpened").GetInt32();

    private async Task<int> CountAsync(string connection) =>
        QueryKit.Data(await shop.GraphQLAsync($"{{ {connection}(first: 10) {{ nodes {{ id }} }} }}")).GetProperty(connection).GetProperty("nodes").GetArrayLength();

    [Fact]
    public async Task PosProIsOnByDefault_AndTheSwitchAnswersWithTheLocation()
    {
        (await ShopSummarySessionsAsync()).ShouldBe(1);
        (await CountAsync("cashTrackingSessions")).ShouldBe(1);
        var off = await SetPosProAsync(false);
        off.GetProperty("id").GetString().ShouldBe(shop.LocationId);
        off.GetProperty("posPro").GetBoolean().ShouldBeFalse();
        off.GetProperty("active").GetBoolean().ShouldBeTrue();
        (await SetPosProAsync(true)).GetProperty("posPro").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task WithoutPosPro_TheShopSummaryAndCashTrackingSessionsLeaveTheLocationOut()
    {
        await SetPosProAsync(false);
        (await ShopSummarySessionsAsync()).ShouldBe(0);
        (await CountAsync("cashTrackingSessions")).ShouldBe(0);

        // The location's own summary and the payment sessions are not tied to POS Pro.
        (await LocationSummarySessionsAsync()).ShouldBe(1);
        (await CountAsync("pointOfSaleDevicePaymentSessions")).ShouldBe(1);

        await SetPosProAsync(true);
        (await ShopSummarySessionsAsync()).ShouldBe(1);
        (await CountAsync("cashTrackingSessions")).ShouldBe(1);
    }

    [Fact]
    public async Task WithoutPosPro_From202610_TheDeviceShowsNoDrawerAndNoSession()
    {
        await SetPosProAsync(false);
        foreach (var version in new[] { "2026-10", "2027-01", "unstable", "till" })
        {
            var device = QueryKit.Data(await shop.GraphQLAsync(DeviceQuery, new { id = shop.DeviceId }, version)).GetProperty("pointOfSaleDevice");
            QueryKit.IsNull(device.GetProperty("cashDrawer")).ShouldBeTrue($"{version}: {device}");
            QueryKit.IsNull(device.GetProperty("activePaymentSession")).ShouldBeTrue($"{version}: {device}");
        }

        foreach (var version in new[] { "2026-04", "2026-07" })
        {
            var device = QueryKit.Data(await shop.GraphQLAsync(DeviceQuery, new { id = shop.DeviceId }, version)).GetProperty("pointOfSaleDevice");
            device.GetProperty("cashDrawer").GetProperty("id").GetString().ShouldBe(shop.DrawerId, version);
            device.GetProperty("activePaymentSession").GetProperty("id").GetString().ShouldBe(session, version);
        }

        await SetPosProAsync(true);
        var shown = QueryKit.Data(await shop.GraphQLAsync(DeviceQuery, new { id = shop.DeviceId }, "2026-10")).GetProperty("pointOfSaleDevice");
        shown.GetProperty("cashDrawer").GetProperty("id").GetString().ShouldBe(shop.DrawerId);
        shown.GetProperty("activePaymentSession").GetProperty("id").GetString().ShouldBe(session);
    }

    [Fact]
    public async Task UpdateLocation_BadPosPro_IsInvalid_AndAnUnknownLocationIsNotFound()
    {
        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Patch, LocationPath(shop.LocationId), "{\"posPro\": \"no\"}"), HttpStatusCode.UnprocessableEntity, "INVALID", "posPro");
        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Patch, LocationPath(shop.LocationId), "{}"), HttpStatusCode.UnprocessableEntity, "INVALID", "active");
        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Patch, LocationPath("gid://shopify/Location/999999"), "{\"posPro\": false}"), HttpStatusCode.NotFound, "NOT_FOUND", "id");
        (await ShopSummarySessionsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task FiscalDeviceIdentifier_IsSetAndClearedThroughTheControlApi_AndServedFrom202610()
    {
        const string Query = "query($id: ID!) { pointOfSaleDevice(id: $id) { fiscalDeviceIdentifier } }";
        var set = await ShouldBeOkAsync(await server.ControlAsync(HttpMethod.Patch, DevicePath(shop.DeviceId), new { fiscalDeviceIdentifier = "TSE-2026-0042" }), HttpStatusCode.OK);
        set.GetProperty("id").GetString().ShouldBe(shop.DeviceId);
        set.GetProperty("fiscalDeviceIdentifier").GetString().ShouldBe("TSE-2026-0042");
        foreach (var version in new[] { "2026-10", "2027-01" })
        {
            QueryKit.Data(await shop.GraphQLAsync(Query, new { id = shop.DeviceId }, version)).GetProperty("pointOfSaleDevice").GetProperty("fiscalDeviceIdentifier").GetString().ShouldBe("TSE-2026-0042");
        }

        var cleared = await ShouldBeOkAsync(await RawAsync(server, HttpMethod.Patch, DevicePath(shop.DeviceId), "{\"fiscalDeviceIdentifier\": null}"), HttpStatusCode.OK);
        QueryKit.IsNull(cleared.GetProperty("fiscalDeviceIdentifier")).ShouldBeTrue();
        QueryKit.IsNull(QueryKit.Data(await shop.GraphQLAsync(Query, new { id = shop.DeviceId }, "2026-10")).GetProperty("pointOfSaleDevice").GetProperty("fiscalDeviceIdentifier")).ShouldBeTrue();
    }

    [Fact]
    public async Task UpdateDevice_BadIdentifier_IsInvalid_AndAnUnknownOrForeignDeviceIsNotFound()
    {
        foreach (var body in new[] { "{}", "{\"fiscalDeviceIdentifier\": 42}", "{\"fiscalDeviceIdentifier\": \" \"}", $"{{\"fiscalDeviceIdentifier\": \"{new string('x', 256)}\"}}" })
        {
            await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Patch, DevicePath(shop.DeviceId), body), HttpStatusCode.UnprocessableEntity, "INVALID", "fiscalDeviceIdentifier");
        }

        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Patch, DevicePath("gid://shopify/PointOfSaleDevice/999999"), "{\"fiscalDeviceIdentifier\": \"A\"}"), HttpStatusCode.NotFound, "NOT_FOUND", "id");
        var other = await server.CreateShopAsync();
        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Patch, DevicePath(other.DeviceId), "{\"fiscalDeviceIdentifier\": \"A\"}"), HttpStatusCode.NotFound, "NOT_FOUND", "id");
    }
}
