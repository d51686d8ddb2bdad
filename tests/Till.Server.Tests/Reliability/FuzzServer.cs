using System.Text.Json;
using Till.Testing;

namespace Till.Server.Tests.Reliability;

/// <summary>
/// The Till process the fuzz tests share: a real process (so that a crash is visible as a dead
/// process, not a dead test run), with a bucket large enough that throttling never decides an
/// answer, and three shops with sessions, transactions, adjustments and reason codes to aim at.
/// </summary>
public sealed class FuzzServer : IAsyncLifetime
{
    private TestDatabase? database;
    private TillProcess? process;

    internal TestDatabase Database => database!;

    internal TillProcess Process => process!;

    internal TillWire Wire { get; private set; } = null!;

    internal FuzzWorld World { get; } = new();

    public async Task InitializeAsync()
    {
        try
        {
            database = await TestDatabase.CreateAsync();
            process = await TillProcess.StartAsync(database.Url, extraArgs: ["--throttle-maximum", "100000000", "--throttle-restore-rate", "100000000"]);
            Wire = new TillWire(process.BaseUrl, TimeSpan.FromSeconds(30));
            for (var i = 0; i < 3; i++)
            {
                World.Shops.Add(await ProvisionAsync($"Fuzz {i}"));
            }

            var first = World.Shops[0].Shop;
            foreach (var scopes in new[] { Array.Empty<string>(), ["read_cash_tracking"], ["read_point_of_sale_devices"], ["write_cash_tracking"] })
            {
                World.WeakTokens.Add((await Wire.ControlOkAsync(HttpMethod.Post, $"/shops/{first.Escaped}/tokens", new { scopes })).GetProperty("token").GetString()!);
            }
        }
        catch
        {
            // xUnit does not dispose a fixture whose set-up failed: leave no process behind.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the process again if a test left it dead.</summary>
    internal async Task EnsureRunningAsync()
    {
        if (await Process.DiedAsync())
        {
            await Process.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        Wire?.Dispose();
        if (process is not null)
        {
            await process.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    private async Task<FuzzShop> ProvisionAsync(string name)
    {
        var shop = await Wire.ProvisionShopAsync(name, devices: 3, drawers: 2);
        var world = new FuzzShop(shop);
        foreach (var id in new[] { shop.Id, shop.LocationId, shop.StaffId }.Concat(shop.Devices).Concat(shop.Drawers))
        {
            world.Add(id);
        }

        // A closed session with an adjustment and a cash sale, and an open one on each other device.
        var closed = await OpenAsync(shop, 0, "100.00");
        await Wire.MutateOkAsync(shop.Token, TillWire.Adjust, TillWire.AdjustDocument, new { id = closed, c = new { amount = "-5.00", currencyCode = shop.Currency }, s = shop.StaffId, n = "fuzz" });
        var sale = await Wire.TransactionAsync(shop, shop.Devices[0], "SALE", "7.50");
        sale.Status.ShouldBe(201, sale.ToString());
        world.Add(sale.Body.GetProperty("id").GetString()!);
        await Wire.MutateOkAsync(shop.Token, TillWire.Close, TillWire.CloseDocument, new { id = closed, b = new { amount = "100.00", currencyCode = shop.Currency }, s = shop.StaffId, n = "fuzz" });
        world.Add(closed);
        for (var device = 1; device < shop.Devices.Count; device++)
        {
            world.Add(await OpenAsync(shop, device, "50.00"));
        }

        var code = await Wire.MutateOkAsync(shop.Token, "cashManagementReasonCodeCreate",
            "mutation($c: String!) { cashManagementReasonCodeCreate(code: $c) { reasonCode { id } userErrors { field message code } } }",
            new { c = "Fuzz code" });
        world.Add(code.GetProperty("reasonCode").GetProperty("id").GetString()!);

        var codes = await Wire.GraphQLAsync(shop.Token, "{ cashManagementReasonCodes(first: 50) { nodes { ... on CashManagementDefaultReasonCode { id } ... on CashManagementSystemReasonCode { id } } } }");
        foreach (var node in codes.Body.GetProperty("data").GetProperty("cashManagementReasonCodes").GetProperty("nodes").EnumerateArray())
        {
            if (node.TryGetProperty("id", out var id))
            {
                world.Add(id.GetString()!);
            }
        }

        var legacy = "gid://shopify/CashTrackingSession/" + LedgerAudit.Number(closed);
        world.Add(legacy);
        var adjustments = await Wire.GraphQLAsync(shop.Token, "query($id: ID!) { cashTrackingSession(id: $id) { adjustments(first: 5) { nodes { id } } } }", new { id = legacy });
        if (adjustments.Body.TryGetProperty("data", out var data) && data.GetProperty("cashTrackingSession").ValueKind == JsonValueKind.Object)
        {
            foreach (var node in data.GetProperty("cashTrackingSession").GetProperty("adjustments").GetProperty("nodes").EnumerateArray())
            {
                world.Add(node.GetProperty("id").GetString()!);
            }
        }

        return world;
    }

    private async Task<string> OpenAsync(ProvisionedShop shop, int device, string balance)
    {
        var payload = await Wire.MutateOkAsync(shop.Token, TillWire.Open, TillWire.OpenDocument, new { d = shop.Devices[device], b = new { amount = balance, currencyCode = shop.Currency }, s = shop.StaffId, n = "fuzz" });
        return payload.GetProperty("pointOfSaleDevicePaymentSession").GetProperty("id").GetString()!;
    }
}
