using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Till.LoadDriver;

/// <summary>What the simulated devices and readers share: the shop, its staff member, token and devices.</summary>
internal sealed record Fixture(string ShopId, string LocationId, string StaffId, string Token, IReadOnlyList<DeviceState> Devices);

/// <summary>One simulated device: its drawer, its open session and the drawer's book balance as the device expects it.</summary>
internal sealed class DeviceState(string deviceId, string drawerId)
{
    public string DeviceId { get; } = deviceId;

    public string DrawerId { get; } = drawerId;

    public string? SessionId { get; set; }

    /// <summary>The drawer's book balance in cents, tracked from what the device did.</summary>
    public long BalanceCents { get; set; }

    /// <summary>True until the drawer's first session (which sets up its float).</summary>
    public bool Fresh { get; set; } = true;
}

/// <summary>The outcome of one request: whether it did what it was meant to, and the answer to read IDs from.</summary>
internal readonly record struct Reply(bool Ok, JsonElement Data, string? Problem);

/// <summary>A server the driver can drive: Till (GraphQL + control API) or the hand-written baseline.</summary>
internal interface ITarget
{
    string HealthPath { get; }

    Task<Fixture> ProvisionAsync(int devices, CancellationToken cancellationToken);

    Task<Reply> OpenAsync(DeviceState device, string balance, CancellationToken cancellationToken);

    Task<Reply> SaleAsync(DeviceState device, string amount, CancellationToken cancellationToken);

    Task<Reply> AdjustAsync(DeviceState device, string cash, CancellationToken cancellationToken);

    Task<Reply> CountAsync(DeviceState device, string balance, CancellationToken cancellationToken);

    Task<Reply> CloseAsync(DeviceState device, string balance, CancellationToken cancellationToken);

    Task<Reply> ListSessionsAsync(int first, CancellationToken cancellationToken);

    Task<Reply> ReadDrawerAsync(string drawerId, CancellationToken cancellationToken);
}

/// <summary>HTTP plumbing shared by the targets: pooled keep-alive connections, JSON bodies written without reflection.</summary>
internal sealed class Http(string baseUrl, int connections) : IDisposable
{
    private readonly HttpClient client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = Math.Max(connections, 1),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
    })
    {
        BaseAddress = new Uri(baseUrl + "/"),
        Timeout = TimeSpan.FromSeconds(60),
    };

    public static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<(int Status, JsonDocument? Body)> SendAsync(HttpMethod method, string path, byte[]? body, (string Name, string Value)[] headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = Json;
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        JsonDocument? document = null;
        if (bytes.Length > 0)
        {
            try
            {
                document = JsonDocument.Parse(bytes);
            }
            catch (JsonException)
            {
                document = null;
            }
        }

        return ((int)response.StatusCode, document);
    }

    /// <summary>Writes a JSON object with a writer callback.</summary>
    public static byte[] Body(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Money(Utf8JsonWriter writer, string name, string amount)
    {
        writer.WriteStartObject(name);
        writer.WriteString("amount", amount);
        writer.WriteString("currencyCode", "USD");
        writer.WriteEndObject();
    }

    public void Dispose() => client.Dispose();
}

/// <summary>Till itself: provisioning and sales through the control API, the ledger through Admin GraphQL.</summary>
internal sealed class TillTarget(Http http, Options options) : ITarget
{
    private const string OpenQuery = "mutation Open($device: ID!, $staff: ID!, $balance: MoneyInput!) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $device, staffMemberId: $staff, balance: $balance) { pointOfSaleDevicePaymentSession { id status } userErrors { field message code } } }";
    private const string AdjustQuery = "mutation Adjust($session: ID!, $staff: ID!, $cash: MoneyInput!) { pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: $session, staffMemberId: $staff, cash: $cash, note: \"bank run\") { pointOfSaleDevicePaymentSession { id } userErrors { field message } } }";
    private const string CountQuery = "mutation Count($session: ID!, $staff: ID!, $balance: MoneyInput!) { pointOfSaleDevicePaymentSessionCount(pointOfSaleDevicePaymentSessionId: $session, staffMemberId: $staff, balance: $balance) { pointOfSaleDevicePaymentSession { id } userErrors { field message code } } }";
    private const string CloseQuery = "mutation Close($session: ID!, $staff: ID!, $balance: MoneyInput!) { pointOfSaleDevicePaymentSessionClose(pointOfSaleDevicePaymentSessionId: $session, staffMemberId: $staff, balance: $balance) { pointOfSaleDevicePaymentSession { id status expectedCashAtClose { amount } closingAdjustment { amount } } userErrors { field message code } } }";
    private const string ListQuery = "query Sessions($first: Int!) { pointOfSaleDevicePaymentSessions(first: $first, reverse: true) { nodes { id status openingTime closingTime cashCountedAtOpen { amount } closingAdjustment { amount } } pageInfo { hasNextPage endCursor } } }";
    private const string DrawerQuery = "query Drawer($id: ID!) { cashDrawer(id: $id) { id name location { id name } pointOfSaleDevices(first: 5) { nodes { id } } cashActivities(first: 10, reverse: true) { nodes { time cash { amount } } } } }";
    private const string CreateDrawerQuery = "mutation CreateDrawer($location: ID!, $name: String!) { cashDrawerCreate(locationId: $location, name: $name) { cashDrawer { id } userErrors { field message code } } }";
    private const string AssignQuery = "mutation Assign($drawer: ID!, $device: ID!) { pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: $drawer, pointOfSaleDeviceId: $device) { pointOfSaleDevice { id } userErrors { field message code } } }";

