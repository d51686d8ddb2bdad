using System.Text.Json;
using Till.Ids;
using Till.Server.Auth;
using Till.Server.Control;
using Till.Shops;
using Till.SignIn;

namespace Till.Server.App;

/// <summary>
/// The cash office app's sign-in: <c>POST /app/session</c> (email and PIN; sets the session
/// cookie), <c>GET /app/session</c> (who is signed in) and <c>DELETE /app/session</c> (sign out,
/// ending the session on the server). The cookie then stands in for an access token on the Admin
/// API (<see cref="CookieIdentity"/>). Errors use the control API's envelope.
/// </summary>
internal static class AppSignIn
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "till_session";

    /// <summary>The header every cookie-authenticated request must carry (a page on another site cannot set it).</summary>
    public const string AppHeader = "X-Till-App";

    public static void Map(WebApplication app)
    {
        app.MapPost("/app/session", SignInAsync);
        app.MapGet("/app/session", WhoAsync);
        app.MapDelete("/app/session", SignOutAsync);
    }

    /// <summary>True when a cookie-authenticated request carries <c>X-Till-App: 1</c>.</summary>
    public static bool HasAppHeader(HttpRequest request) => request.Headers[AppHeader] is { Count: 1 } h && h[0] == "1";

    private static async Task<IResult> SignInAsync(HttpContext http, StaffSignIn signIn)
    {
        if (!HasAppHeader(http.Request))
        {
            return MissingHeader();
        }

        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return ControlApi.Error(400, "BAD_REQUEST", "The body must be a JSON object.");
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return ControlApi.Error(400, "BAD_REQUEST", "The body must be a JSON object.");
        }

        long? shopId = null;
        if (Text(body, "shop") is { } shopText)
        {
            shopId = GlobalId.ParseOf(shopText, GidTypes.Shop);
            if (shopId is null)
            {
                return ControlApi.Error(422, "INVALID", "shop must be a shop's global ID.", "shop");
            }
        }

        var outcome = await signIn.SignInAsync(Text(body, "email"), Text(body, "pin"), shopId, http.RequestAborted).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            var error = outcome.Errors[0];
            var status = error.Code switch
            {
                "LOCKED" => 429,
                "SHOP_REQUIRED" => 422,
                _ => 401,
            };
            return ControlApi.Error(status, error.Code!, error.Message, error.Field is { Count: > 0 } f ? f[0] : null);
        }

        var (secret, session, staff) = outcome.Value;
        http.Response.Cookies.Append(CookieName, secret, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            Path = "/",
            Expires = session.ExpiresAt,
        });
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(Describe(session, staff));
    }

    private static async Task<IResult> WhoAsync(HttpContext http, StaffSignIn signIn)
    {
        http.Response.Headers.CacheControl = "no-store";
        return await FindAsync(http, signIn).ConfigureAwait(false) is { } found
            ? Results.Json(Describe(found.Session, found.Staff))
            : ControlApi.Error(401, "UNAUTHORIZED", "Not signed in.");
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, StaffSignIn signIn)
    {
        if (!HasAppHeader(http.Request))
        {
            return MissingHeader();
        }

        if (http.Request.Cookies[CookieName] is { Length: > 0 } secret)
        {
            await signIn.SignOutAsync(secret, http.RequestAborted).ConfigureAwait(false);
        }

        http.Response.Cookies.Delete(CookieName, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = "/" });
        return Results.NoContent();
    }

    /// <summary>The live session the request's cookie names, if any.</summary>
    public static async Task<(StaffSession Session, StaffMember Staff)?> FindAsync(HttpContext http, StaffSignIn signIn) =>
        http.Request.Cookies[CookieName] is { Length: > 0 } secret
            ? await signIn.FindAsync(secret, http.RequestAborted).ConfigureAwait(false)
            : null;

    /// <summary>
    /// The role the app acts with. Until staff members carry a role of their own, the shop owner
    /// is a manager and everyone else a cashier.
    /// </summary>
    public static string RoleOf(StaffMember staff) => staff.Role == Till.Staff.StaffRole.Manager ? "MANAGER" : "CASHIER";

    private static object Describe(StaffSession session, StaffMember staff) => new
    {
        staffMember = new
        {
            id = GlobalId.Format(GidTypes.StaffMember, staff.Id),
            firstName = staff.FirstName,
            lastName = staff.LastName,
            email = staff.Email,
            role = RoleOf(staff),
        },
        shopId = GlobalId.Format(GidTypes.Shop, session.ShopId),
        expiresAt = session.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static IResult MissingHeader() =>
        ControlApi.Error(403, "APP_HEADER_REQUIRED", $"Requests of the cash office app must carry the header {AppHeader}: 1.");

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>The identity a signed-in app session has on the Admin API: the shop, every scope, acting for its staff member.</summary>
internal static class CookieIdentity
{
    /// <summary>The identity of the request's session cookie, or null (no cookie, an unknown or ended session).</summary>
    public static async Task<Identity?> AuthenticateAsync(HttpContext http, StaffSignIn signIn)
    {
        if (await AppSignIn.FindAsync(http, signIn).ConfigureAwait(false) is not { } found)
        {
            return null;
        }

        // Negative token IDs keep a session's throttle bucket apart from every access token's.
        return new Identity(-found.Session.Id, found.Session.ShopId, Provisioning.KnownScopes, found.Staff.Id);
    }
}
