using System.Text.Json;
using Till.Server.Tests.Sessions;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Extensions;

/// <summary>The till version's <c>tillDenominations</c> on open, count and close, and <c>tillCurrencyDenominations</c>.</summary>
public sealed class DenominationTests : IAsyncLifetime
{
    private static readonly string[] DenominationsField = ["tillDenominations"];

    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static object[] Counts(params (string Value, int Count)[] counts) => [.. counts.Select(c => (object)new { value = c.Value, count = c.Count })];

    internal static async Task<JsonElement> OpenAsync(TestShop shop, string balance, object[]? denominations) =>
        TestShop.Payload(await shop.GraphQLAsync(
            "mutation($d: ID!, $b: MoneyInput, $s: ID!, $x: [TillDenominationCountInput!]) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, balance: $b, staffMemberId: $s, tillDenominations: $x) { pointOfSaleDevicePaymentSession { id } userErrors { field message code } } }",
            new { d = shop.DeviceId, b = new { amount = balance, currencyCode = shop.Currency }, s = shop.StaffId, x = denominations }, "till"), "pointOfSaleDevicePaymentSessionOpen");

    internal static async Task<JsonElement> CountOrCloseAsync(TestShop shop, string mutation, string sessionId, string balance, object[]? denominations) =>
        TestShop.Payload(await shop.GraphQLAsync(
            $"mutation($id: ID!, $b: MoneyInput!, $s: ID!, $x: [TillDenominationCountInput!]) {{ {mutation}(pointOfSaleDevicePaymentSessionId: $id, balance: $b, staffMemberId: $s, tillDenominations: $x) {{ pointOfSaleDevicePaymentSession {{ id }} userErrors {{ field message code }} }} }}",
            new { id = sessionId, b = new { amount = balance, currencyCode = shop.Currency }, s = shop.StaffId, x = denominations }, "till"), mutation);

    private static async Task<List<JsonElement>> CountsOfDrawerAsync(TestShop shop)
    {
        var result = await shop.GraphQLAsync(
            "query($id: ID!) { cashDrawer(id: $id) { cashActivities(first: 50, sortKey: ID) { nodes { __typename ... on CashCountActivity { type cashCounted { amount } tillDenominations { value count total { amount currencyCode } } } } } } }",
            new { id = shop.DrawerId }, "till");
        result.TryGetProperty("errors", out _).ShouldBeFalse(result.ToString());
        return [.. result.GetProperty("data").GetProperty("cashDrawer").GetProperty("cashActivities").GetProperty("nodes").EnumerateArray().Where(n => n.GetProperty("__typename").GetString() == "CashCountActivity")];
    }

    [Fact]
    public async Task OpenCountClose_WithDenominations_KeepsThemWithEachCount()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = (await OpenAsync(shop, "100.00", Counts(("20", 4), ("10", 1), ("5", 2)))).ShouldSucceed().GetProperty("id").GetString()!;
        (await CountOrCloseAsync(shop, "pointOfSaleDevicePaymentSessionCount", sessionId, "0.75", Counts(("0.25", 3)))).ShouldSucceed();
        (await CountOrCloseAsync(shop, "pointOfSaleDevicePaymentSessionClose", sessionId, "0", Counts(("1", 0)))).ShouldSucceed();

        var counts = await CountsOfDrawerAsync(shop);
        counts.Count.ShouldBe(3);
        var opening = counts[0].GetProperty("tillDenominations").EnumerateArray().Select(d => (d.GetProperty("value").GetString(), d.GetProperty("count").GetInt32(), d.GetProperty("total").GetProperty("amount").GetString())).ToList();
        opening.ShouldBe([("5.0", 2, "10.0"), ("10.0", 1, "10.0"), ("20.0", 4, "80.0")]);
        counts[0].GetProperty("tillDenominations")[0].GetProperty("total").GetProperty("currencyCode").GetString().ShouldBe("USD");
        counts[1].GetProperty("tillDenominations")[0].GetProperty("value").GetString().ShouldBe("0.25");
        counts[2].GetProperty("type").GetString().ShouldBe("CLOSING");
        counts[2].GetProperty("tillDenominations")[0].GetProperty("count").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Count_WithoutDenominations_HasNone()
    {
        var shop = await server.CreateShopAsync();
        (await shop.OpenPayloadAsync("10.00")).ShouldSucceed();

        var counts = await CountsOfDrawerAsync(shop);
        counts.Single().GetProperty("tillDenominations").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("pointOfSaleDevicePaymentSessionOpen")]
    [InlineData("pointOfSaleDevicePaymentSessionCount")]
    [InlineData("pointOfSaleDevicePaymentSessionClose")]
    public async Task Denominations_NotAddingUpToTheBalance_TillDenominationsMismatch(string mutation)
    {
        var (shop, sessionId) = await ShopAsync(mutation);

        var payload = await RunAsync(shop, mutation, sessionId, "50.00", Counts(("20", 2)));

        payload.ShouldFailWith(DenominationsField, "TILL_DENOMINATIONS_MISMATCH");
        payload.GetProperty("userErrors")[0].GetProperty("message").GetString()!.ShouldContain("40.0");
    }