    private static readonly string[] Scopes = ["read_cash_tracking", "write_cash_tracking", "read_point_of_sale_devices", "write_point_of_sale_devices", "read_orders"];

    private string shopPath = string.Empty;
    private string staffId = string.Empty;
    private (string, string)[] tokenHeader = [];
    private readonly (string, string)[] adminHeader = [("Authorization", "Bearer " + options.AdminKey)];
    private readonly string graphqlPath = $"admin/api/{options.ApiVersion}/graphql.json";

    public string HealthPath => "till/v1/health";

    public async Task<Fixture> ProvisionAsync(int devices, CancellationToken cancellationToken)
    {
        var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var shop = options.Shop;
        if (shop is null)
        {
            var created = await ControlAsync("till/v1/shops", Http.Body(w => { w.WriteString("name", "Bench shop " + run); w.WriteString("currency", "USD"); }), cancellationToken);
            shop = created.GetProperty("id").GetString()!;
        }

        shopPath = "till/v1/shops/" + Uri.EscapeDataString(shop);
        var location = (await ControlAsync(shopPath + "/locations", Http.Body(w => w.WriteString("name", "Bench location " + run)), cancellationToken)).GetProperty("id").GetString()!;
        staffId = (await ControlAsync(shopPath + "/staff", Http.Body(w => { w.WriteString("firstName", "Bench"); w.WriteString("lastName", "Staff"); w.WriteString("email", $"bench-{run}@example.com"); }), cancellationToken)).GetProperty("id").GetString()!;
        var token = options.Token;
        if (token is null)
        {
            var created = await ControlAsync(shopPath + "/tokens", Http.Body(w =>
            {
                w.WriteStartArray("scopes");
                foreach (var scope in Scopes)
                {
                    w.WriteStringValue(scope);
                }

                w.WriteEndArray();
            }), cancellationToken);
            token = created.GetProperty("token").GetString()!;
        }

        tokenHeader = [("X-Shopify-Access-Token", token)];
        var list = new List<DeviceState>();
        for (var i = 0; i < devices; i++)
        {
            var device = (await ControlAsync(shopPath + "/devices", Http.Body(w => { w.WriteString("locationId", location); w.WriteString("name", $"Bench register {i + 1}"); }), cancellationToken)).GetProperty("id").GetString()!;
            var name = $"Bench drawer {run}-{i + 1}";
            var drawerReply = await GraphQLAsync(CreateDrawerQuery, "cashDrawerCreate", w => { w.WriteString("location", location); w.WriteString("name", name); }, cancellationToken);
            if (!drawerReply.Ok)
            {
                throw new InvalidOperationException("cashDrawerCreate failed: " + drawerReply.Problem);
            }

            var drawer = drawerReply.Data.GetProperty("cashDrawer").GetProperty("id").GetString()!;
            var assigned = await GraphQLAsync(AssignQuery, "pointOfSaleDeviceAssignToCashDrawer", w => { w.WriteString("drawer", drawer); w.WriteString("device", device); }, cancellationToken);
            if (!assigned.Ok)
            {
                throw new InvalidOperationException("pointOfSaleDeviceAssignToCashDrawer failed: " + assigned.Problem);
            }

            list.Add(new DeviceState(device, drawer));
        }

        return new Fixture(shop, location, staffId, token, list);
    }

    public async Task<Reply> OpenAsync(DeviceState device, string balance, CancellationToken cancellationToken)
    {
        var reply = await GraphQLAsync(OpenQuery, "pointOfSaleDevicePaymentSessionOpen", w =>
        {
            w.WriteString("device", device.DeviceId);
            w.WriteString("staff", staffId);
            Http.Money(w, "balance", balance);
        }, cancellationToken);
        if (reply.Ok)
        {
            device.SessionId = reply.Data.GetProperty("pointOfSaleDevicePaymentSession").GetProperty("id").GetString();
        }

        return reply;
    }

