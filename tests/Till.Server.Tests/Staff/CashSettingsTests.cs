using System.Text.Json;
using Till.Server.Tests.Sessions;
using Till.Server.Tests.Support;
using static Till.Server.Tests.Staff.StaffKit;

namespace Till.Server.Tests.Staff;

/// <summary><c>tillLocationCashSettingsUpdate</c> and <c>Location.tillCashSettings</c>: partial updates, each error code, who may change them, idempotency.</summary>
public sealed class CashSettingsTests : IAsyncLifetime
{
    private static readonly string[] AmountField = ["settings", "varianceThresholdAmount"];
    private static readonly string[] PercentageField = ["settings", "varianceThresholdPercentage"];

    private TillServer server = null!;
    private FaultyStore store = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync(wrapStore: s => new FaultyStore(s));
        store = (FaultyStore)server.Store;
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static JsonElement Settings(JsonElement payload) => payload.GetProperty("location").GetProperty("tillCashSettings");

    private static void ShouldFail(JsonElement payload, string[]? field, string code)
    {
        var errors = payload.GetProperty("userErrors");
        errors.GetArrayLength().ShouldBe(1, payload.ToString());
        SessionProbe.FieldOf(errors[0]).ShouldBe(field, payload.ToString());
        errors[0].GetProperty("code").GetString().ShouldBe(code);
        payload.GetProperty("location").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Defaults_ThenPartialUpdatesKeepWhatIsLeftOut()
    {
        var shop = await server.CreateShopAsync();
        var read = await shop.GraphQLAsync("query($id: ID!) { node(id: $id) { ... on Location { tillCashSettings { blindCounts revealAfterClose varianceThresholdAmount { amount } varianceThresholdPercentage } } } }", new { id = shop.LocationId }, TillVersion);
        read.ShouldHaveNoErrors();
        var defaults = read.GetProperty("data").GetProperty("node").GetProperty("tillCashSettings");
        defaults.GetProperty("blindCounts").GetBoolean().ShouldBeFalse();
        defaults.GetProperty("varianceThresholdAmount").ValueKind.ShouldBe(JsonValueKind.Null);

        var first = Settings(await UpdateSettingsAsync(shop, new { blindCounts = true, varianceThresholdAmount = "5.00", varianceThresholdPercentage = "2.5" }));
        first.GetProperty("blindCounts").GetBoolean().ShouldBeTrue();
        first.GetProperty("revealAfterClose").GetBoolean().ShouldBeFalse();
        first.GetProperty("varianceThresholdAmount").GetProperty("amount").GetString().ShouldBe("5.0");
        first.GetProperty("varianceThresholdAmount").GetProperty("currencyCode").GetString().ShouldBe("USD");
        first.GetProperty("varianceThresholdPercentage").GetString().ShouldBe("2.5");

        var second = Settings(await UpdateSettingsAsync(shop, new { revealAfterClose = true, varianceThresholdAmount = (string?)null }));
        second.GetProperty("blindCounts").GetBoolean().ShouldBeTrue();
        second.GetProperty("revealAfterClose").GetBoolean().ShouldBeTrue();
        second.GetProperty("varianceThresholdAmount").ValueKind.ShouldBe(JsonValueKind.Null);
        second.GetProperty("varianceThresholdPercentage").GetString().ShouldBe("2.5");
    }

    [Fact]
    public async Task UnknownOrOtherShopsLocation_TillLocationNotFound()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        ShouldFail(await UpdateSettingsAsync(shop, new { blindCounts = true }, locationId: "gid://shopify/Location/99999999"), ["locationId"], "TILL_LOCATION_NOT_FOUND");
        ShouldFail(await UpdateSettingsAsync(shop, new { blindCounts = true }, locationId: other.LocationId), ["locationId"], "TILL_LOCATION_NOT_FOUND");
        ShouldFail(await UpdateSettingsAsync(shop, new { blindCounts = true }, locationId: shop.DrawerId), ["locationId"], "TILL_LOCATION_NOT_FOUND");
    }

    [Theory]
    [InlineData("five")]
    [InlineData("-1.00")]
    [InlineData("1.005")]
    public async Task BadAmountThreshold_TillInvalidThresholdAmount(string amount)
    {
        var shop = await server.CreateShopAsync();
        ShouldFail(await UpdateSettingsAsync(shop, new { blindCounts = true, varianceThresholdAmount = amount }), AmountField, "TILL_INVALID_THRESHOLD_AMOUNT");
        Settings(await UpdateSettingsAsync(shop, new { })).GetProperty("blindCounts").GetBoolean().ShouldBeFalse();
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("-0.5")]
    [InlineData("100.001")]
    [InlineData("1.0005")]
    public async Task BadPercentageThreshold_TillInvalidThresholdPercentage(string percentage)
    {
        var shop = await server.CreateShopAsync();
        ShouldFail(await UpdateSettingsAsync(shop, new { varianceThresholdPercentage = percentage }), PercentageField, "TILL_INVALID_THRESHOLD_PERCENTAGE");
    }

    [Fact]
    public async Task StorageFails_TillNotSavedAndNothingChanged()
    {
        var shop = await server.CreateShopAsync();
        store.FailOn = m => m == "SaveLocationCashSettingsAsync";
        var payload = await UpdateSettingsAsync(shop, new { blindCounts = true });
        store.Heal();

        ShouldFail(payload, null, "TILL_NOT_SAVED");
        Settings(await UpdateSettingsAsync(shop, new { })).GetProperty("blindCounts").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task CashierToken_AccessDenied_ManagerTokenAllowed()
    {
        var shop = await server.CreateShopAsync();
        var cashierToken = await CreateStaffTokenAsync(shop, shop.StaffId);
        var managerToken = await CreateStaffTokenAsync(shop, await CreateStaffAsync(shop, "MANAGER"));

        var denied = await server.GraphQLAsync(
            cashierToken,
            "mutation($l: ID!) { tillLocationCashSettingsUpdate(locationId: $l, settings: {blindCounts: false}) { userErrors { code } } }",
            new { l = shop.LocationId },
            TillVersion);
        denied.ShouldBeDenied("tillLocationCashSettingsUpdate", "only a manager changes a location's cash settings");

        (await UpdateSettingsAsync(shop, new { blindCounts = true }, token: managerToken)).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Idempotent_SameKeyReplays_OtherArgumentsRefused()
    {
        var shop = await server.CreateShopAsync();
        const string Mutation = "mutation($l: ID!, $b: Boolean) { tillLocationCashSettingsUpdate(locationId: $l, settings: {blindCounts: $b}) @idempotent(key: \"settings-1\") { location { tillCashSettings { blindCounts } } userErrors { code } } }";

        (await shop.GraphQLAsync(Mutation, new { l = shop.LocationId, b = true }, TillVersion)).ShouldHaveNoErrors();
        await SetSettingsAsync(shop, new { blindCounts = false });
        var replay = await shop.GraphQLAsync(Mutation, new { l = shop.LocationId, b = true }, TillVersion);
        replay.ShouldHaveNoErrors();
        // The replay answers without writing again: the later change stands.
        Settings(await UpdateSettingsAsync(shop, new { })).GetProperty("blindCounts").GetBoolean().ShouldBeFalse();

        var conflict = await shop.GraphQLAsync(Mutation, new { l = shop.LocationId, b = false }, TillVersion);
        conflict.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
    }
}
