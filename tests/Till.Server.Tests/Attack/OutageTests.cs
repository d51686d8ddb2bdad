using System.Net;
using System.Text.Json;
using Till.Server.Tests.Protocol;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Attack;

/// <summary>
/// While the database fails, every answer keeps its protocol: the Admin API's internal error (HTTP
/// 200, <c>INTERNAL_SERVER_ERROR</c> with the request ID) with <c>X-Request-Id</c> and
/// <c>X-Shopify-API-Version</c>, and the control API's <c>{"error": ...}</c> envelope.
/// </summary>
public sealed class OutageTests
{
    private static readonly string[] ReadScope = ["read_cash_tracking"];

    private static string Header(HttpResponseMessage response, string name)
    {
        response.Headers.TryGetValues(name, out var values).ShouldBeTrue($"missing {name} on HTTP {(int)response.StatusCode}");
        return values!.ShouldHaveSingleItem();
    }

    private static async Task ShouldBeInternalErrorAsync(HttpResponseMessage response, string servedVersion)
    {
        var body = await response.Content.ReadAsStringAsync();
        ProtocolHelpers.AssertNoInternals(body);
        body.ShouldNotContain("malformed");
        body.ShouldNotContain("injected");
        ((int)response.StatusCode).ShouldBe(200, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        Header(response, "X-Shopify-API-Version").ShouldBe(servedVersion);
        var requestId = Header(response, "X-Request-Id");
        Guid.TryParse(requestId, out _).ShouldBeTrue(requestId);

        using var document = JsonDocument.Parse(body);
        document.RootElement.TryGetProperty("data", out _).ShouldBeFalse(body);
        var error = document.RootElement.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("message").GetString()!.ShouldContain(requestId);
        error.GetProperty("extensions").GetProperty("code").GetString().ShouldBe("INTERNAL_SERVER_ERROR");
        error.GetProperty("extensions").GetProperty("requestId").GetString().ShouldBe(requestId);
    }

    private static async Task ShouldBeControlInternalErrorAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        ProtocolHelpers.AssertNoInternals(body);
        body.ShouldNotContain("malformed");
        body.ShouldNotContain("injected");
        ((int)response.StatusCode).ShouldBe(500, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var requestId = Header(response, "X-Request-Id");

        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("error");
        error.GetProperty("code").GetString().ShouldBe("INTERNAL_ERROR", body);
        error.GetProperty("message").GetString()!.ShouldContain(requestId);
    }

    [Theory]
    [InlineData("2026-04", "2026-04")]
    [InlineData("2025-01", "2026-04")]
    [InlineData("unstable", "unstable")]
    public async Task TokenLookupFails_AdminApiAnswersTheInternalErrorWithItsHeaders(string version, string served)
    {
        FailingStore? failing = null;
        await using var server = await TillServer.StartAsync(wrapStore: s => failing = new FailingStore(s));
        var shop = await server.CreateShopAsync(scopes: ["read_cash_tracking"]);
        failing!.FailingMethods.Add("FindTokenAsync");

        using var response = await server.PostGraphQLAsync(shop.Token, "{ __typename }", version: version);

        await ShouldBeInternalErrorAsync(response, served);
    }

    [Fact]
    public async Task DatabaseUnreachable_AdminApiAndControlApiKeepTheirShape()
    {
        await using var server = await TillServer.StartAsync(wrapStore: s => new FaultyStore(s));
        var store = (FaultyStore)server.Store;
        var shop = await server.CreateShopAsync(scopes: ["read_cash_tracking"]);
        store.FailOn = _ => true;

        using (var admin = await server.PostGraphQLAsync(shop.Token, "{ __typename }"))
        {
            await ShouldBeInternalErrorAsync(admin, "2026-04");
        }

        using (var control = await server.ControlAsync(HttpMethod.Post, "/shops", new { name = "During the outage", currency = "USD" }))
        {
            await ShouldBeControlInternalErrorAsync(control);
        }

        // A request the database has no part in is answered as usual.
        using (var unknownVersion = await server.PostGraphQLAsync(shop.Token, "{ __typename }", version: "bogus"))
        {
            unknownVersion.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            Header(unknownVersion, "X-Request-Id");
        }

        store.Heal();
        using var healed = await server.PostGraphQLAsync(shop.Token, "{ __typename }");
        healed.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ControlCallFails_AnswersTheErrorEnvelopeWithTheRequestId()
    {
        FailingStore? failing = null;
        await using var server = await TillServer.StartAsync(wrapStore: s => failing = new FailingStore(s));
        var shop = await server.CreateShopAsync(scopes: ["read_cash_tracking"]);
        failing!.FailingMethods.Add("GetShopAsync");

        using var response = await server.ControlAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/tokens", new { scopes = ReadScope });

        await ShouldBeControlInternalErrorAsync(response);
    }
}
