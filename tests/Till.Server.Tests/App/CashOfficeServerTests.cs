using System.Globalization;
using System.Net;
using System.Text.Json;
using Till.Server.Cli;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.App;

/// <summary>
/// What the cash office app needs of the server: the Z report files at their URL with the Admin
/// API's access rules, the refusal of a manager's action to a cashier's token, the session search
/// terms of its filters, and <c>till staff pin</c>.
/// </summary>
public sealed class CashOfficeServerTests : IAsyncLifetime
{
    private static readonly string[] WriteCash = ["write_cash_tracking"];
    private static readonly string[] ReadLocations = ["read_locations"];

    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Add("X-Shopify-Access-Token", token);
        }

        return await server.Http.SendAsync(request);
    }

    private static string ReportPath(string format, string locationId, string? date = null) =>
        $"/admin/api/till/reports/z-report.{format}?locationId={Uri.EscapeDataString(locationId)}&date={date ?? Today}";

    /// <summary>A shop whose session opened with 100.00, paid out 20.00 and closed at 78.00: 2.00 short.</summary>
    private async Task<(TestShop Shop, string SessionId)> ShortDayAsync()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");
        (await shop.AdjustPayloadAsync(session, "-20.00", note: "milk")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        (await shop.ClosePayloadAsync(session, "78.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        return (shop, session);
    }

    private async Task<string> CashierTokenAsync(TestShop shop) => (await CashierAsync(shop)).Token;

    /// <summary>A new cashier of the shop and a write_cash_tracking token acting as them.</summary>
    private async Task<(string Id, string Token)> CashierAsync(TestShop shop)
    {
        var s = Uri.EscapeDataString(shop.ShopId);
        var cashier = (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{s}/staff", new { firstName = "Cas", lastName = "Hier", email = $"c-{Guid.NewGuid():N}@example.com" })).GetProperty("id").GetString()!;
        var token = (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{s}/tokens", new { scopes = WriteCash, staffMemberId = cashier })).GetProperty("token").GetString()!;
        return (cashier, token);
    }

    private static async Task<string> CodeOfAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task ZReport_Csv_HasTheDaysTotals_AndThePdfIsAPdf()
    {
        var (shop, _) = await ShortDayAsync();

        using var csv = await GetAsync(ReportPath("csv", shop.LocationId), shop.Token);
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var rows = (await csv.Content.ReadAsStringAsync()).TrimEnd().Split("\r\n").Select(l => l.Split(',')).ToList();
        var header = rows[0];
        string Cell(string record, string column) => rows.First(r => r[0] == record)[Array.IndexOf(header, column)];
        Cell("TOTAL", "opening_float").ShouldBe("100.00");
        Cell("TOTAL", "pay_outs").ShouldBe("-20.00");
        Cell("TOTAL", "expected").ShouldBe("80.00");
        Cell("TOTAL", "counted").ShouldBe("78.00");
        Cell("TOTAL", "discrepancy").ShouldBe("-2.00");
        Cell("MOVEMENT", "id").ShouldBe("PAY_OUT");
        rows.Count(r => r[0] == "SESSION").ShouldBe(1);

        // The drawer's ledger head, as the till version's CashDrawer.tillLedgerHead says it.
        var ledger = (await shop.GraphQLAsync("query($d: ID!) { cashDrawer(id: $d) { tillLedgerHead tillLedgerVerification { activityCount } } }", new { d = shop.DrawerId }, "till"))
            .GetProperty("data").GetProperty("cashDrawer");
        var head = ledger.GetProperty("tillLedgerHead").GetString();
        head.ShouldNotBeNullOrEmpty();
        var drawer = rows.Single(r => r[0] == "DRAWER");
        drawer[1].ShouldBe(shop.DrawerId);
        drawer[Array.IndexOf(header, "count")].ShouldBe(ledger.GetProperty("tillLedgerVerification").GetProperty("activityCount").GetInt32().ToString(CultureInfo.InvariantCulture));
        drawer[Array.IndexOf(header, "ledger_head")].ShouldBe(head);
        rows.ShouldAllBe(r => r.Length == header.Length);

        using var json = await GetAsync(ReportPath("json", shop.LocationId), shop.Token);
        using var report = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        report.RootElement.GetProperty("totals").GetProperty("discrepancy").GetString().ShouldBe("-2.00");
        report.RootElement.GetProperty("drawers")[0].GetProperty("ledgerHead").GetString().ShouldBe(head);

        using var pdf = await GetAsync(ReportPath("pdf", shop.LocationId), shop.Token);
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        System.Text.Encoding.Latin1.GetString(bytes, 0, 5).ShouldBe("%PDF-");

        // Another day has no sessions.
        using var empty = await GetAsync(ReportPath("csv", shop.LocationId, "2020-01-01"), shop.Token);
        (await empty.Content.ReadAsStringAsync()).ShouldNotContain("SESSION");
    }

    [Fact]
    public async Task ZReport_RefusesCashiers_UnknownCallers_AndBadInput_InTheAdminApisShape()
    {
        var (shop, _) = await ShortDayAsync();

        using var cashier = await GetAsync(ReportPath("pdf", shop.LocationId), await CashierTokenAsync(shop));
        cashier.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CodeOfAsync(cashier)).ShouldBe("ACCESS_DENIED");

        var s = Uri.EscapeDataString(shop.ShopId);
        var noCash = (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{s}/tokens", new { scopes = ReadLocations })).GetProperty("token").GetString()!;
        using var scope = await GetAsync(ReportPath("csv", shop.LocationId), noCash);
        scope.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await CodeOfAsync(scope)).ShouldBe("ACCESS_DENIED");

        using var nobody = await GetAsync(ReportPath("csv", shop.LocationId), null);
        nobody.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await CodeOfAsync(nobody)).ShouldBe("UNAUTHORIZED");

        using var badLocation = await GetAsync(ReportPath("csv", "gid://shopify/Shop/1"), shop.Token);
        badLocation.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await CodeOfAsync(badLocation)).ShouldBe("BAD_REQUEST");

        using var badDate = await GetAsync(ReportPath("csv", shop.LocationId, "yesterday"), shop.Token);
        badDate.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await CodeOfAsync(badDate)).ShouldBe("BAD_REQUEST");

        using var unknown = await GetAsync(ReportPath("csv", "gid://shopify/Location/987654321"), shop.Token);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await CodeOfAsync(unknown)).ShouldBe("NOT_FOUND");

        using var format = await GetAsync(ReportPath("xlsx", shop.LocationId), shop.Token);
        format.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await CodeOfAsync(format)).ShouldBe("NOT_FOUND");
    }

    [Fact]
    public async Task Reverse_WithACashiersToken_IsAccessDenied()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");
        (await shop.AdjustPayloadAsync(session, "-20.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        var (cashierId, token) = await CashierAsync(shop);

        var answer = await server.GraphQLAsync(token, "mutation($a: ID!, $s: ID!) { tillCashActivityReverse(cashActivityId: $a, staffMemberId: $s) { userErrors { code } } }", new { a = "gid://shopify/TillCashActivity/1", s = cashierId }, "till");

        answer.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("ACCESS_DENIED");
        answer.GetProperty("errors")[0].GetProperty("message").GetString()!.ShouldContain("only a manager reverses a cash movement");
    }

    [Fact]
    public async Task SessionSearch_ByOverShort_AndByTheStaffWhoOpened()
    {
        var (shop, shortSession) = await ShortDayAsync();
        var balanced = await shop.OpenAsync("50.00");
        (await shop.ClosePayloadAsync(balanced, "50.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);

        async Task<string[]> IdsAsync(string field, string query)
        {
            var result = await shop.GraphQLAsync($"query($q: String) {{ {field}(first: 10, query: $q) {{ nodes {{ id }} }} }}", new { q = query }, "till");
            result.TryGetProperty("extensions", out var ext).ShouldBeTrue();
            ext.TryGetProperty("search", out _).ShouldBeFalse(result.ToString());
            return [.. result.GetProperty("data").GetProperty(field).GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()!.Split('/')[^1])];
        }

        var shortNo = shortSession.Split('/')[^1];
        var balancedNo = balanced.Split('/')[^1];
        (await IdsAsync("pointOfSaleDevicePaymentSessions", "till_over_short:true")).ShouldBe([shortNo]);
        (await IdsAsync("pointOfSaleDevicePaymentSessions", "till_over_short:false")).ShouldBe([balancedNo]);
        (await IdsAsync("cashTrackingSessions", "till_over_short:true")).ShouldBe([shortNo]);
        // The till version is a superset of 2027-01: its created_at term works alongside Till's own.
        (await IdsAsync("cashTrackingSessions", "till_over_short:true created_at:>2020-01-01")).ShouldBe([shortNo]);
        (await IdsAsync("cashTrackingSessions", $"till_staff_member_id:{shop.StaffId.Split('/')[^1]}")).Length.ShouldBe(2);
        (await IdsAsync("pointOfSaleDevicePaymentSessions", "till_staff_member_id:987654")).ShouldBeEmpty();
    }

    [Fact]
    public async Task StaffPin_Cli_SetsAPinThatSignsIn_AndRefusesBadOnes()
    {
        var shop = await server.CreateShopAsync();
        var s = Uri.EscapeDataString(shop.ShopId);
        var email = $"p-{Guid.NewGuid():N}@example.com";
        var staff = (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{s}/staff", new { firstName = "Pat", lastName = "In", email })).GetProperty("id").GetString()!;

        var (exit, printed, _) = await RunAsync("staff", "pin", "--shop", shop.ShopId, "--staff", staff, "--pin", "2580", "--database", server.DatabasePath);
        exit.ShouldBe(0);
        printed.ShouldContain("PIN set for " + staff);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/app/session") { Content = System.Net.Http.Json.JsonContent.Create(new { email, pin = "2580" }) };
        request.Headers.Add("X-Till-App", "1");
        using var signedIn = await server.Http.SendAsync(request);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.OK);

        (await RunAsync("staff", "pin", "--shop", shop.ShopId, "--staff", staff, "--pin", "12", "--database", server.DatabasePath)).Exit.ShouldBe(2);
        var (missing, _, error) = await RunAsync("staff", "pin", "--shop", shop.ShopId, "--staff", "gid://shopify/StaffMember/987654", "--pin", "1234", "--database", server.DatabasePath);
        missing.ShouldBe(1);
        error.ShouldContain("no active staff member");
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await CommandLine.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
