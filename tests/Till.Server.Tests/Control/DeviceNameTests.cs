using System.Net;
using System.Text.Json;
using Till.Server.Tests.Queries;
using Till.Server.Tests.Support;
using static Till.Server.Tests.Control.ControlCalls;

namespace Till.Server.Tests.Control;

/// <summary>
/// A device's name: given when the device is made, changed or cleared through the control API
/// (<c>PATCH .../devices/{id}</c> with <c>name</c>), served as <c>PointOfSaleDevice.tillName</c> in
/// the till version only, and what the Z report calls a device.
/// </summary>
public sealed class DeviceNameTests : IAsyncLifetime
{
    private const string NameQuery = "query($id: ID!) { pointOfSaleDevice(id: $id) { id tillName } }";

    private TillServer server = null!;
    private TestShop shop = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync();
        shop = await server.CreateShopAsync();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private string DevicePath(string deviceId) => $"/shops/{Escaped(shop.ShopId)}/devices/{Escaped(deviceId)}";

    private async Task<JsonElement> TillNameAsync(string deviceId) =>
        QueryKit.Data(await shop.GraphQLAsync(NameQuery, new { id = deviceId }, "till")).GetProperty("pointOfSaleDevice").GetProperty("tillName");

    [Fact]
    public async Task TheNameGivenAtCreation_IsServedAsTillName()
    {
        (await TillNameAsync(shop.DeviceId)).GetString().ShouldBe("Register 1");

        var created = await ShouldBeOkAsync(await server.ControlAsync(HttpMethod.Post, $"/shops/{Escaped(shop.ShopId)}/devices", new { locationId = shop.LocationId, name = "  Front counter  " }), HttpStatusCode.Created);
        created.GetProperty("name").GetString().ShouldBe("Front counter");
        (await TillNameAsync(created.GetProperty("id").GetString()!)).GetString().ShouldBe("Front counter");
    }

    [Fact]
    public async Task Name_IsSetTrimmed_AndClearedWithNull_LeavingTheFiscalIdentifierAlone()
    {
        await ShouldBeOkAsync(await server.ControlAsync(HttpMethod.Patch, DevicePath(shop.DeviceId), new { fiscalDeviceIdentifier = "TSE-7" }), HttpStatusCode.OK);

        var set = await ShouldBeOkAsync(await server.ControlAsync(HttpMethod.Patch, DevicePath(shop.DeviceId), new { name = "  Back counter " }), HttpStatusCode.OK);
        set.GetProperty("id").GetString().ShouldBe(shop.DeviceId);
        set.GetProperty("name").GetString().ShouldBe("Back counter");
        set.GetProperty("fiscalDeviceIdentifier").GetString().ShouldBe("TSE-7");
        set.GetProperty("locationId").GetString().ShouldBe(shop.LocationId);
        (await TillNameAsync(shop.DeviceId)).GetString().ShouldBe("Back counter");

        var longest = new string('n', 255);
        (await ShouldBeOkAsync(await server.ControlAsync(HttpMethod.Patch, DevicePath(shop.DeviceId), new { name = longest }), HttpStatusCode.OK)).GetProperty("name").GetString().ShouldBe(longest);

        var cleared = await ShouldBeOkAsync(await RawAsync(server, HttpMethod.Patch, DevicePath(shop.DeviceId), "{\"name\": null}"), HttpStatusCode.OK);
        QueryKit.IsNull(cleared.GetProperty("name")).ShouldBeTrue();
        cleared.GetProperty("fiscalDeviceIdentifier").GetString().ShouldBe("TSE-7");
        QueryKit.IsNull(await TillNameAsync(shop.DeviceId)).ShouldBeTrue();

        // Both fields in one call.
        var both = await ShouldBeOkAsync(await RawAsync(server, HttpMethod.Patch, DevicePath(shop.DeviceId), "{\"name\": \"Register 3\", \"fiscalDeviceIdentifier\": null}"), HttpStatusCode.OK);
        both.GetProperty("name").GetString().ShouldBe("Register 3");
        QueryKit.IsNull(both.GetProperty("fiscalDeviceIdentifier")).ShouldBeTrue();
        (await TillNameAsync(shop.DeviceId)).GetString().ShouldBe("Register 3");
    }

