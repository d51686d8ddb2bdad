using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Protocol;

public sealed class HttpShapeTests : IAsyncLifetime
{
    private const string Typename = """{"query":"{ __typename }"}""";

    private TillServer server = null!;
    private TestShop shop = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync();
        shop = await server.CreateShopAsync();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static string Header(HttpResponseMessage response, string name)
    {
        response.Headers.TryGetValues(name, out var values).ShouldBeTrue($"missing {name} on HTTP {(int)response.StatusCode}");
        return values!.ShouldHaveSingleItem();
    }

    private static Guid RequestId(HttpResponseMessage response)
    {
        var text = Header(response, "X-Request-Id");
        Guid.TryParse(text, out var id).ShouldBeTrue($"X-Request-Id '{text}' is not a UUID");
        id.ShouldNotBe(Guid.Empty);
        return id;
    }

    private static async Task<JsonElement> ShouldBeBadRequestAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        ProtocolHelpers.AssertNoInternals(body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, body);
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement.Clone();
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["errors"], body);
        var error = root.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        return root;
    }

    [Fact]
    public async Task Responses_CarryVersionAndFreshRequestIdOn200_400_401()
    {
        using var ok = await server.PostRawAsync(shop.Token, Typename);
        using var ok2 = await server.PostRawAsync(shop.Token, Typename);
        using var bad = await server.PostRawAsync(shop.Token, "{not json");
        using var unauthorized = await server.PostRawAsync(null, Typename);

        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        unauthorized.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var ids = new List<Guid>();
        foreach (var response in new[] { ok, ok2, bad, unauthorized })
        {
            Header(response, "X-Shopify-API-Version").ShouldBe("2026-04");
            ids.Add(RequestId(response));
        }

        ids.Distinct().Count().ShouldBe(ids.Count);
    }

    [Fact]
    public async Task Responses_ToGraphQLErrors_CarryVersionAndRequestId()
    {
        using var response = await server.PostRawAsync(shop.Token, """{"query":"{ nope }"}""");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(response, "X-Shopify-API-Version").ShouldBe("2026-04");
        RequestId(response);
    }

    [Fact]
    public async Task RequestId_IsDifferentOnEveryRequest()
    {
        var ids = new HashSet<Guid>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await server.PostRawAsync(shop.Token, Typename);
            ids.Add(RequestId(response)).ShouldBeTrue();
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"query\": ")]
    [InlineData("")]
    [InlineData("<query/>")]
    public async Task Post_BodyNotJson_Returns400WithErrorsArray(string body)
    {
        using var response = await server.PostRawAsync(shop.Token, body);
        await ShouldBeBadRequestAsync(response);
        Header(response, "X-Shopify-API-Version").ShouldBe("2026-04");
        RequestId(response);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"variables\":{}}")]
    [InlineData("{\"query\":null}")]
    [InlineData("{\"query\":\"\"}")]
    [InlineData("[]")]
    [InlineData("\"{ __typename }\"")]
    public async Task Post_JsonWithoutQuery_Returns400(string body)
    {
        using var response = await server.PostRawAsync(shop.Token, body);
        await ShouldBeBadRequestAsync(response);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"{}\"")]
    [InlineData("42")]
    [InlineData("true")]
    public async Task Post_VariablesNotAnObject_Returns400(string variables)
    {
        using var response = await server.PostRawAsync(shop.Token, $$"""{"query":"query($id: ID!) { cashDrawer(id: $id) { id } }","variables":{{variables}}}""");
        await ShouldBeBadRequestAsync(response);
    }

    [Fact]
    public async Task Post_VariablesNull_IsAccepted()
    {
        using var response = await server.PostRawAsync(shop.Token, """{"query":"{ __typename }","variables":null}""");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        body.ShouldContain("QueryRoot");
    }

    [Fact]
    public async Task Get_IsNotServed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/api/2026-04/graphql.json?query=%7B__typename%7D");
        request.Headers.Add("X-Shopify-Access-Token", shop.Token);
        using var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldNotBe(200, body);
        ((int)response.StatusCode).ShouldBeLessThan(500, body);
        body.ShouldNotContain("QueryRoot");
    }

    [Theory]
    [InlineData("2026-04")]
    [InlineData("2026-07")]
    [InlineData("2026-10")]
    [InlineData("unstable")]
    public async Task Post_ServedVersion_AnswersWithItsOwnVersion(string version)
    {
        using var response = await server.PostRawAsync(shop.Token, Typename, version);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        Header(response, "X-Shopify-API-Version").ShouldBe(version);
        RequestId(response);
        using var document = JsonDocument.Parse(body);
        document.RootElement.GetProperty("data").GetProperty("__typename").GetString().ShouldBe("QueryRoot");
    }

    [Theory]
    [InlineData("2026-07", true)]
    [InlineData("2026-04", false)]
    public async Task Post_Version_ServesThatVersionsSchema(string version, bool hasBalance)
    {
        var result = await server.GraphQLAsync(shop.Token, """{ __type(name: "CashDrawer") { fields { name } } }""", version: version);
        var names = result.GetProperty("data").GetProperty("__type").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        names.Contains("balance").ShouldBe(hasBalance);
    }

    [Theory]
    [InlineData("2025-01")]
    [InlineData("2025-10")]
    [InlineData("2026-01")]
    [InlineData("2023-04")]
    public async Task Post_OlderWellFormedVersion_FallsForwardTo202604(string version)
    {
        using var response = await server.PostRawAsync(shop.Token, Typename, version);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        Header(response, "X-Shopify-API-Version").ShouldBe("2026-04");
        body.ShouldContain("QueryRoot");

        var fields = await server.GraphQLAsync(shop.Token, """{ __type(name: "CashDrawer") { fields { name } } }""", version: version);
        fields.GetProperty("data").GetProperty("__type").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ShouldNotContain("balance");
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("2026-4")]
    public async Task Post_UnknownVersion_Returns404NotFound(string version)
    {
        using var response = await server.PostRawAsync(shop.Token, Typename, version);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound, body);
        body.ShouldBe("""{"errors":"Not Found"}""");
        RequestId(response);
    }

    private static string OversizedBody()
    {
        var padding = new string('x', (1 << 20) + 1024);
        return "{\"query\":\"{ __typename }\",\"variables\":{\"pad\":\"" + padding + "\"}}";
    }

    [Fact]
    public async Task Post_BodyOver1MiB_IsRefusedWithout500()
    {
        using var response = await server.PostRawAsync(shop.Token, OversizedBody());
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBeInRange(400, 499, body);
        ProtocolHelpers.AssertNoInternals(body);
    }

    [Fact]
    public async Task Post_ChunkedBodyOver1MiB_IsRefusedWithout500()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/api/2026-04/graphql.json")
        {
            Content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(OversizedBody()))),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-Shopify-Access-Token", shop.Token);
        using var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBeInRange(400, 499, body);
        ProtocolHelpers.AssertNoInternals(body);
    }

    [Fact]
    public async Task Post_BodyJustUnder1MiB_IsServed()
    {
        var padding = new string('x', (1 << 20) - 200);
        using var response = await server.PostRawAsync(shop.Token, "{\"query\":\"{ __typename }\",\"variables\":{\"pad\":\"" + padding + "\"}}");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
    }

    /// <summary>A stream without a length, so the client must send it chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
