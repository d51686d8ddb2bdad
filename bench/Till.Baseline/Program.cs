using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Till.Baseline;

// The hand-written baseline: the same database work as Till's open, sale, adjust, count and close
// (and the readers' list and drawer reads), on Till's schema, without GraphQL, DI use cases or a
// unit-of-work layer. bench/Till.LoadDriver --target baseline drives it.
var urls = "http://127.0.0.1:5090";
var database = "baseline.db";
var adminKey = "bench-admin-key";
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--urls": urls = args[i + 1]; break;
        case "--database": database = args[i + 1]; break;
        case "--admin-key": adminKey = args[i + 1]; break;
        default: Console.Error.WriteLine($"Unknown option {args[i]}; options: --urls URL --database FILE|postgres://... --admin-key KEY"); return 2;
    }
}

using var db = await Db.OpenAsync(database);
var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls(urls);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
var ledger = new Ledger(db);

app.MapGet("/baseline/health", () => Results.Json(new { status = "ok", database = db.Kind }));

app.MapPost("/baseline/setup", async (HttpRequest request) =>
{
    if (!IsAdmin(request))
    {
        return Results.StatusCode(401);
    }

    using var body = await JsonDocument.ParseAsync(request.Body);
    var devices = body.RootElement.GetProperty("devices").GetInt32();
    long? shop = body.RootElement.TryGetProperty("shop", out var s) ? Ledger.IdOf(s.GetString()) : null;
    var token = "bench_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    var setup = await ledger.SetupAsync(shop, devices, Hash(token));
    return Results.Json(new
    {
        shop = Text(setup.Shop),
        location = Text(setup.Location),
        staff = Text(setup.Staff),
        token,
        devices = setup.Devices.Select(d => new { device = Text(d.Device), drawer = Text(d.Drawer) }),
    }, statusCode: 201);
});

app.MapPost("/baseline/shops/{shop}/sessions", async (string shop, HttpRequest request) =>
{
    if (await ShopOfTokenAsync(request) != Ledger.IdOf(shop))
    {
        return Results.StatusCode(401);
    }

    using var body = await JsonDocument.ParseAsync(request.Body);
    var root = body.RootElement;
    var outcome = await ledger.OpenAsync(Ledger.IdOf(shop)!.Value, Ledger.IdOf(root.GetProperty("deviceId").GetString())!.Value, Ledger.IdOf(root.GetProperty("staffId").GetString())!.Value, Ledger.Thousandths(root.GetProperty("balance")));
    return outcome.Id is { } id ? Results.Json(new { id = Text(id), status = "OPEN" }, statusCode: 201) : Results.Json(new { error = outcome.Error }, statusCode: 422);
});

app.MapPost("/baseline/shops/{shop}/transactions", async (string shop, HttpRequest request) =>
{
    if (!IsAdmin(request))
    {
        return Results.StatusCode(401);
    }

    using var body = await JsonDocument.ParseAsync(request.Body);
    var root = body.RootElement;
    var outcome = await ledger.SaleAsync(Ledger.IdOf(shop)!.Value, Ledger.IdOf(root.GetProperty("deviceId").GetString())!.Value, root.GetProperty("kind").GetString()!,
        root.GetProperty("gateway").GetString()!, Ledger.Thousandths(root.GetProperty("amount")), Ledger.IdOf(root.GetProperty("staffMemberId").GetString())!.Value);
    return outcome.Id is { } id ? Results.Json(new { id = Text(id), paymentSessionId = Text(outcome.Session) }, statusCode: 201) : Results.Json(new { error = outcome.Error }, statusCode: 409);
});

app.MapPost("/baseline/shops/{shop}/sessions/{session}/{step}", async (string shop, string session, string step, HttpRequest request) =>
{
    if (await ShopOfTokenAsync(request) != Ledger.IdOf(shop))
    {
        return Results.StatusCode(401);
    }

    using var body = await JsonDocument.ParseAsync(request.Body);
    var root = body.RootElement;
    var shopId = Ledger.IdOf(shop)!.Value;
    var sessionId = Ledger.IdOf(session) ?? 0;
    var staffId = Ledger.IdOf(root.GetProperty("staffId").GetString())!.Value;
    var outcome = step switch
    {
        "adjust" => await ledger.AdjustAsync(shopId, sessionId, staffId, Ledger.Thousandths(root.GetProperty("cash")), root.TryGetProperty("note", out var n) ? n.GetString() : null),
        "count" => await ledger.CountOrCloseAsync(shopId, sessionId, staffId, Ledger.Thousandths(root.GetProperty("balance")), closing: false),
        "close" => await ledger.CountOrCloseAsync(shopId, sessionId, staffId, Ledger.Thousandths(root.GetProperty("balance")), closing: true),
        _ => new Outcome(null, 0, "unknown step"),
    };
    return outcome.Id is not null ? Results.Json(new { id = Text(sessionId), adjustment = outcome.Session }) : Results.Json(new { error = outcome.Error }, statusCode: 422);
});

app.MapGet("/baseline/shops/{shop}/sessions", async (string shop, int first, HttpRequest request) =>
{
    var shopId = Ledger.IdOf(shop);
    if (await ShopOfTokenAsync(request) != shopId)
    {
        return Results.StatusCode(401);
    }

    var rows = await ledger.ListSessionsAsync(shopId!.Value, Math.Clamp(first, 1, 250));
    return Results.Json(new
    {
        nodes = rows.Take(first).Select(r => new
        {
            id = Text(r.Id),
            status = r.Status,
            openingTime = Time(r.OpeningTime),
            closingTime = r.ClosingTime is { } c ? Time(c) : null,
            cashCountedAtOpen = new { amount = Ledger.Amount(r.CountedAtOpen) },
            closingAdjustment = r.ClosingAdjustment is { } a ? new { amount = Ledger.Amount(a) } : null,
        }),
        pageInfo = new { hasNextPage = rows.Count > first, endCursor = rows.Count > 0 ? Text(rows[Math.Min(first, rows.Count) - 1].Id) : null },
    });
});

app.MapGet("/baseline/shops/{shop}/drawers/{drawer}", async (string shop, string drawer, HttpRequest request) =>
{
    var shopId = Ledger.IdOf(shop);
    if (await ShopOfTokenAsync(request) != shopId)
    {
        return Results.StatusCode(401);
    }

    var view = await ledger.ReadDrawerAsync(shopId!.Value, Ledger.IdOf(drawer) ?? 0);
    return view is null ? Results.Json(new { error = "not found" }, statusCode: 404) : Results.Json(new
    {
        id = Text(view.Id),
        name = view.Name,
        location = new { id = Text(view.LocationId), name = view.LocationName },
        pointOfSaleDevices = new { nodes = view.Devices.Select(d => new { id = Text(d) }) },
        cashActivities = new { nodes = view.Activities.Select(a => new { time = Time(a.Time), cash = new { amount = Ledger.Amount(a.Cash) } }) },
    });
});

await app.RunAsync();
return 0;

bool IsAdmin(HttpRequest request) =>
    CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(request.Headers.Authorization.ToString()), Encoding.UTF8.GetBytes("Bearer " + adminKey));

async Task<long?> ShopOfTokenAsync(HttpRequest request)
{
    var token = request.Headers["X-Token"].ToString();
    return token.Length == 0 ? null : await ledger.ShopOfTokenAsync(Hash(token));
}

static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

static string Time(long ticks) => new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
