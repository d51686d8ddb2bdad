using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Till.Server.Tests.Reliability;
using Till.Testing;

namespace Till.Server.Tests.Webhooks;

/// <summary>
/// The outbox across real processes: a node killed with SIGKILL in the middle of a delivery leaves it
/// to a restarted node, and two nodes on one PostgreSQL database never make the same attempt twice.
/// </summary>
[Collection(ReliabilityGroup.Name)]
public sealed class WebhookDurabilityTests
{
    private static readonly Dictionary<string, string> FastEnvironment = new()
    {
        ["TILL_WEBHOOK_RETRY_SCHEDULE"] = "0.2,0.4,0.8",
        ["TILL_WEBHOOK_TIMEOUT"] = "30",
        ["TILL_WEBHOOK_LEASE"] = "2",
        ["TILL_WEBHOOK_POLL"] = "0.05",
    };

    private static readonly string[] ReadOrders = ["read_orders"];

    private sealed record App(string ShopPath, string Token, string Device, string Staff);

    private static async Task<JsonElement> ControlAsync(HttpClient http, string baseUrl, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/till/v1" + path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", TillProcess.AdminKey);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBeLessThan(300, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<App> ProvisionAsync(HttpClient http, string baseUrl, string secret, string hook)
    {
        var shop = await ControlAsync(http, baseUrl, "/shops", new { name = "Hooks", currency = "USD" });
        var path = "/shops/" + Uri.EscapeDataString(shop.GetProperty("id").GetString()!);
        var location = await ControlAsync(http, baseUrl, path + "/locations", new { name = "Main" });
        var staff = await ControlAsync(http, baseUrl, path + "/staff", new { firstName = "A", lastName = "B", email = "a@example.com" });
        var device = await ControlAsync(http, baseUrl, path + "/devices", new { name = "R1", locationId = location.GetProperty("id").GetString() });
        var token = (await ControlAsync(http, baseUrl, path + "/tokens", new { scopes = ReadOrders, secret })).GetProperty("token").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/admin/api/2026-04/graphql.json")
        {
            Content = JsonContent.Create(new
            {
                query = "mutation($uri: String!) { webhookSubscriptionCreate(topic: TENDER_TRANSACTIONS_CREATE, webhookSubscription: { uri: $uri }) { userErrors { message } } }",
                variables = new { uri = hook },
            }),
        };
        request.Headers.Add("X-Shopify-Access-Token", token);
        using var created = await http.SendAsync(request);
        (await created.Content.ReadAsStringAsync()).ShouldContain("\"userErrors\":[]");
        return new App(path, token, device.GetProperty("id").GetString()!, staff.GetProperty("id").GetString()!);
    }

    private static Task<JsonElement> CardSaleAsync(HttpClient http, string baseUrl, App app, string amount) =>
        ControlAsync(http, baseUrl, app.ShopPath + "/transactions", new { deviceId = app.Device, kind = "SALE", gateway = "card", amount = new { amount, currencyCode = "USD" }, staffMemberId = app.Staff });

    [Fact]
    public async Task NodeKilledMidDelivery_ARestartedNodeDeliversIt()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        // The first attempt is held open until the node is dead; later ones are answered at once.
        receiver.Answer = n => n == 1 ? (200, TimeSpan.FromSeconds(60)) : (200, TimeSpan.Zero);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await using var node = await TillProcess.StartAsync(database.Url, FastEnvironment);
        var app = await ProvisionAsync(http, node.BaseUrl, "kill-secret", receiver.Url + "kill");
        var sale = await CardSaleAsync(http, node.BaseUrl, app, "9.99");

        await receiver.WaitForAsync(1);
        node.Kill();
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // the dead node's lease runs out
        await node.StartAsync();
        var got = await receiver.WaitForAsync(2, TimeSpan.FromSeconds(30));
        got[0].Header("X-Shopify-Webhook-Id").ShouldBe(got[1].Header("X-Shopify-Webhook-Id"));
        got[1].SignedWith("kill-secret").ShouldBeTrue();
        got[1].Json.GetProperty("id").GetInt64().ShouldBe(long.Parse(sale.GetProperty("id").GetString()!.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture));
        await Task.Delay(1000);
        receiver.Received.Count.ShouldBe(2);
    }

    // Several nodes on one database is a PostgreSQL deployment; on the SQLite pass this is reported as skipped.
    [PostgresFact]
    public async Task TwoNodesOnOnePostgresDatabase_MakeEachAttemptOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = _ => (200, TimeSpan.FromMilliseconds(20));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        // A lease far longer than any attempt takes here: a second claim of a row would then be a
        // double delivery, not a retry after a lost lease.
        var environment = new Dictionary<string, string>(FastEnvironment) { ["TILL_WEBHOOK_LEASE"] = "60" };
        await using var first = await TillProcess.StartAsync(database.Url, environment);
        await using var second = await TillProcess.StartAsync(database.Url, environment);
        var app = await ProvisionAsync(http, first.BaseUrl, "two-nodes", receiver.Url + "two");
        const int Sales = 60;
        await Task.WhenAll(Enumerable.Range(0, Sales).Select(i => CardSaleAsync(http, i % 2 == 0 ? first.BaseUrl : second.BaseUrl, app, "1.00")));

        var got = await receiver.WaitForAsync(Sales, TimeSpan.FromSeconds(60));
        await Task.Delay(1500);
        receiver.Received.Count.ShouldBe(Sales);
        got.Select(r => r.Header("X-Shopify-Webhook-Id")).Distinct().Count().ShouldBe(Sales);
        var owners = (long)(await database.ScalarAsync("SELECT COUNT(DISTINCT lease_owner) FROM webhook_deliveries"))!;
        owners.ShouldBe(0); // every delivery finished and released
        var attempts = Convert.ToInt64(await database.ScalarAsync("SELECT SUM(attempts) FROM webhook_deliveries"), System.Globalization.CultureInfo.InvariantCulture);
        attempts.ShouldBe(Sales);
    }
}
