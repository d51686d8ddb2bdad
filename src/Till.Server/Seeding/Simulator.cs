using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Till.Money;

namespace Till.Server.Seeding;

/// <summary>What <c>till simulate</c> does.</summary>
internal sealed record SimulationPlan(Uri Url, string AdminKey, string Shop, int Devices, double Rate, int SalesPerSession, TimeSpan? Duration, int? Sessions, int Seed);

/// <summary>What a simulation did.</summary>
internal sealed record SimulationResult(int SessionsClosed, int Transactions, int Adjustments, int Counts, TimeSpan Elapsed);

/// <summary>
/// Live traffic against a running Till, the way point-of-sale devices make it: through the control
/// API it adds a location, a staff member, devices and a token to an existing shop; through the
/// Admin API each device gets a drawer, then loops: open a session (GraphQL), sell through the
/// control API's transactions (cash with change, card, now and then a cash refund), pay out once,
/// count mid-shift, and close (GraphQL), sometimes a little short. The devices together send
/// <see cref="SimulationPlan.Rate"/> transactions a second.
/// </summary>
internal sealed class Simulator(SimulationPlan plan, HttpClient http, Action<string> log)
{
    private const string Version = "2026-04";
    private static readonly string[] Scopes = ["read_cash_tracking", "write_cash_tracking", "read_point_of_sale_devices", "write_point_of_sale_devices"];

    private int closed;
    private int transactions;
    private int adjustments;
    private int counts;
    private string token = string.Empty;
    private string currency = "USD";
    private string staff = string.Empty;

    public async Task<SimulationResult> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var shop = Uri.EscapeDataString(plan.Shop);
        var stamp = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var location = await ControlAsync($"/shops/{shop}/locations", new { name = $"Simulated {stamp}" }, cancellationToken).ConfigureAwait(false);
        currency = location["currency"]!.GetValue<string>();
        staff = (await ControlAsync($"/shops/{shop}/staff", new { firstName = "Sim", lastName = "Ulator", email = $"sim.{stamp}@simulated.example" }, cancellationToken).ConfigureAwait(false))["id"]!.GetValue<string>();
        token = (await ControlAsync($"/shops/{shop}/tokens", new { scopes = Scopes }, cancellationToken).ConfigureAwait(false))["token"]!.GetValue<string>();
        var devices = new List<string>();
        for (var d = 0; d < plan.Devices; d++)
        {
            var device = (await ControlAsync($"/shops/{shop}/devices", new { locationId = location["id"]!.GetValue<string>(), name = $"Simulated register {d + 1}" }, cancellationToken).ConfigureAwait(false))["id"]!.GetValue<string>();
            var drawer = (await GraphQLAsync(
                "mutation($l: ID!, $n: String!) { cashDrawerCreate(locationId: $l, name: $n) { cashDrawer { id } userErrors { field message } } }",
                new { l = location["id"]!.GetValue<string>(), n = $"Simulated drawer {stamp}-{d + 1}" }, "cashDrawerCreate", cancellationToken).ConfigureAwait(false))["cashDrawer"]!["id"]!.GetValue<string>();
            await GraphQLAsync(
                "mutation($d: ID!, $p: ID!) { pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: $d, pointOfSaleDeviceId: $p) { pointOfSaleDevice { id } userErrors { field message } } }",
                new { d = drawer, p = device }, "pointOfSaleDeviceAssignToCashDrawer", cancellationToken).ConfigureAwait(false);
            devices.Add(device);
        }

        log($"simulating {plan.Devices} devices at {location["id"]} ({plan.Rate.ToString(CultureInfo.InvariantCulture)} transactions/s in all), token {token}");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (plan.Duration is { } duration)
        {
            stop.CancelAfter(duration);
        }

