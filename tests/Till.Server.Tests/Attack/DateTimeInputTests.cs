using System.Net;
using System.Text.Json;
using Till.Server.GraphQL;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Attack;

/// <summary>
/// <c>DateTime</c> input is ISO 8601 as Shopify documents it: a date, <c>T</c>, a time with seconds
/// and an optional fraction, and <c>Z</c> or an offset. Anything else (RFC 1123 text above all,
/// which once passed because it has a <c>T</c> in it) is the protocol's argument error.
/// </summary>
public sealed class DateTimeInputTests : IAsyncLifetime
{
    private const string OpenWithVariable =
        "mutation($d: ID!, $s: ID!, $t: DateTime) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, staffMemberId: $s, balance: {amount: \"10.00\", currencyCode: USD}, time: $t) { pointOfSaleDevicePaymentSession { id openingTime } userErrors { code } } }";

    private TillServer server = null!;
    private TestShop shop = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync();
        shop = await server.CreateShopAsync();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    public static TheoryData<string> NotIso8601 =>
    [
        "Wed, 01 Apr 2026 12:00:00 GMT",
        "Tue, 31 Mar 2026 12:00:00 +0000",
        "Wednesday, 01-Apr-26 12:00:00 GMT",
        "Wed Apr  1 12:00:00 UTC 2026",
        "04/01/2026 12:00:00 PM",
        "2026-04-01 12:00:00Z",
        "2026-04-01",
        "2026-04-01T12:00",
        "2026-04-01T12:00:00",
        "20260401T120000Z",
        "2026-4-1T12:00:00Z",
        "2026-04-01T12:00:00.Z",
        "2026-04-01T12:00:00+2",
        "2026-04-01T12:00:00 +02:00",
        " 2026-04-01T12:00:00Z",
        "2026-04-01T12:00:00Z ",
        "2026-04-01T12:00:00Z\n",
        "2026-04-01T12:00:00.1234567890Z",
        "2026-04-01T25:00:00Z",
        "2026-02-30T12:00:00Z",
        "2026-04-01T12:00:00+15:00",
        "T",
        "2026-04-01T12:00:00Zulu",
        "２０２６-04-01T12:00:00Z",
    ];

    [Theory]
    [MemberData(nameof(NotIso8601))]
    public void Parse_RefusesTextThatIsNotIso8601(string text)
    {
        var refused = Should.Throw<InvalidScalarException>(() => DateTimeScalar.Parse(text));
        refused.Code.ShouldBe("argumentLiteralsIncompatible");
    }

    [Theory]
    [InlineData("2026-04-01T12:00:00Z", "2026-04-01T12:00:00.0000000+00:00")]
    [InlineData("2026-04-01t12:00:00z", "2026-04-01T12:00:00.0000000+00:00")]
    [InlineData("2026-04-01T12:00:00.5Z", "2026-04-01T12:00:00.5000000+00:00")]
    [InlineData("2026-04-01T12:00:00.123456789Z", "2026-04-01T12:00:00.1234567+00:00")]
    [InlineData("2026-04-01T14:30:00+02:30", "2026-04-01T12:00:00.0000000+00:00")]
    [InlineData("2026-04-01T07:00:00-05:00", "2026-04-01T12:00:00.0000000+00:00")]
    [InlineData("2026-04-01T12:00:00+00:00", "2026-04-01T12:00:00.0000000+00:00")]
    public void Parse_AcceptsIso8601DateTimes(string text, string utc)
    {
        var parsed = DateTimeScalar.Parse(text);

        parsed.Offset.ShouldBe(TimeSpan.Zero);
        parsed.ToString("o", System.Globalization.CultureInfo.InvariantCulture).ShouldBe(utc);
    }

    [Theory]
    [InlineData("Wed, 01 Apr 2026 12:00:00 GMT")]
    [InlineData("Tue, 31 Mar 2026 12:00:00 GMT")]
    [InlineData("2026-04-01 12:00:00Z")]
    public async Task Literal_NotIso8601_IsArgumentLiteralsIncompatibleAndOpensNothing(string text)
    {
        var query = $"mutation {{ pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: \"{shop.DeviceId}\", staffMemberId: \"{shop.StaffId}\", balance: {{amount: \"10.00\", currencyCode: USD}}, time: \"{text}\") {{ pointOfSaleDevicePaymentSession {{ id }} userErrors {{ code }} }} }}";

        var result = await shop.GraphQLAsync(query);

        result.TryGetProperty("data", out _).ShouldBeFalse(result.ToString());
        var error = result.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("extensions").GetProperty("code").GetString().ShouldBe("argumentLiteralsIncompatible", result.ToString());
        error.GetProperty("message").GetString()!.ShouldContain(text);
        (await ActiveSessionAsync()).ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("Wed, 01 Apr 2026 12:00:00 GMT")]
    [InlineData("2026-04-01T12:00:00")]
    public async Task Variable_NotIso8601_IsInvalidVariableAndOpensNothing(string text)
    {
        var result = await shop.GraphQLAsync(OpenWithVariable, new { d = shop.DeviceId, s = shop.StaffId, t = text });

        result.TryGetProperty("data", out _).ShouldBeFalse(result.ToString());
        var error = result.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("extensions").GetProperty("code").GetString().ShouldBe("INVALID_VARIABLE", result.ToString());
        (await ActiveSessionAsync()).ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Variable_Iso8601WithOffset_OpensAtThatInstant()
    {
        var result = await shop.GraphQLAsync(OpenWithVariable, new { d = shop.DeviceId, s = shop.StaffId, t = "2026-04-01T14:00:00.25+02:00" });

        var session = result.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSessionOpen").GetProperty("pointOfSaleDevicePaymentSession");
        session.GetProperty("openingTime").GetString().ShouldBe("2026-04-01T12:00:00.25Z", result.ToString());
    }

    [Fact]
    public async Task ControlTransaction_Rfc1123ProcessedAt_Is422()
    {
        await shop.OpenAsync();

        using var response = await shop.RecordTransactionAsync("SALE", "1.00", processedAt: "Wed, 01 Apr 2026 12:00:00 GMT");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var json = await TillServer.ReadJsonAsync(response);
        json.GetProperty("error").GetProperty("field").GetString().ShouldBe("processedAt");
    }

    private async Task<JsonElement> ActiveSessionAsync()
    {
        var result = await shop.GraphQLAsync("query($id: ID!) { pointOfSaleDevice(id: $id) { activePaymentSession { id } } }", new { id = shop.DeviceId });
        return result.GetProperty("data").GetProperty("pointOfSaleDevice").GetProperty("activePaymentSession");
    }
}