    public async Task<Reply> SaleAsync(DeviceState device, string amount, CancellationToken cancellationToken)
    {
        var body = Http.Body(w =>
        {
            w.WriteString("deviceId", device.DeviceId);
            w.WriteString("kind", "SALE");
            w.WriteString("gateway", "cash");
            Http.Money(w, "amount", amount);
            w.WriteString("staffMemberId", staffId);
        });
        var (status, document) = await http.SendAsync(HttpMethod.Post, shopPath + "/transactions", body, adminHeader, cancellationToken);
        using (document)
        {
            return status == 201 ? new Reply(true, default, null) : new Reply(false, default, $"HTTP {status}: {document?.RootElement.GetRawText()}");
        }
    }

    public Task<Reply> AdjustAsync(DeviceState device, string cash, CancellationToken cancellationToken) =>
        GraphQLAsync(AdjustQuery, "pointOfSaleDevicePaymentSessionAdjust", w => { w.WriteString("session", device.SessionId); w.WriteString("staff", staffId); Http.Money(w, "cash", cash); }, cancellationToken);

    public Task<Reply> CountAsync(DeviceState device, string balance, CancellationToken cancellationToken) =>
        GraphQLAsync(CountQuery, "pointOfSaleDevicePaymentSessionCount", w => { w.WriteString("session", device.SessionId); w.WriteString("staff", staffId); Http.Money(w, "balance", balance); }, cancellationToken);

    public Task<Reply> CloseAsync(DeviceState device, string balance, CancellationToken cancellationToken) =>
        GraphQLAsync(CloseQuery, "pointOfSaleDevicePaymentSessionClose", w => { w.WriteString("session", device.SessionId); w.WriteString("staff", staffId); Http.Money(w, "balance", balance); }, cancellationToken);

    public Task<Reply> ListSessionsAsync(int first, CancellationToken cancellationToken) =>
        GraphQLAsync(ListQuery, "pointOfSaleDevicePaymentSessions", w => w.WriteNumber("first", first), cancellationToken);

    public Task<Reply> ReadDrawerAsync(string drawerId, CancellationToken cancellationToken) =>
        GraphQLAsync(DrawerQuery, "cashDrawer", w => w.WriteString("id", drawerId), cancellationToken);

    private async Task<Reply> GraphQLAsync(string query, string field, Action<Utf8JsonWriter> variables, CancellationToken cancellationToken)
    {
        var body = Http.Body(w =>
        {
            w.WriteString("query", query);
            w.WriteStartObject("variables");
            variables(w);
            w.WriteEndObject();
        });
        var (status, document) = await http.SendAsync(HttpMethod.Post, graphqlPath, body, tokenHeader, cancellationToken);
        using (document)
        {
            if (status != 200 || document is null)
            {
                return new Reply(false, default, $"HTTP {status}: {document?.RootElement.GetRawText()}");
            }

            var root = document.RootElement;
            if (root.TryGetProperty("errors", out _) || !root.TryGetProperty("data", out var data) || !data.TryGetProperty(field, out var payload) || payload.ValueKind == JsonValueKind.Null)
            {
                return new Reply(false, default, root.GetRawText());
            }

            if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("userErrors", out var userErrors) && userErrors.GetArrayLength() > 0)
            {
                return new Reply(false, default, userErrors.GetRawText());
            }

            return new Reply(true, payload.Clone(), null);
        }
    }

    private async Task<JsonElement> ControlAsync(string path, byte[] body, CancellationToken cancellationToken)
    {
        var (status, document) = await http.SendAsync(HttpMethod.Post, path, body, adminHeader, cancellationToken);
        using (document)
        {
            if (status is not (200 or 201) || document is null)
            {
                throw new InvalidOperationException($"POST /{path} answered HTTP {status}: {document?.RootElement.GetRawText()}");
            }

            return document.RootElement.Clone();
        }
    }
}

/// <summary>The hand-written baseline (bench/Till.Baseline): the same steps as plain JSON endpoints.</summary>
internal sealed class BaselineTarget(Http http, Options options) : ITarget
{
    private string shopPath = string.Empty;
    private string staffId = string.Empty;
    private (string, string)[] tokenHeader = [];
    private readonly (string, string)[] adminHeader = [("Authorization", "Bearer " + options.AdminKey)];

    public string HealthPath => "baseline/health";

