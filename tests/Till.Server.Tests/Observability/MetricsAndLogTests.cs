using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Till.Server.Tests.Reliability;
using Till.Server.Tests.Support;
using Till.Testing;

namespace Till.Server.Tests.Observability;

/// <summary>
/// /metrics and the request log of a real Till process (a process of its own, so no other test's
/// requests move its counters): a scripted shift moves each counter by exactly what it did, and
/// the log has one line per request with its request ID and no secret.
/// </summary>
public sealed class MetricsAndLogTests
{
    private const string Api = "/admin/api/2026-04/graphql.json";

    private const string Open = "mutation($d: ID!, $s: ID!) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, balance: { amount: \"100.00\", currencyCode: USD }, staffMemberId: $s) { pointOfSaleDevicePaymentSession { id } userErrors { field message code } } }";

    private const string Adjust = "mutation($id: ID!, $s: ID!) { pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: $id, cash: { amount: \"5.00\", currencyCode: USD }, staffMemberId: $s) { pointOfSaleDevicePaymentSession { id } userErrors { field message } } }";

    private const string Count = "mutation($id: ID!, $s: ID!) { pointOfSaleDevicePaymentSessionCount(pointOfSaleDevicePaymentSessionId: $id, balance: { amount: \"105.00\", currencyCode: USD }, staffMemberId: $s) { pointOfSaleDevicePaymentSession { id } userErrors { field message code } } }";

    private const string Close = "mutation($id: ID!, $s: ID!) { pointOfSaleDevicePaymentSessionClose(pointOfSaleDevicePaymentSessionId: $id, balance: { amount: \"105.00\", currencyCode: USD }, staffMemberId: $s) { pointOfSaleDevicePaymentSession { id status } userErrors { field message code } } }";

    [Fact]
    public async Task Metrics_AfterAScriptedShift_MovedByExactlyWhatItDid()
    {
        await using var run = await Running.StartAsync();
        var before = await Scrape.TakeAsync(run.Http, run.Process.BaseUrl, TillProcess.AdminKey);

        var opened = await run.GraphQLAsync(Open, new { d = run.Shop.DeviceId, s = run.Shop.StaffId });
        var session = opened.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSessionOpen").GetProperty("pointOfSaleDevicePaymentSession").GetProperty("id").GetString()!;
        var whileOpen = await Scrape.TakeAsync(run.Http, run.Process.BaseUrl, TillProcess.AdminKey);

        await run.GraphQLAsync(Adjust, new { id = session, s = run.Shop.StaffId });
        await run.GraphQLAsync(Count, new { id = session, s = run.Shop.StaffId });

        // The one user error: a second session on a device that has one open.
        var again = await run.GraphQLAsync(Open, new { d = run.Shop.DeviceId, s = run.Shop.StaffId });
        again.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSessionOpen").GetProperty("userErrors").GetArrayLength().ShouldBe(1, again.ToString());

        var closed = await run.GraphQLAsync(Close, new { id = session, s = run.Shop.StaffId });
        closed.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSessionClose").GetProperty("pointOfSaleDevicePaymentSession").GetProperty("status").GetString().ShouldBe("CLOSED", closed.ToString());
        var after = await Scrape.TakeAsync(run.Http, run.Process.BaseUrl, TillProcess.AdminKey);

        double Moved(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        const string Mutations = "till_graphql_mutations_total";
        Moved(Mutations, ("graphql_mutation", "pointOfSaleDevicePaymentSessionOpen"), ("outcome", "success")).ShouldBe(1, after.Text);
        Moved(Mutations, ("graphql_mutation", "pointOfSaleDevicePaymentSessionOpen"), ("outcome", "user_error")).ShouldBe(1);
        Moved(Mutations, ("graphql_mutation", "pointOfSaleDevicePaymentSessionAdjust"), ("outcome", "success")).ShouldBe(1);
        Moved(Mutations, ("graphql_mutation", "pointOfSaleDevicePaymentSessionCount"), ("outcome", "success")).ShouldBe(1);
        Moved(Mutations, ("graphql_mutation", "pointOfSaleDevicePaymentSessionClose"), ("outcome", "success")).ShouldBe(1);
        Moved(Mutations).ShouldBe(5);
        Moved(Mutations, ("outcome", "internal_error")).ShouldBe(0);
        Moved("till_graphql_throttled_total").ShouldBe(0);

        // Requests by route and status: the five mutations, all answered 200.
        const string Requests = "http_server_request_duration_seconds_count";
        Moved(Requests, ("http_route", "/admin/api/{version}/graphql.json")).ShouldBe(5);
        Moved(Requests, ("http_route", "/admin/api/{version}/graphql.json"), ("http_response_status_code", "200")).ShouldBe(5);
        after.Has("http_server_request_duration_seconds_bucket").ShouldBeTrue();

        // Each query was priced and executed once.
        Moved("till_graphql_cost_requested_count").ShouldBe(5);
        Moved("till_graphql_cost_actual_count").ShouldBe(5);
        Moved("till_graphql_cost_requested_sum").ShouldBeGreaterThanOrEqualTo(5 * 10);

        // Open sessions: none, one while the shift ran, none after it closed.
        before.Sum("till_sessions_open").ShouldBe(0, before.Text);
        whileOpen.Sum("till_sessions_open").ShouldBe(1);
        after.Sum("till_sessions_open").ShouldBe(0);

        if (run.Database.IsPostgres)
        {
            // The PostgreSQL connection pool, from Npgsql's own meter.
            after.Text.ShouldContain("db_client_connection");
        }
    }

    [Fact]
    public async Task Metrics_WithoutTheAdminKey_AreRefused()
    {
        await using var server = await TillServer.StartAsync();
        using (var response = await server.Http.GetAsync(new Uri("/metrics", UriKind.Relative)))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await TillServer.ReadJsonAsync(response)).GetProperty("error").GetProperty("code").GetString().ShouldBe("UNAUTHORIZED");
        }

