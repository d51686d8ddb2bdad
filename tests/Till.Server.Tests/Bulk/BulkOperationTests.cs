using System.Net;
using System.Text.Json;
using Till.Server.Tests.Queries;
using Till.Server.Tests.Support;
using static Till.Server.Tests.Bulk.BulkKit;

namespace Till.Server.Tests.Bulk;

/// <summary>
/// Bulk export end to end over HTTP: the query's checks (each user error code), the status an
/// operation moves through, the JSONL file Shopify's way, cancelation, the download link and its
/// expiry, scopes, and the queries that list operations.
/// </summary>
public sealed class BulkOperationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly string[] DeviceScopeOnly = ["read_point_of_sale_devices"];

    private static Task<TillServer> ServerAsync(int pageSize = 2, TimeSpan? pause = null, TimeSpan? urlLifetime = null) =>
        TillServer.StartAsync(configure: o => o with
        {
            BulkPageSize = pageSize,
            BulkPagePause = pause ?? TimeSpan.Zero,
            BulkUrlLifetime = urlLifetime ?? TimeSpan.FromDays(7),
            BulkPollInterval = TimeSpan.FromMilliseconds(50),
        });

    public static TheoryData<string, string> InvalidQueries() => new()
    {
        { "{ pointOfSaleDevicePaymentSessions { edges { node { id }", "Invalid bulk query" },
        { "mutation { cashDrawerCreate(locationId: \"gid://shopify/Location/1\", name: \"x\") { cashDrawer { id } } }", "runs queries only" },
        { "query($n: Int) { cashDrawers(first: $n) { edges { node { id } } } }", "cannot declare variables" },
        { "{ cashDrawers { edges { node { nope } } } }", "Invalid bulk query" },
        { "{ cashDrawers { edges { node { id } } } pointOfSaleDevicePaymentSessions { nodes { id } } }", "exactly one root field" },
        { "{ node(id: \"gid://shopify/CashDrawer/1\") { id } }", "node and nodes" },
        { "{ pointOfSaleDevicePaymentSession(id: \"gid://shopify/PointOfSaleDevicePaymentSession/1\") { id } }", "is not a connection" },
        { "{ cashDrawers { pageInfo { hasNextPage } } }", "selects no nodes" },
        {
            "{ cashDrawers { edges { node { id cashActivities { edges { node { paymentSession { cashActivities { edges { node { time } } } } } } } } } } }",
            "nested at most 2 levels"
        },
        {
            "{ cashDrawers { edges { node { id a: cashActivities { nodes { time } } b: cashActivities { nodes { time } } c: cashActivities { nodes { time } } d: cashActivities { nodes { time } } e: cashActivities { nodes { time } } } } } }",
            "at most 5 connections"
        },
        { "{ cashDrawers { edges { node { id } } } } query Two { cashDrawers { nodes { id } } }", "exactly one operation" },
    };

    [Theory]
    [MemberData(nameof(InvalidQueries))]
    public async Task RunQuery_RefusesAQueryThatBreaksTheRules_WithINVALID(string query, string why)
    {
        await using var server = await ServerAsync();
        var shop = await server.CreateShopAsync();

        var payload = await RunAsync(Client(shop), query);

        QueryKitNull(payload.GetProperty("bulkOperation")).ShouldBeTrue(payload.ToString());
        var error = payload.GetProperty("userErrors").EnumerateArray().Single();
        error.GetProperty("code").GetString().ShouldBe("INVALID");
        error.GetProperty("field").EnumerateArray().Select(f => f.GetString()).ShouldBe(["query"]);
        error.GetProperty("message").GetString()!.ShouldContain(why);
        var list = await shop.GraphQLAsync("{ bulkOperations(first: 5) { nodes { id } } }");
        list.GetProperty("data").GetProperty("bulkOperations").GetProperty("nodes").GetArrayLength().ShouldBe(0, "a refused query creates no operation");
    }

    [Fact]
    public async Task RunQuery_WhileAnotherIsInProgress_OPERATION_IN_PROGRESS_ThenCancel_EndsIt()
    {
        await using var server = await ServerAsync(pageSize: 1, pause: TimeSpan.FromSeconds(2));
        var shop = await server.CreateShopAsync();
        await SeedSessionsAsync(shop, 4);
        var id = await StartAsync(Client(shop), SessionsWithActivities);

        var second = await RunAsync(Client(shop), "{ cashDrawers { nodes { id } } }");
        QueryKitNull(second.GetProperty("bulkOperation")).ShouldBeTrue();
        var error = second.GetProperty("userErrors").EnumerateArray().Single();
        error.GetProperty("code").GetString().ShouldBe("OPERATION_IN_PROGRESS");
        error.GetProperty("message").GetString()!.ShouldContain(id);

        await WaitForAsync(Client(shop), id, Patience, "RUNNING");
        var cancel = (await shop.GraphQLAsync(CancelDocument, new { id })).GetProperty("data").GetProperty("bulkOperationCancel");
        cancel.GetProperty("userErrors").GetArrayLength().ShouldBe(0, cancel.ToString());
        cancel.GetProperty("bulkOperation").GetProperty("status").GetString().ShouldBe("CANCELING");

        var (ended, _) = await WaitForAsync(Client(shop), id, Patience, "CANCELED");
        QueryKitNull(ended.GetProperty("url")).ShouldBeTrue();
        QueryKitNull(ended.GetProperty("completedAt")).ShouldBeTrue();

        // Canceling again: it has ended.
        var again = (await shop.GraphQLAsync(CancelDocument, new { id })).GetProperty("data").GetProperty("bulkOperationCancel");
        again.GetProperty("userErrors")[0].GetProperty("message").GetString().ShouldBe("A bulk operation cannot be canceled when it is canceled");

        // Now another may start.
        await StartAsync(Client(shop), "{ cashDrawers { nodes { id } } }");
    }

    [Fact]
    public async Task Cancel_OfAnOperationNotPickedUpYet_CancelsAtOnce_AndOfAnUnknownOne_SaysItDoesNotExist()
    {
        await using var server = await TillServer.StartAsync(configure: o => o with { BulkPollInterval = TimeSpan.FromHours(1) });
        var shop = await server.CreateShopAsync();
        // Woken at start-up and by the mutation, the runner may pick it up first; either way it ends CANCELED.
        var id = await StartAsync(Client(shop), "{ cashDrawers { nodes { id } } }");
        var cancel = (await shop.GraphQLAsync(CancelDocument, new { id })).GetProperty("data").GetProperty("bulkOperationCancel");
        if (cancel.GetProperty("userErrors").GetArrayLength() == 0)
        {
            cancel.GetProperty("bulkOperation").GetProperty("status").GetString().ShouldBeOneOf("CANCELED", "CANCELING");
        }

        var missing = (await shop.GraphQLAsync(CancelDocument, new { id = "gid://shopify/BulkOperation/999999" })).GetProperty("data").GetProperty("bulkOperationCancel");
        QueryKitNull(missing.GetProperty("bulkOperation")).ShouldBeTrue();
        var error = missing.GetProperty("userErrors").EnumerateArray().Single();
        error.GetProperty("message").GetString().ShouldBe("Bulk operation does not exist");
        error.GetProperty("field").EnumerateArray().Select(f => f.GetString()).ShouldBe(["id"]);
    }

    [Fact]
    public async Task Export_SessionsWithActivities_MovesCreatedRunningCompleted_AndWritesShopifysJsonl()
    {
        await using var server = await ServerAsync(pageSize: 2);
        var shop = await server.CreateShopAsync();
        var sessions = await SeedSessionsAsync(shop, 5);
        var direct = await shop.GraphQLAsync("{ pointOfSaleDevicePaymentSessions(first: 10) { nodes { id cashActivities(first: 20) { nodes { __typename } } } } }");
        var activitiesOf = direct.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSessions").GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("id").GetString()!, n => n.GetProperty("cashActivities").GetProperty("nodes").GetArrayLength());
        activitiesOf.Values.ShouldAllBe(n => n > 2, "each session needs more activities than a page, so the nested connection is read on");

        var id = await StartAsync(Client(shop), SessionsWithActivities);
        var (done, seen) = await WaitForAsync(Client(shop), id, Patience, "COMPLETED", "FAILED");
        done.GetProperty("status").GetString().ShouldBe("COMPLETED", done.ToString());
        seen.ShouldBeSubsetOf(["CREATED", "RUNNING", "COMPLETED"]);
        seen[^1].ShouldBe("COMPLETED");
        done.GetProperty("errorCode").ValueKind.ShouldBe(JsonValueKind.Null);
        QueryKitNull(done.GetProperty("completedAt")).ShouldBeFalse();
        done.GetProperty("type").GetString().ShouldBe("QUERY");
        done.GetProperty("query").GetString().ShouldBe(SessionsWithActivities);

        var (text, lines) = await DownloadAsync(server.Http, done);
        text.ShouldContain("\"id\":\"gid:\\/\\/shopify\\/PointOfSaleDevicePaymentSession\\/");
        var roots = lines.Where(l => !l.TryGetProperty("__parentId", out _)).ToList();
        roots.Select(r => r.GetProperty("id").GetString()).ShouldBe(sessions, ignoreOrder: true);
        roots.Any(r => r.TryGetProperty("cashActivities", out _)).ShouldBeFalse();
        roots[0].GetProperty("cashCountedAtOpen").GetProperty("amount").GetString().ShouldBe("100.0");
        var seenParents = new HashSet<string>();
        foreach (var line in lines)
        {
            if (line.TryGetProperty("__parentId", out var parent))
            {
                seenParents.ShouldContain(parent.GetString()!, "a child comes after its parent");
                line.TryGetProperty("__typename", out _).ShouldBeTrue();
                line.TryGetProperty("cash", out _).ShouldBeTrue();
            }
            else
            {
                seenParents.Add(line.GetProperty("id").GetString()!);
                line.EnumerateObject().Select(p => p.Name).ShouldBe(["id", "status", "cashCountedAtOpen"]);
            }
        }

        foreach (var (session, count) in activitiesOf)
        {
            lines.Count(l => l.TryGetProperty("__parentId", out var p) && p.GetString() == session).ShouldBe(count);
        }

        done.GetProperty("objectCount").GetString().ShouldBe(lines.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        done.GetProperty("rootObjectCount").GetString().ShouldBe("5");

        // The other ways to find it.
        var node = await shop.GraphQLAsync("query($id: ID!) { node(id: $id) { __typename ... on BulkOperation { id status } } }", new { id });
        node.GetProperty("data").GetProperty("node").GetProperty("status").GetString().ShouldBe("COMPLETED");
        var current = await shop.GraphQLAsync("{ currentBulkOperation { id status objectCount } }");
        current.GetProperty("data").GetProperty("currentBulkOperation").GetProperty("id").GetString().ShouldBe(id);
    }

    [Fact]
    public async Task Export_WithNodes_AndAnEmptyResult_CompletesWithoutAUrl()
    {
        await using var server = await ServerAsync();
        var shop = await server.CreateShopAsync();

        var id = await StartAsync(Client(shop), "{ pointOfSaleDevicePaymentSessions(query: \"is_open:true\") { nodes { id } } }");
        var (done, _) = await WaitForAsync(Client(shop), id, Patience, "COMPLETED", "FAILED");

        done.GetProperty("status").GetString().ShouldBe("COMPLETED");
        done.GetProperty("objectCount").GetString().ShouldBe("0");
        QueryKitNull(done.GetProperty("url")).ShouldBeTrue();
    }

    [Fact]
    public async Task Export_FollowsTheQuerysOwnFilterAndOrder_UsingNodes()
    {
        await using var server = await ServerAsync(pageSize: 1);
        var shop = await server.CreateShopAsync();
        var drawers = new List<string> { shop.DrawerId };
        for (var i = 2; i <= 4; i++)
        {
            drawers.Add(await shop.CreateDrawerAsync("Drawer " + i));
        }

        var id = await StartAsync(Client(shop), "{ cashDrawers(query: \"id:>1\") { nodes { id name } } }");
        var (done, _) = await WaitForAsync(Client(shop), id, Patience, "COMPLETED", "FAILED");
        var (_, lines) = await DownloadAsync(server.Http, done);

        lines.Select(l => l.GetProperty("id").GetString()).ShouldBe(drawers.Where(d => QueryKit.Number(d) > 1));
    }

    [Fact]
    public async Task Export_OfFieldsTheTokenMayNotRead_FailsWithACCESS_DENIED()
    {
        await using var server = await ServerAsync();
        var owner = await server.CreateShopAsync();
        await SeedSessionsAsync(owner, 1);
        var token = (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(owner.ShopId)}/tokens", new { scopes = DeviceScopeOnly })).GetProperty("token").GetString()!;
        Task<JsonElement> Limited(string q, object? v) => server.GraphQLAsync(token, q, v);

        var id = await StartAsync(Limited, "{ pointOfSaleDevicePaymentSessions { nodes { id } } }");
        var (done, _) = await WaitForAsync(Limited, id, Patience, "COMPLETED", "FAILED");

        done.GetProperty("status").GetString().ShouldBe("FAILED");
        done.GetProperty("errorCode").GetString().ShouldBe("ACCESS_DENIED");
        QueryKitNull(done.GetProperty("url")).ShouldBeTrue();
    }

    [Fact]
    public async Task Url_DownloadsUntilItExpires_ThenTheStatusIsEXPIRED_AndTheFileIsGone()
    {
        await using var server = await ServerAsync(urlLifetime: TimeSpan.FromSeconds(3));
        var shop = await server.CreateShopAsync();
        await SeedSessionsAsync(shop, 1);

        var id = await StartAsync(Client(shop), "{ pointOfSaleDevicePaymentSessions { edges { node { id } } } }");
        var (done, _) = await WaitForAsync(Client(shop), id, Patience, "COMPLETED", "FAILED");
        var url = done.GetProperty("url").GetString()!;
        url.ShouldStartWith(server.BaseUrl.TrimEnd('/') + "/bulk/");
        (await DownloadAsync(server.Http, done)).Lines.Count.ShouldBe(1);

        // A token that is not one: not found.
        (await server.Http.GetAsync(new Uri(server.BaseUrl.TrimEnd('/') + "/bulk/" + new string('A', 43) + ".jsonl"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await Task.Delay(TimeSpan.FromSeconds(3.5));
        (await server.Http.GetAsync(new Uri(url))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var expired = await StatusAsync(Client(shop), id);
        expired.GetProperty("status").GetString().ShouldBe("EXPIRED");
        QueryKitNull(expired.GetProperty("url")).ShouldBeTrue();
    }

    [Fact]
    public async Task BulkOperations_ListsNewestFirst_FiltersByStatus_AndNeedsNoScopeOfItsOwn()
    {
        await using var server = await ServerAsync();
        var shop = await server.CreateShopAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = await StartAsync(Client(shop), "{ cashDrawers { nodes { id } } }");
            await WaitForAsync(Client(shop), id, Patience, "COMPLETED");
            ids.Add(id);
        }

        var list = await shop.GraphQLAsync("{ bulkOperations(first: 10) { nodes { id } } }");
        list.GetProperty("data").GetProperty("bulkOperations").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ShouldBe(ids.AsEnumerable().Reverse());
        var reversed = await shop.GraphQLAsync("{ bulkOperations(first: 2, reverse: true, sortKey: COMPLETED_AT, query: \"status:completed operation_type:query\") { nodes { id } pageInfo { hasNextPage } } }");
        var page = reversed.GetProperty("data").GetProperty("bulkOperations");
        page.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ShouldBe(ids.Take(2));
        page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean().ShouldBeTrue();
        var none = await shop.GraphQLAsync("{ bulkOperations(first: 10, query: \"status:running\") { nodes { id } } }");
        none.GetProperty("data").GetProperty("bulkOperations").GetProperty("nodes").GetArrayLength().ShouldBe(0);

        // Another shop sees none of them.
        var other = await server.CreateShopAsync();
        var foreign = await other.GraphQLAsync(StatusDocument, new { id = ids[0] });
        QueryKitNull(foreign.GetProperty("data").GetProperty("bulkOperation")).ShouldBeTrue();
    }

    private static bool QueryKitNull(JsonElement element) => element.ValueKind == JsonValueKind.Null;
}
