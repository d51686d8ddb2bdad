using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Till.Server;
using Till.Storage;
using Till.Testing;

namespace Till.Server.Tests.Support;

/// <summary>A real Till server on a loopback port, with its own SQLite file, for end-to-end tests over HTTP.</summary>
public sealed class TillServer : IAsyncDisposable
{
    public const string AdminKeyValue = "test-admin-key";

    private readonly WebApplication app;
    private readonly TestDatabase database;
    private bool keepDatabase;

    private TillServer(WebApplication app, TestDatabase database, string baseUrl, ITillStore store)
    {
        this.app = app;
        this.database = database;
        BaseUrl = baseUrl;
        Store = store;
        Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    public ITillStore Store { get; }

    /// <summary>The server's services, for tests that look at its in-memory state.</summary>
    public IServiceProvider Services => app.Services;

    /// <summary>The server's database, for tests that inspect rows directly (parameters are written @name).</summary>
    public TestDatabase Database => database;

    /// <summary>The SQLite file (or PostgreSQL URL) the server runs on; prefer <see cref="Database"/>, which works on both.</summary>
    public string DatabasePath => database.Url;

    public static async Task<TillServer> StartAsync(TimeProvider? clock = null, Func<ITillStore, ITillStore>? wrapStore = null, Func<TillOptions, TillOptions>? configure = null, TestDatabase? reuse = null)
    {
        var database = reuse ?? await TestDatabase.CreateAsync();
        var options = new TillOptions { Urls = "http://127.0.0.1:0", Database = database.Url, AdminKey = AdminKeyValue, NoDemo = true };
        if (configure is not null)
        {
            options = configure(options);
        }
        var store = TillHost.OpenStore(options.Database);
        if (wrapStore is not null)
        {
            store = wrapStore(store);
        }

        var app = TillHost.Build(options, store, clock);
        await TillHost.PrepareAsync(app, options);
        await app.StartAsync();
        return new TillServer(app, database, app.Urls.First(), store);
    }

    /// <summary>Posts a GraphQL document and returns the parsed JSON body (any status).</summary>
    public async Task<JsonElement> GraphQLAsync(string token, string query, object? variables = null, string version = "2026-04")
    {
        using var response = await PostGraphQLAsync(token, query, variables, version);
        return await ReadJsonAsync(response);
    }

    public Task<HttpResponseMessage> PostGraphQLAsync(string? token, string query, object? variables = null, string version = "2026-04") =>
        PostRawAsync(token, JsonSerializer.Serialize(new { query, variables }), version);

    public async Task<HttpResponseMessage> PostRawAsync(string? token, string body, string version = "2026-04")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/api/{version}/graphql.json")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Add("X-Shopify-Access-Token", token);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Calls the control API with the admin key.</summary>
    public async Task<HttpResponseMessage> ControlAsync(HttpMethod method, string path, object? body = null, string? adminKey = AdminKeyValue)
    {
        using var request = new HttpRequestMessage(method, "/till/v1" + path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (adminKey is not null)
        {
            request.Headers.Add("Authorization", "Bearer " + adminKey);
        }

        return await Http.SendAsync(request);
    }

    public async Task<JsonElement> ControlJsonAsync(HttpMethod method, string path, object? body = null, int expectedStatus = 201)
    {
        using var response = await ControlAsync(method, path, body);
        var json = await ReadJsonAsync(response);
        ((int)response.StatusCode).ShouldBe(expectedStatus, json.ToString());
        return json;
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0)
        {
            throw new InvalidOperationException($"Empty body with status {(int)response.StatusCode} from {response.RequestMessage?.RequestUri}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Provisions a shop with a location, an active staff member, a device assigned to a new drawer, and a token with every cash scope.</summary>
    public async Task<TestShop> CreateShopAsync(string currency = "USD", string[]? scopes = null, string? timezone = null)
    {
        var name = "Shop " + Guid.NewGuid().ToString("N")[..6];
        var shop = await ControlJsonAsync(HttpMethod.Post, "/shops", timezone is null ? (object)new { name, currency } : new { name, currency, timezone });
        var shopGid = shop.GetProperty("id").GetString()!;
        var shopId = Uri.EscapeDataString(shopGid);
        var location = await ControlJsonAsync(HttpMethod.Post, $"/shops/{shopId}/locations", new { name = "Main" });
        var staff = await ControlJsonAsync(HttpMethod.Post, $"/shops/{shopId}/staff", new { firstName = "Ada", lastName = "Lovelace", email = "ada@example.com" });
        var device = await ControlJsonAsync(HttpMethod.Post, $"/shops/{shopId}/devices", new { locationId = location.GetProperty("id").GetString(), name = "Register 1" });
        var token = await ControlJsonAsync(HttpMethod.Post, $"/shops/{shopId}/tokens", new { scopes = scopes ?? ["write_cash_tracking", "read_point_of_sale_devices"] });
        var testShop = new TestShop(this, shopGid, location.GetProperty("id").GetString()!, staff.GetProperty("id").GetString()!, device.GetProperty("id").GetString()!, token.GetProperty("token").GetString()!, currency);
        if (scopes is null)
        {
            testShop.DrawerId = await testShop.CreateDrawerAsync("Drawer 1");
            await testShop.AssignAsync(testShop.DeviceId, testShop.DrawerId);
        }

        return testShop;
    }

    /// <summary>Stops the server but keeps its database, for a restart with <c>StartAsync(reuse: server.Database)</c>.</summary>
    public async Task StopKeepingDatabaseAsync()
    {
        keepDatabase = true;
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        (Store as IDisposable)?.Dispose();
        if (!keepDatabase)
        {
            await database.DisposeAsync();
        }
    }
}