    [Theory]
    [InlineData("{\"name\": 42}")]
    [InlineData("{\"name\": true}")]
    [InlineData("{\"name\": \"\"}")]
    [InlineData("{\"name\": \"   \"}")]
    [InlineData("{\"name\": [\"Register\"]}")]
    public async Task UpdateDevice_BadName_Is422InvalidOnName_AndChangesNothing(string body)
    {
        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Patch, DevicePath(shop.DeviceId), body), HttpStatusCode.UnprocessableEntity, "INVALID", "name");
        (await TillNameAsync(shop.DeviceId)).GetString().ShouldBe("Register 1");
    }

    [Fact]
    public async Task UpdateDevice_NameLongerThan255Characters_Is422Invalid_AndABadFieldBesideAGoodOneChangesNothing()
    {
        await ShouldBeErrorAsync(await server.ControlAsync(HttpMethod.Patch, DevicePath(shop.DeviceId), new { name = new string('x', 256) }), HttpStatusCode.UnprocessableEntity, "INVALID", "name");
        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Patch, DevicePath(shop.DeviceId), "{\"name\": \"Kept\", \"fiscalDeviceIdentifier\": 7}"), HttpStatusCode.UnprocessableEntity, "INVALID", "fiscalDeviceIdentifier");
        (await TillNameAsync(shop.DeviceId)).GetString().ShouldBe("Register 1");
    }

    [Fact]
    public async Task CreateDevice_BlankOrTooLongName_Is422Invalid()
    {
        foreach (var name in new[] { "   ", new string('x', 256) })
        {
            await ShouldBeErrorAsync(await server.ControlAsync(HttpMethod.Post, $"/shops/{Escaped(shop.ShopId)}/devices", new { locationId = shop.LocationId, name }), HttpStatusCode.UnprocessableEntity, "INVALID", "name");
        }
    }

    [Fact]
    public async Task UpdateDevice_UnknownOrForeignDevice_Is404()
    {
        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Patch, DevicePath("gid://shopify/PointOfSaleDevice/999999"), "{\"name\": \"A\"}"), HttpStatusCode.NotFound, "NOT_FOUND", "id");
        var other = await server.CreateShopAsync();
        await ShouldBeErrorAsync(await RawAsync(server, HttpMethod.Patch, DevicePath(other.DeviceId), "{\"name\": null}"), HttpStatusCode.NotFound, "NOT_FOUND", "id");
        QueryKit.Data(await other.GraphQLAsync(NameQuery, new { id = other.DeviceId }, "till")).GetProperty("pointOfSaleDevice").GetProperty("tillName").GetString().ShouldBe("Register 1");
    }

    [Theory]
    [InlineData("2026-04")]
    [InlineData("2026-10")]
    [InlineData("2027-01")]
    public async Task TillName_IsNotServedInShopifyVersions(string version)
    {
        var result = await shop.GraphQLAsync(NameQuery, new { id = shop.DeviceId }, version);

        QueryKit.ErrorCode(result).ShouldBe("undefinedField");
    }

    [Fact]
    public async Task TheZReport_NamesAnUnnamedDeviceByItsNumber()
    {
        var session = await shop.OpenAsync("100.00");
        (await shop.ClosePayloadAsync(session, "100.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        await ShouldBeOkAsync(await RawAsync(server, HttpMethod.Patch, DevicePath(shop.DeviceId), "{\"name\": null}"), HttpStatusCode.OK);

        var date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/admin/api/till/reports/z-report.json?locationId={Escaped(shop.LocationId)}&date={date}");
        request.Headers.Add("X-Shopify-Access-Token", shop.Token);
        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        text.ShouldContain($"\"Device {QueryKit.Number(shop.DeviceId)}\"");
    }
}