    public async Task<Fixture> ProvisionAsync(int devices, CancellationToken cancellationToken)
    {
        var body = Http.Body(w =>
        {
            w.WriteNumber("devices", devices);
            if (options.Shop is { } shop)
            {
                w.WriteString("shop", shop);
            }
        });
        var (status, document) = await http.SendAsync(HttpMethod.Post, "baseline/setup", body, adminHeader, cancellationToken);
        using (document)
        {
            if (status != 201 || document is null)
            {
                throw new InvalidOperationException($"POST /baseline/setup answered HTTP {status}: {document?.RootElement.GetRawText()}");
            }

            var root = document.RootElement;
            var shopId = root.GetProperty("shop").GetString()!;
            shopPath = "baseline/shops/" + shopId;
            staffId = root.GetProperty("staff").GetString()!;
            var token = options.Token ?? root.GetProperty("token").GetString()!;
            tokenHeader = [("X-Token", token)];
            var list = root.GetProperty("devices").EnumerateArray().Select(d => new DeviceState(d.GetProperty("device").GetString()!, d.GetProperty("drawer").GetString()!)).ToList();
            return new Fixture(shopId, root.GetProperty("location").GetString()!, staffId, token, list);
        }
    }

    public async Task<Reply> OpenAsync(DeviceState device, string balance, CancellationToken cancellationToken)
    {
        var reply = await PostAsync(shopPath + "/sessions", w => { w.WriteString("deviceId", device.DeviceId); w.WriteString("staffId", staffId); Http.Money(w, "balance", balance); }, tokenHeader, cancellationToken);
        if (reply.Ok)
        {
            device.SessionId = reply.Data.GetProperty("id").GetString();
        }

        return reply;
    }

    public Task<Reply> SaleAsync(DeviceState device, string amount, CancellationToken cancellationToken) =>
        PostAsync(shopPath + "/transactions", w =>
        {
            w.WriteString("deviceId", device.DeviceId);
            w.WriteString("kind", "SALE");
            w.WriteString("gateway", "cash");
            Http.Money(w, "amount", amount);
            w.WriteString("staffMemberId", staffId);
        }, adminHeader, cancellationToken);

    public Task<Reply> AdjustAsync(DeviceState device, string cash, CancellationToken cancellationToken) =>
        PostAsync($"{shopPath}/sessions/{device.SessionId}/adjust", w => { w.WriteString("staffId", staffId); Http.Money(w, "cash", cash); w.WriteString("note", "bank run"); }, tokenHeader, cancellationToken);

    public Task<Reply> CountAsync(DeviceState device, string balance, CancellationToken cancellationToken) =>
        PostAsync($"{shopPath}/sessions/{device.SessionId}/count", w => { w.WriteString("staffId", staffId); Http.Money(w, "balance", balance); }, tokenHeader, cancellationToken);

    public Task<Reply> CloseAsync(DeviceState device, string balance, CancellationToken cancellationToken) =>
        PostAsync($"{shopPath}/sessions/{device.SessionId}/close", w => { w.WriteString("staffId", staffId); Http.Money(w, "balance", balance); }, tokenHeader, cancellationToken);

    public Task<Reply> ListSessionsAsync(int first, CancellationToken cancellationToken) =>
        GetAsync($"{shopPath}/sessions?first={first.ToString(CultureInfo.InvariantCulture)}", cancellationToken);

    public Task<Reply> ReadDrawerAsync(string drawerId, CancellationToken cancellationToken) =>
        GetAsync($"{shopPath}/drawers/{drawerId}", cancellationToken);

    private async Task<Reply> PostAsync(string path, Action<Utf8JsonWriter> write, (string, string)[] headers, CancellationToken cancellationToken)
    {
        var (status, document) = await http.SendAsync(HttpMethod.Post, path, Http.Body(write), headers, cancellationToken);
        using (document)
        {
            return status is 200 or 201 && document is not null
                ? new Reply(true, document.RootElement.Clone(), null)
                : new Reply(false, default, $"HTTP {status}: {document?.RootElement.GetRawText()}");
        }
    }

    private async Task<Reply> GetAsync(string path, CancellationToken cancellationToken)
    {
        var (status, document) = await http.SendAsync(HttpMethod.Get, path, null, tokenHeader, cancellationToken);
        using (document)
        {
            return status == 200 ? new Reply(true, default, null) : new Reply(false, default, $"HTTP {status}: {document?.RootElement.GetRawText()}");
        }
    }
}

/// <summary>Money as the API takes it: cents to "12.50".</summary>
internal static class Cents
{
    public static string Format(long cents)
    {
        var sign = cents < 0 ? "-" : string.Empty;
        var abs = Math.Abs(cents);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{abs / 100}.{abs % 100:00}");
    }
}
