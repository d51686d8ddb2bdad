using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Till.Server.Tests.Reliability;

/// <summary>The answer to one HTTP request: its status and its body parsed as JSON (undefined when it was not JSON).</summary>
internal readonly record struct Reply(int Status, JsonElement Body, string Text)
{
    /// <summary>True for HTTP 200 without top-level errors and without user errors on the mutation's payload.</summary>
    public bool Succeeded(string mutation) =>
        Status == 200 && Body.ValueKind == JsonValueKind.Object && !Body.TryGetProperty("errors", out _)
        && Body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
        && data.TryGetProperty(mutation, out var payload) && payload.ValueKind == JsonValueKind.Object
        && payload.TryGetProperty("userErrors", out var errors) && errors.GetArrayLength() == 0;

    /// <summary>The first user error's code (or its message when it has no code), or null.</summary>
    public string? UserError(string mutation)
    {
        if (Body.ValueKind != JsonValueKind.Object || !Body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty(mutation, out var payload) || payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("userErrors", out var errors) || errors.GetArrayLength() == 0)
        {
            return null;
        }

        var first = errors[0];
        return first.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString() : first.GetProperty("message").GetString();
    }

    /// <summary>The mutation's payload object.</summary>
    public JsonElement Payload(string mutation) => Body.GetProperty("data").GetProperty(mutation);

    public override string ToString() => $"HTTP {Status}: {(Text.Length > 1500 ? Text[..1500] + "..." : Text)}";
}

/// <summary>One shop provisioned for a test: its location, a staff member, devices, drawers (device i uses drawer <c>DrawerOfDevice[i]</c>) and a token.</summary>
internal sealed record ProvisionedShop(string Id, string LocationId, string StaffId, string Token, IReadOnlyList<string> Devices, IReadOnlyList<string> Drawers, IReadOnlyList<int> DrawerOfDevice, string Currency)
{
    public string Escaped => Uri.EscapeDataString(Id);

    public string DrawerFor(int device) => Drawers[DrawerOfDevice[device]];
}

/// <summary>A plain HTTP client for a Till server at a base URL: Admin GraphQL, the control API, and provisioning through both.</summary>
internal sealed class TillWire : IDisposable
{
    public const string Open = "pointOfSaleDevicePaymentSessionOpen";
    public const string Adjust = "pointOfSaleDevicePaymentSessionAdjust";
    public const string Count = "pointOfSaleDevicePaymentSessionCount";
    public const string Close = "pointOfSaleDevicePaymentSessionClose";

    public const string OpenDocument = "mutation($d: ID!, $b: MoneyInput, $s: ID!, $n: String) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, balance: $b, staffMemberId: $s, note: $n) { pointOfSaleDevicePaymentSession { id } userErrors { field message code } } }";
    public const string AdjustDocument = "mutation($id: ID!, $c: MoneyInput!, $s: ID!, $n: String) { pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: $id, cash: $c, staffMemberId: $s, note: $n) { pointOfSaleDevicePaymentSession { id } userErrors { field message } } }";
    public const string CountDocument = "mutation($id: ID!, $b: MoneyInput!, $s: ID!, $n: String) { pointOfSaleDevicePaymentSessionCount(pointOfSaleDevicePaymentSessionId: $id, balance: $b, staffMemberId: $s, note: $n) { pointOfSaleDevicePaymentSession { id } userErrors { field message code } } }";
    public const string CloseDocument = "mutation($id: ID!, $b: MoneyInput!, $s: ID!, $n: String) { pointOfSaleDevicePaymentSessionClose(pointOfSaleDevicePaymentSessionId: $id, balance: $b, staffMemberId: $s, note: $n) { pointOfSaleDevicePaymentSession { id status expectedCashAtClose { amount } cashCountedAtClose { amount } closingAdjustment { amount } } userErrors { field message code } } }";

