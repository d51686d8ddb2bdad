using System.Net;
using System.Text;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Protocol;

public sealed class AuthTests : IAsyncLifetime
{
    private const string Query = "{ __typename }";

    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static async Task ShouldBeUnauthorizedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, body);
        body.ShouldBe(ProtocolHelpers.InvalidTokenBody);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
    }

    [Fact]
    public async Task Post_WithoutToken_Returns401WithShopifyBody()
    {
        using var response = await server.PostGraphQLAsync(null, Query);
        await ShouldBeUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Post_WithEmptyToken_Returns401WithShopifyBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/api/2026-04/graphql.json")
        {
            Content = new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("X-Shopify-Access-Token", string.Empty);
        using var response = await server.Http.SendAsync(request);
        await ShouldBeUnauthorizedAsync(response);
    }

    [Theory]
    [InlineData("shpat_00000000000000000000000000000000")]
    [InlineData("not-a-token")]
    public async Task Post_WithUnknownToken_Returns401WithShopifyBody(string token)
    {
        await server.CreateShopAsync();
        using var response = await server.PostGraphQLAsync(token, Query);
        await ShouldBeUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Post_WithAlteredToken_Returns401()
    {
        var shop = await server.CreateShopAsync();
        var last = shop.Token[^1];
        var altered = shop.Token[..^1] + (last == 'a' ? 'b' : 'a');
        using var response = await server.PostGraphQLAsync(altered, Query);
        await ShouldBeUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Post_WithValidToken_Returns200WithData()
    {
        var shop = await server.CreateShopAsync();
        var (status, _, json) = await server.PostAsync(shop.Token, $$"""{ pointOfSaleDevice(id: "{{shop.DeviceId}}") { id } }""");
        status.ShouldBe(200);
        json.TryGetProperty("errors", out _).ShouldBeFalse(json.ToString());
        json.GetProperty("data").GetProperty("pointOfSaleDevice").GetProperty("id").GetString().ShouldBe(shop.DeviceId);
    }

    [Fact]
    public async Task Post_WithRevokedToken_Returns401AtOnce()
    {
        var shop = await server.CreateShopAsync();
        var token = await server.CreateTokenAsync(shop, "read_cash_tracking");
        using (var before = await server.PostGraphQLAsync(token, Query))
        {
            before.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (var revoke = await server.ControlAsync(HttpMethod.Delete, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/tokens/{Uri.EscapeDataString(token)}"))
        {
            revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent, await revoke.Content.ReadAsStringAsync());
        }

        using (var after = await server.PostGraphQLAsync(token, Query))
        {
            await ShouldBeUnauthorizedAsync(after);
        }

        using (var otherVersion = await server.PostGraphQLAsync(token, Query, version: "unstable"))
        {
            await ShouldBeUnauthorizedAsync(otherVersion);
        }

        // The shop's other token is untouched.
        var (status, _, _) = await server.PostAsync(shop.Token, Query);
        status.ShouldBe(200);
    }

    [Fact]
    public async Task Post_WithRevokedTokenAndMutation_Returns401AndChangesNothing()
    {
        var shop = await server.CreateShopAsync();
        var token = await server.CreateTokenAsync(shop, "write_cash_tracking");
        using (var revoke = await server.ControlAsync(HttpMethod.Delete, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/tokens/{Uri.EscapeDataString(token)}"))
        {
            revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        var open = $$"""mutation { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: "{{shop.DeviceId}}", staffMemberId: "{{shop.StaffId}}") { pointOfSaleDevicePaymentSession { id } userErrors { code } } }""";
        using (var response = await server.PostGraphQLAsync(token, open))
        {
            await ShouldBeUnauthorizedAsync(response);
        }

        var payload = await shop.OpenPayloadAsync();
        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
    }
}
