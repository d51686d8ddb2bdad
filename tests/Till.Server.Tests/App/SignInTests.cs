using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.App;

/// <summary>Staff PINs, the cash office app's session cookie, the lockout and sign-out, over real HTTP.</summary>
public sealed class SignInTests : IAsyncLifetime, IDisposable
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
    private TillServer server = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync(clock);
        http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(server.BaseUrl) };
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    public void Dispose() => http?.Dispose();

    private async Task<(string Shop, string Staff, string Email)> StaffWithPinAsync(string pin = "2468", string? shop = null, string? email = null)
    {
        shop ??= (await server.ControlJsonAsync(HttpMethod.Post, "/shops", new { name = "Corner shop", currency = "USD" })).GetProperty("id").GetString()!;
        email ??= $"cashier-{Guid.NewGuid():N}@example.com";
        var staff = (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop)}/staff", new { firstName = "Cass", lastName = "Ier", email })).GetProperty("id").GetString()!;
        using var set = await server.ControlAsync(HttpMethod.Put, $"/shops/{Uri.EscapeDataString(shop)}/staff/{Uri.EscapeDataString(staff)}/pin", new { pin });
        set.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return (shop, staff, email);
    }

    private async Task<HttpResponseMessage> SignInAsync(string email, string pin, bool appHeader = true, string? shop = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/app/session") { Content = JsonContent.Create(new { email, pin, shop }) };
        if (appHeader)
        {
            request.Headers.Add("X-Till-App", "1");
        }

        return await http.SendAsync(request);
    }

    private static string CookieOf(HttpResponseMessage response)
    {
        var header = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("till_session=", StringComparison.Ordinal));
        return header.Split(';')[0];
    }

    private async Task<HttpResponseMessage> QueryWithCookieAsync(string cookie, bool appHeader = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/api/till/graphql.json")
        {
            Content = JsonContent.Create(new { query = "{ cashDrawers(first: 1) { nodes { id } } }" }),
        };
        request.Headers.Add("Cookie", cookie);
        if (appHeader)
        {
            request.Headers.Add("X-Till-App", "1");
        }

        return await http.SendAsync(request);
    }

    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response) =>
        (await TillServer.ReadJsonAsync(response)).GetProperty("error").GetProperty("code").GetString()!;

    [Fact]
    public async Task SignIn_RightPin_SetsHttpOnlyStrictExpiringCookie_ThatTheAdminApiTakesForTheStaffMember()
    {
        var (shop, staff, email) = await StaffWithPinAsync();

        using var signedIn = await SignInAsync(email.ToUpperInvariant(), "2468");
        var body = await TillServer.ReadJsonAsync(signedIn);
        signedIn.StatusCode.ShouldBe(HttpStatusCode.OK, body.ToString());
        body.GetProperty("staffMember").GetProperty("id").GetString().ShouldBe(staff);
        body.GetProperty("staffMember").GetProperty("role").GetString().ShouldBe("CASHIER");
        body.GetProperty("shopId").GetString().ShouldBe(shop);
        var setCookie = signedIn.Headers.GetValues("Set-Cookie").Single();
        setCookie.ShouldContain("httponly", Case.Insensitive);
        setCookie.ShouldContain("samesite=strict", Case.Insensitive);
        setCookie.ShouldContain("expires=", Case.Insensitive);
        setCookie.ShouldNotContain("secure", Case.Insensitive);

        using var query = await QueryWithCookieAsync(CookieOf(signedIn));
        var answer = await TillServer.ReadJsonAsync(query);
        query.StatusCode.ShouldBe(HttpStatusCode.OK, answer.ToString());
        answer.GetProperty("data").GetProperty("cashDrawers").GetProperty("nodes").GetArrayLength().ShouldBe(0);

        using var who = new HttpRequestMessage(HttpMethod.Get, "/app/session");
        who.Headers.Add("Cookie", CookieOf(signedIn));
        using var whoAnswer = await http.SendAsync(who);
        (await TillServer.ReadJsonAsync(whoAnswer)).GetProperty("staffMember").GetProperty("email").GetString().ShouldBe(email);
    }

    [Fact]
    public async Task Cookie_WithoutTheAppHeader_IsRefused403_OnTheAdminApiAndOnSignIn()
    {
        var (_, _, email) = await StaffWithPinAsync();
        using var noHeader = await SignInAsync(email, "2468", appHeader: false);
        noHeader.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ErrorCodeAsync(noHeader)).ShouldBe("APP_HEADER_REQUIRED");

        using var signedIn = await SignInAsync(email, "2468");
        using var query = await QueryWithCookieAsync(CookieOf(signedIn), appHeader: false);
        query.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await query.Content.ReadAsStringAsync()).ShouldContain("X-Till-App");
    }

    [Fact]
    public async Task SignIn_WrongPinOrUnknownEmail_Is401InvalidCredentials()
    {
        var (_, _, email) = await StaffWithPinAsync();
        using var wrong = await SignInAsync(email, "1111");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await ErrorCodeAsync(wrong)).ShouldBe("INVALID_CREDENTIALS");

        using var unknown = await SignInAsync("nobody@example.com", "2468");
        unknown.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await ErrorCodeAsync(unknown)).ShouldBe("INVALID_CREDENTIALS");
    }

    [Fact]
    public async Task FiveWrongPins_LockOut_EvenTheRightPin_ForFifteenMinutes_AndAreRecorded()
    {
        var (shop, staff, email) = await StaffWithPinAsync();
        for (var i = 1; i <= 4; i++)
        {
            using var wrong = await SignInAsync(email, "0000");
            (await ErrorCodeAsync(wrong)).ShouldBe("INVALID_CREDENTIALS");
        }

        using var fifth = await SignInAsync(email, "0000");
        fifth.StatusCode.ShouldBe((HttpStatusCode)429);
        (await ErrorCodeAsync(fifth)).ShouldBe("LOCKED");

        using var right = await SignInAsync(email, "2468");
        right.StatusCode.ShouldBe((HttpStatusCode)429);
        (await ErrorCodeAsync(right)).ShouldBe("LOCKED");

        clock.Advance(TimeSpan.FromMinutes(14));
        using var stillLocked = await SignInAsync(email, "2468");
        (await ErrorCodeAsync(stillLocked)).ShouldBe("LOCKED");

        clock.Advance(TimeSpan.FromMinutes(1));
        using var after = await SignInAsync(email, "2468");
        after.StatusCode.ShouldBe(HttpStatusCode.OK);

        var record = await server.ControlJsonAsync(HttpMethod.Get, $"/shops/{Uri.EscapeDataString(shop)}/staff/{Uri.EscapeDataString(staff)}/sign-ins", expectedStatus: 200);
        record.GetProperty("signIns").EnumerateArray().Select(e => e.GetProperty("outcome").GetString()).Reverse().ShouldBe(
            ["PIN_SET", "WRONG_PIN", "WRONG_PIN", "WRONG_PIN", "WRONG_PIN", "LOCKED", "REFUSED_LOCKED", "REFUSED_LOCKED", "SIGNED_IN"]);
    }

    [Fact]
    public async Task SignIn_AfterTheLockEnds_StartsCountingAgain()
    {
        var (_, _, email) = await StaffWithPinAsync();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await SignInAsync(email, "0000");
        }

        clock.Advance(TimeSpan.FromMinutes(16));
        using var oneWrong = await SignInAsync(email, "0000");
        (await ErrorCodeAsync(oneWrong)).ShouldBe("INVALID_CREDENTIALS");
    }

    [Fact]
    public async Task SignOut_EndsTheSessionOnTheServer_TheOldCookieIsRefused()
    {
        var (_, _, email) = await StaffWithPinAsync();
        using var signedIn = await SignInAsync(email, "2468");
        var cookie = CookieOf(signedIn);

        using var signOut = new HttpRequestMessage(HttpMethod.Delete, "/app/session");
        signOut.Headers.Add("Cookie", cookie);
        signOut.Headers.Add("X-Till-App", "1");
        using var signedOut = await http.SendAsync(signOut);
        signedOut.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var query = await QueryWithCookieAsync(cookie);
        query.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Session_ExpiresAfterTwelveHours_AndANewPinEndsEverySession()
    {
        var (shop, staff, email) = await StaffWithPinAsync();
        using var first = await SignInAsync(email, "2468");
        clock.Advance(TimeSpan.FromHours(12));
        using var expired = await QueryWithCookieAsync(CookieOf(first));
        expired.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        using var second = await SignInAsync(email, "2468");
        using var set = await server.ControlAsync(HttpMethod.Put, $"/shops/{Uri.EscapeDataString(shop)}/staff/{Uri.EscapeDataString(staff)}/pin", new { pin = "97531" });
        set.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var ended = await QueryWithCookieAsync(CookieOf(second));
        ended.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SetPin_NotFourToEightDigits_Is422Invalid_UnknownStaff404()
    {
        var (shop, staff, _) = await StaffWithPinAsync();
        foreach (var pin in new object?[] { "123", "123456789", "12a4", null })
        {
            using var bad = await server.ControlAsync(HttpMethod.Put, $"/shops/{Uri.EscapeDataString(shop)}/staff/{Uri.EscapeDataString(staff)}/pin", new { pin });
            bad.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            var error = (await TillServer.ReadJsonAsync(bad)).GetProperty("error");
            error.GetProperty("code").GetString().ShouldBe("INVALID");
            error.GetProperty("field").GetString().ShouldBe("pin");
        }

        using var unknown = await server.ControlAsync(HttpMethod.Put, $"/shops/{Uri.EscapeDataString(shop)}/staff/{Uri.EscapeDataString("gid://shopify/StaffMember/999999")}/pin", new { pin = "1234" });
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ErrorCodeAsync(unknown)).ShouldBe("NOT_FOUND");
    }

    [Fact]
    public async Task SignIn_EmailInTwoShops_NeedsTheShop()
    {
        var email = $"both-{Guid.NewGuid():N}@example.com";
        var (shopA, _, _) = await StaffWithPinAsync(email: email);
        await StaffWithPinAsync(pin: "1357", email: email);

        using var ambiguous = await SignInAsync(email, "2468");
        ambiguous.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await ErrorCodeAsync(ambiguous)).ShouldBe("SHOP_REQUIRED");

        using var withShop = await SignInAsync(email, "2468", shop: shopA);
        withShop.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task App_IsServedAtSlashApp_AndEveryScreenPathGetsItsPage()
    {
        using var root = await http.GetAsync("/app");
        using var screen = await http.GetAsync("/app/sessions/123");
        var rootText = await root.Content.ReadAsStringAsync();
        if (!Till.Server.App.AppPage.IsBuilt)
        {
            root.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            rootText.ShouldContain("npm");
            return;
        }

        root.StatusCode.ShouldBe(HttpStatusCode.OK);
        rootText.ShouldContain("/app/app.js");
        (await screen.Content.ReadAsStringAsync()).ShouldBe(rootText);
        using var script = await http.GetAsync("/app/app.js");
        script.StatusCode.ShouldBe(HttpStatusCode.OK);
        script.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
    }
}