    public TillWire(string baseUrl, TimeSpan? timeout = null)
    {
        BaseUrl = baseUrl;
        Http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5), MaxConnectionsPerServer = 256 })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };
    }

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    public void Dispose() => Http.Dispose();

    public Task<Reply> GraphQLAsync(string token, string query, object? variables = null, string version = "2026-04") =>
        RawAsync(token, JsonSerializer.Serialize(new { query, variables }), version);

    public async Task<Reply> RawAsync(string? token, string body, string version = "2026-04")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/api/{version}/graphql.json")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Add("X-Shopify-Access-Token", token);
        }

        using var response = await Http.SendAsync(request);
        return await ReadAsync(response);
    }

    public async Task<Reply> ControlAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, "/till/v1" + path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        request.Headers.Add("Authorization", "Bearer " + TillProcess.AdminKey);
        using var response = await Http.SendAsync(request);
        return await ReadAsync(response);
    }

    /// <summary>A control API call that must answer <paramref name="expected"/>; returns its body.</summary>
    public async Task<JsonElement> ControlOkAsync(HttpMethod method, string path, object? body = null, int expected = 201)
    {
        var reply = await ControlAsync(method, path, body);
        reply.Status.ShouldBe(expected, reply.ToString());
        return reply.Body;
    }

    /// <summary>A GraphQL mutation that must succeed; returns its payload.</summary>
    public async Task<JsonElement> MutateOkAsync(string token, string mutation, string query, object variables)
    {
        var reply = await GraphQLAsync(token, query, variables);
        reply.Succeeded(mutation).ShouldBeTrue(reply.ToString());
        return reply.Payload(mutation);
    }

    public static async Task<Reply> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        JsonElement body = default;
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 256 });
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Left undefined: the caller decides whether a non-JSON answer is acceptable.
        }

        return new Reply((int)response.StatusCode, body, text);
    }

    /// <summary>
    /// Creates a shop with one location, one staff member, <paramref name="devices"/> devices and
    /// <paramref name="drawers"/> drawers (device i on drawer i mod drawers), and a token.
    /// </summary>
    public async Task<ProvisionedShop> ProvisionShopAsync(string name, int devices, int drawers, string currency = "USD", string[]? scopes = null)
    {
        var shop = (await ControlOkAsync(HttpMethod.Post, "/shops", new { name, currency })).GetProperty("id").GetString()!;
        var escaped = Uri.EscapeDataString(shop);
        var location = (await ControlOkAsync(HttpMethod.Post, $"/shops/{escaped}/locations", new { name = "Main" })).GetProperty("id").GetString()!;
        var staff = (await ControlOkAsync(HttpMethod.Post, $"/shops/{escaped}/staff", new { firstName = "Rel", lastName = "Iable", email = "rel@example.com" })).GetProperty("id").GetString()!;
        var token = (await ControlOkAsync(HttpMethod.Post, $"/shops/{escaped}/tokens", new { scopes = scopes ?? ["write_cash_tracking", "read_point_of_sale_devices"] })).GetProperty("token").GetString()!;
        var deviceIds = new List<string>();
        for (var i = 0; i < devices; i++)
        {
            deviceIds.Add((await ControlOkAsync(HttpMethod.Post, $"/shops/{escaped}/devices", new { locationId = location, name = $"Register {i + 1}" })).GetProperty("id").GetString()!);
        }

        var drawerIds = new List<string>();
        for (var i = 0; i < drawers; i++)
        {
            var payload = await MutateOkAsync(token, "cashDrawerCreate",
                "mutation($l: ID!, $n: String!) { cashDrawerCreate(locationId: $l, name: $n) { cashDrawer { id } userErrors { field message code } } }",
                new { l = location, n = $"Drawer {i + 1}" });
            drawerIds.Add(payload.GetProperty("cashDrawer").GetProperty("id").GetString()!);
        }

        var drawerOf = new List<int>();
        for (var i = 0; i < devices; i++)
        {
            drawerOf.Add(i % drawers);
            await MutateOkAsync(token, "pointOfSaleDeviceAssignToCashDrawer",
                "mutation($d: ID!, $p: ID!) { pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: $d, pointOfSaleDeviceId: $p) { userErrors { field message code } } }",
                new { d = drawerIds[i % drawers], p = deviceIds[i] });
        }

        return new ProvisionedShop(shop, location, staff, token, deviceIds, drawerIds, drawerOf, currency);
    }

    public Task<Reply> OpenAsync(ProvisionedShop shop, string deviceId, string balance, string note) =>
        GraphQLAsync(shop.Token, OpenDocument, new { d = deviceId, b = new { amount = balance, currencyCode = shop.Currency }, s = shop.StaffId, n = note });

    public Task<Reply> AdjustAsync(ProvisionedShop shop, string sessionId, string cash, string note) =>
        GraphQLAsync(shop.Token, AdjustDocument, new { id = sessionId, c = new { amount = cash, currencyCode = shop.Currency }, s = shop.StaffId, n = note });

    public Task<Reply> CountAsync(ProvisionedShop shop, string sessionId, string balance, string note) =>
        GraphQLAsync(shop.Token, CountDocument, new { id = sessionId, b = new { amount = balance, currencyCode = shop.Currency }, s = shop.StaffId, n = note });

    public Task<Reply> CloseAsync(ProvisionedShop shop, string sessionId, string balance, string note) =>
        GraphQLAsync(shop.Token, CloseDocument, new { id = sessionId, b = new { amount = balance, currencyCode = shop.Currency }, s = shop.StaffId, n = note });

    public Task<Reply> TransactionAsync(ProvisionedShop shop, string deviceId, string kind, string amount, string gateway = "cash") =>
        ControlAsync(HttpMethod.Post, $"/shops/{shop.Escaped}/transactions", new
        {
            deviceId,
            kind,
            gateway,
            amount = new { amount, currencyCode = shop.Currency },
            staffMemberId = shop.StaffId,
        });

    /// <summary>The device's open session, or null.</summary>
    public async Task<string?> ActiveSessionAsync(ProvisionedShop shop, string deviceId)
    {
        var reply = await GraphQLAsync(shop.Token, "query($id: ID!) { pointOfSaleDevice(id: $id) { activePaymentSession { id } } }", new { id = deviceId });
        reply.Status.ShouldBe(200, reply.ToString());
        reply.Body.TryGetProperty("errors", out _).ShouldBeFalse(reply.ToString());
        var session = reply.Body.GetProperty("data").GetProperty("pointOfSaleDevice").GetProperty("activePaymentSession");
        return session.ValueKind == JsonValueKind.Null ? null : session.GetProperty("id").GetString();
    }
}