    [Theory]
    [InlineData("pointOfSaleDevicePaymentSessionOpen", "0.03")]
    [InlineData("pointOfSaleDevicePaymentSessionCount", "3")]
    [InlineData("pointOfSaleDevicePaymentSessionClose", "not a number")]
    public async Task Denominations_NotANoteOrCoinOfTheCurrency_TillUnknownDenomination(string mutation, string value)
    {
        var (shop, sessionId) = await ShopAsync(mutation);

        (await RunAsync(shop, mutation, sessionId, "0", Counts((value, 0)))).ShouldFailWith(DenominationsField, "TILL_UNKNOWN_DENOMINATION");
    }

    [Theory]
    [InlineData("pointOfSaleDevicePaymentSessionOpen")]
    [InlineData("pointOfSaleDevicePaymentSessionCount")]
    [InlineData("pointOfSaleDevicePaymentSessionClose")]
    public async Task Denominations_ListedTwiceOrNegative_TillInvalidDenominationCount(string mutation)
    {
        var (shop, sessionId) = await ShopAsync(mutation);

        (await RunAsync(shop, mutation, sessionId, "40.00", Counts(("20", 1), ("20.00", 1)))).ShouldFailWith(DenominationsField, "TILL_INVALID_DENOMINATION_COUNT");
        (await RunAsync(shop, mutation, sessionId, "0", Counts(("20", -1), ("10", 2)))).ShouldFailWith(DenominationsField, "TILL_INVALID_DENOMINATION_COUNT");
    }

    [Fact]
    public async Task ShopifyVersions_DoNotTakeTillDenominations()
    {
        var shop = await server.CreateShopAsync();
        var result = await shop.GraphQLAsync(
            "mutation($d: ID!, $s: ID!) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, staffMemberId: $s, tillDenominations: []) { userErrors { code } } }",
            new { d = shop.DeviceId, s = shop.StaffId }, "2027-01");

        result.GetProperty("errors")[0].GetProperty("message").GetString()!.ShouldContain("tillDenominations");
    }

    [Fact]
    public async Task CurrencyDenominations_ListsNotesAndCoins_OrDerivesThemFromTheMinorUnit()
    {
        var shop = await server.CreateShopAsync();
        const string Query = "query($c: CurrencyCode!) { tillCurrencyDenominations(currencyCode: $c) { currencyCode derived denominations { kind value } } }";

        var usd = (await shop.GraphQLAsync(Query, new { c = "USD" }, "till")).GetProperty("data").GetProperty("tillCurrencyDenominations");
        usd.GetProperty("derived").GetBoolean().ShouldBeFalse();
        usd.GetProperty("denominations").EnumerateArray().Select(d => d.GetProperty("kind").GetString() + " " + d.GetProperty("value").GetString()).ShouldBe(
            ["COIN 0.01", "COIN 0.05", "COIN 0.1", "COIN 0.25", "COIN 0.5", "COIN 1.0", "NOTE 1.0", "NOTE 2.0", "NOTE 5.0", "NOTE 10.0", "NOTE 20.0", "NOTE 50.0", "NOTE 100.0"]);

        var jpy = (await shop.GraphQLAsync(Query, new { c = "JPY" }, "till")).GetProperty("data").GetProperty("tillCurrencyDenominations");
        jpy.GetProperty("denominations")[0].GetProperty("value").GetString().ShouldBe("1.0");

        var kwd = (await shop.GraphQLAsync(Query, new { c = "KWD" }, "till")).GetProperty("data").GetProperty("tillCurrencyDenominations");
        kwd.GetProperty("derived").GetBoolean().ShouldBeTrue();
        var values = kwd.GetProperty("denominations").EnumerateArray().Select(d => d.GetProperty("value").GetString()).ToList();
        values[0].ShouldBe("0.001");
        values[^1].ShouldBe("1000.0");
        kwd.GetProperty("denominations").EnumerateArray().First(d => d.GetProperty("value").GetString() == "5.0").GetProperty("kind").GetString().ShouldBe("NOTE");
    }

    [Fact]
    public void ListedCurrencies_AreAtLeastTheThirtyMostTraded()
    {
        string[] mostTraded =
        [
            "USD", "EUR", "JPY", "GBP", "CNY", "AUD", "CAD", "CHF", "HKD", "SGD", "SEK", "KRW", "NOK", "NZD", "INR",
            "MXN", "TWD", "ZAR", "BRL", "DKK", "PLN", "THB", "ILS", "IDR", "CZK", "AED", "TRY", "HUF", "CLP", "SAR",
        ];

        mostTraded.Except(Till.Money.Denominations.ListedCurrencies).ShouldBeEmpty();
        foreach (var code in mostTraded)
        {
            var list = Till.Money.Denominations.Of(code);
            list.Derived.ShouldBeFalse(code);
            list.Values.ShouldAllBe(d => Till.Money.MoneyAmount.Validate(d.Value, code) == null, code);
        }
    }

    private async Task<(TestShop Shop, string SessionId)> ShopAsync(string mutation)
    {
        var shop = await server.CreateShopAsync();
        return mutation == "pointOfSaleDevicePaymentSessionOpen" ? (shop, string.Empty) : (shop, await shop.OpenAsync("100.00"));
    }

    private static Task<JsonElement> RunAsync(TestShop shop, string mutation, string sessionId, string balance, object[] denominations) =>
        mutation == "pointOfSaleDevicePaymentSessionOpen" ? OpenAsync(shop, balance, denominations) : CountOrCloseAsync(shop, mutation, sessionId, balance, denominations);
}