        var shop = await server.CreateShopAsync();
        foreach (var presented in new[] { "wrong-key", shop.Token })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", presented);
            using var response = await server.Http.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var scrape = await Scrape.TakeAsync(server.Http, server.BaseUrl, TillServer.AdminKeyValue);
        scrape.Text.ShouldContain("# TYPE http_server_request_duration_seconds histogram");
    }

    [Fact]
    public async Task RequestLog_HasOneJsonLinePerRequestWithItsId_AndNoSecret()
    {
        await using var run = await Running.StartAsync("--log-format", "json");
        var ids = new List<string>();
        async Task Remember(HttpResponseMessage response)
        {
            ids.Add(response.Headers.GetValues("X-Request-Id").Single());
            await response.Content.ReadAsStringAsync();
            response.Dispose();
        }

        await Remember(await run.Http.GetAsync(new Uri(run.Process.BaseUrl + "/till/v1/health")));
        await Remember(await run.PostGraphQLAsync(Open, new { d = run.Shop.DeviceId, s = run.Shop.StaffId }));
        await Remember(await run.PostGraphQLAsync("{ __typename }", null, "not-a-token"));
        await Remember(await run.Http.GetAsync(new Uri(run.Process.BaseUrl + "/no/such/path/" + run.Shop.Token)));
        using (var metrics = new HttpRequestMessage(HttpMethod.Get, run.Process.BaseUrl + "/metrics"))
        {
            metrics.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TillProcess.AdminKey);
            await Remember(await run.Http.SendAsync(metrics));
        }

        // The token itself is in the path of its revocation.
        using (var revoke = new HttpRequestMessage(HttpMethod.Delete, $"{run.Process.BaseUrl}/till/v1/shops/{Uri.EscapeDataString(run.Shop.ShopId)}/tokens/{Uri.EscapeDataString(run.Shop.Token)}"))
        {
            revoke.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TillProcess.AdminKey);
            var response = await run.Http.SendAsync(revoke);
            response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
            await Remember(response);
        }

        // The console logger writes from a queue: wait until every request's line is there.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<JsonElement> requestLines;
        do
        {
            requestLines = [.. run.Process.Lines().Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone()).Where(e => e.GetProperty("Category").GetString() == "Till.Requests")];
            if (ids.All(id => requestLines.Any(l => l.GetProperty("State").GetProperty("RequestId").GetString() == id)))
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        foreach (var id in ids)
        {
            requestLines.Count(l => l.GetProperty("State").GetProperty("RequestId").GetString() == id).ShouldBe(1, $"request {id}:\n{run.Process.OutputTail()}");
        }

        var revoked = requestLines.Single(l => l.GetProperty("State").GetProperty("RequestId").GetString() == ids[^1]);
        revoked.GetProperty("State").GetProperty("Route").GetString().ShouldBe("/till/v1/shops/{shop}/tokens/{token}");
        revoked.GetProperty("State").GetProperty("Status").GetInt32().ShouldBe(204);

        var everything = string.Join('\n', run.Process.Lines());
        everything.ShouldNotContain(run.Shop.Token);
        everything.ShouldNotContain(TillProcess.AdminKey);
    }

    /// <summary>A Till process on a database provisioned with one shop (by an in-process server that is then stopped).</summary>
    private sealed class Running : IAsyncDisposable
    {
        private Running(TestDatabase database, TillProcess process, ShopIds shop)
        {
            Database = database;
            Process = process;
            Shop = shop;
        }

        public TestDatabase Database { get; }

        public TillProcess Process { get; }

        public ShopIds Shop { get; }

        public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

        public static async Task<Running> StartAsync(params string[] args)
        {
            var database = await TestDatabase.CreateAsync();
            ShopIds ids;
            var provisioning = await TillServer.StartAsync(reuse: database);
            try
            {
                var shop = await provisioning.CreateShopAsync();
                ids = new ShopIds(shop.ShopId, shop.DeviceId, shop.StaffId, shop.Token);
            }
            finally
            {
                await provisioning.StopKeepingDatabaseAsync();
            }

            return new Running(database, await TillProcess.StartAsync(database.Url, extraArgs: args), ids);
        }

        public async Task<JsonElement> GraphQLAsync(string query, object? variables)
        {
            using var response = await PostGraphQLAsync(query, variables);
            var json = await TillServer.ReadJsonAsync(response);
            json.TryGetProperty("errors", out _).ShouldBeFalse(json.ToString());
            return json;
        }

        public async Task<HttpResponseMessage> PostGraphQLAsync(string query, object? variables, string? token = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Process.BaseUrl + Api)
            {
                Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Shopify-Access-Token", token ?? Shop.Token);
            return await Http.SendAsync(request);
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await Process.DisposeAsync();
            await Database.DisposeAsync();
        }
    }

    private sealed record ShopIds(string ShopId, string DeviceId, string StaffId, string Token);
}
