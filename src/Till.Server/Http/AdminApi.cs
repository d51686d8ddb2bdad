using Till.Server.App;
using Till.Server.Auth;
using Till.Server.GraphQL;
using Till.Server.GraphQL.Pipeline;
using Till.SignIn;

namespace Till.Server.Http;

/// <summary>
/// <c>POST /admin/api/{version}/graphql.json</c>, the Admin GraphQL endpoint: the version that
/// answers, the token's identity, then the GraphQL steps of <see cref="AdminPipeline"/>.
/// </summary>
internal static class AdminApi
{
    private const string AppHeaderRequired = "[API] A request signed in with the cash office app's cookie must carry the header X-Till-App: 1";

    private const string InvalidToken = "[API] Invalid API key or access token (unrecognized login or wrong password)";

    public static void Map(WebApplication app) =>
        app.MapPost("/admin/api/{version}/graphql.json", HandleAsync);

    private static async Task HandleAsync(HttpContext http, string version, TokenAuthenticator auth, StaffSignIn signIn, AdminPipeline pipeline)
    {
        var requestId = http.RequestId();
        var served = ApiVersions.Resolve(version);
        if (served is null)
        {
            await Responses.WriteJsonAsync(http, StatusCodes.Status404NotFound, new { errors = "Not Found" }).ConfigureAwait(false);
            return;
        }

        http.Response.Headers["X-Shopify-API-Version"] = served;
        var token = http.Request.Headers["X-Shopify-Access-Token"] is { Count: 1 } header ? header[0] : null;
        Identity? identity;
        if (token is null && http.Request.Cookies.ContainsKey(AppSignIn.CookieName))
        {
            // The cash office app's session cookie stands in for a token. A cookie goes along with
            // any request the browser makes, so the app's header is required as well (CSRF).
            if (!AppSignIn.HasAppHeader(http.Request))
            {
                await Responses.WriteJsonAsync(http, StatusCodes.Status403Forbidden, new { errors = AppHeaderRequired }).ConfigureAwait(false);
                return;
            }

            identity = await CookieIdentity.AuthenticateAsync(http, signIn).ConfigureAwait(false);
        }
        else
        {
            identity = string.IsNullOrEmpty(token) ? null : await auth.AuthenticateAsync(token, http.RequestAborted).ConfigureAwait(false);
        }

        if (identity is null)
        {
            await Responses.WriteJsonAsync(http, StatusCodes.Status401Unauthorized, new { errors = InvalidToken }).ConfigureAwait(false);
            return;
        }

        await pipeline.RunAsync(http, served, identity, requestId).ConfigureAwait(false);
    }
}