        var loops = devices.Select((device, i) => DeviceAsync(device, new Random(plan.Seed + i), stop)).ToArray();
        await Task.WhenAll(loops).ConfigureAwait(false);
        return new SimulationResult(closed, transactions, adjustments, counts, DateTime.UtcNow - started);
    }

    private async Task DeviceAsync(string device, Random random, CancellationTokenSource stop)
    {
        var pause = TimeSpan.FromSeconds(plan.Devices / plan.Rate);
        var first = true;
        while (!stop.IsCancellationRequested)
        {
            // Open: the first session sets up a float; later ones take over what the drawer holds.
            var open = await GraphQLAsync(
                "mutation($d: ID!, $b: MoneyInput, $s: ID!) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, balance: $b, staffMemberId: $s) { pointOfSaleDevicePaymentSession { id cashCountedAtOpen { amount } } userErrors { field message } } }",
                new { d = device, b = first ? Money(100m) : null, s = staff }, "pointOfSaleDevicePaymentSessionOpen", CancellationToken.None).ConfigureAwait(false);
            first = false;
            var session = open["pointOfSaleDevicePaymentSession"]!["id"]!.GetValue<string>();
            var balance = decimal.Parse(open["pointOfSaleDevicePaymentSession"]!["cashCountedAtOpen"]!["amount"]!.GetValue<string>(), CultureInfo.InvariantCulture);

            // Sales until the session has its share, or the simulation is over.
            for (var i = 0; i < plan.SalesPerSession && !stop.IsCancellationRequested; i++)
            {
                try
                {
                    await Task.Delay(pause, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                var price = Math.Round((decimal)(2 + (random.NextDouble() * 60)), 2);
                if (random.Next(100) < 40)
                {
                    await SellAsync(device, "SALE", "shopify_payments", price).ConfigureAwait(false);
                }
                else if (random.Next(100) < 6 && balance >= price)
                {
                    await SellAsync(device, "REFUND", "cash", price).ConfigureAwait(false);
                    balance -= price;
                }
                else
                {
                    var tendered = random.Next(100) < 60 ? Math.Ceiling(price / 10m) * 10m : price;
                    await SellAsync(device, "SALE", "cash", tendered).ConfigureAwait(false);
                    balance += tendered;
                    if (tendered > price)
                    {
                        await SellAsync(device, "CHANGE", "cash", tendered - price).ConfigureAwait(false);
                        balance -= tendered - price;
                    }
                }

                if (i == plan.SalesPerSession / 2)
                {
                    var payout = Math.Min(10m, Math.Floor(balance));
                    if (payout > 0)
                    {
                        await GraphQLAsync(
                            "mutation($id: ID!, $c: MoneyInput!, $s: ID!, $n: String) { pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: $id, cash: $c, staffMemberId: $s, note: $n) { pointOfSaleDevicePaymentSession { id } userErrors { field message } } }",
                            new { id = session, c = Money(-payout), s = staff, n = "simulated pay-out" }, "pointOfSaleDevicePaymentSessionAdjust", CancellationToken.None).ConfigureAwait(false);
                        Interlocked.Increment(ref adjustments);
                        balance -= payout;
                    }

                    await CountAsync("pointOfSaleDevicePaymentSessionCount", session, balance).ConfigureAwait(false);
                }
            }

            // Close: mostly exact, sometimes a little short.
            var counted = random.Next(10) < 7 ? balance : Math.Max(0, balance - Math.Round((decimal)random.NextDouble() * 3, 2));
            await CountAsync("pointOfSaleDevicePaymentSessionClose", session, counted).ConfigureAwait(false);
            var done = Interlocked.Increment(ref closed);
            log(string.Create(CultureInfo.InvariantCulture, $"closed {session} on {device}: expected {balance}, counted {counted}"));
            if (plan.Sessions is { } limit && done >= limit)
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task CountAsync(string mutation, string session, decimal balance)
    {
        await GraphQLAsync(
            $"mutation($id: ID!, $b: MoneyInput!, $s: ID!) {{ {mutation}(pointOfSaleDevicePaymentSessionId: $id, balance: $b, staffMemberId: $s) {{ pointOfSaleDevicePaymentSession {{ id }} userErrors {{ field message }} }} }}",
            new { id = session, b = Money(balance), s = staff }, mutation, CancellationToken.None).ConfigureAwait(false);
        Interlocked.Increment(ref counts);
    }

    private async Task SellAsync(string device, string kind, string gateway, decimal amount)
    {
        await ControlAsync($"/shops/{Uri.EscapeDataString(plan.Shop)}/transactions", new { deviceId = device, kind, gateway, amount = Money(amount), staffMemberId = staff }, CancellationToken.None).ConfigureAwait(false);
        Interlocked.Increment(ref transactions);
    }

    private object Money(decimal amount) =>
        new { amount = amount.ToString("F" + Currency.MinorUnits(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), currencyCode = currency };

    private async Task<JsonNode> ControlAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(plan.Url, "/till/v1" + path)) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", plan.AdminKey);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new SimulationException($"POST /till/v1{path} answered {(int)response.StatusCode}: {OneLine(text)}");
        }

        return JsonNode.Parse(text)!;
    }

    private async Task<JsonNode> GraphQLAsync(string query, object variables, string mutation, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(plan.Url, $"/admin/api/{Version}/graphql.json")) { Content = JsonContent.Create(new { query, variables }) };
        request.Headers.Add("X-Shopify-Access-Token", token);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var payload = response.IsSuccessStatusCode ? JsonNode.Parse(text)?["data"]?[mutation] : null;
        if (payload is null || payload["userErrors"] is JsonArray { Count: > 0 })
        {
            throw new SimulationException($"{mutation} answered {(int)response.StatusCode}: {OneLine(payload?["userErrors"]?.ToJsonString() ?? text)}");
        }

        return payload;
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length > 300 ? line[..300] + "..." : line;
    }
}

/// <summary>A request of the simulation that Till refused, described in one line.</summary>
internal sealed class SimulationException(string message) : Exception(message);
