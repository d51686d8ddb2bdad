using Till.Server.Auth;
using Till.Server.GraphQL;
using Till.Server.GraphQL.Pipeline;

namespace Till.Server.Http;

/// <summary>
/// <c>POST /admin/api/{version}/graphql.json</c>, the Admin GraphQL endpoint: the version that
/// answers, the token's identity, then the GraphQL steps of <see cref="AdminPipeline"/>.
/// </summary>
internal static class AdminApi
{
    private const string InvalidToken = "[API] Invalid API key or access token (unrecognized login or wrong password)";

    public static void Map(WebApplication app) =>
        app.MapPost("/admin/api/{version}/graphql.json", HandleAsync);

    private static async Task HandleAsync(HttpContext http, string version, TokenAuthenticator auth, AdminPipeline pipeline)
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
        var identity = string.IsNullOrEmpty(token) ? null : await auth.AuthenticateAsync(token, http.RequestAborted).ConfigureAwait(false);
        if (identity is null)
        {
            await Responses.WriteJsonAsync(http, StatusCodes.Status401Unauthorized, new { errors = InvalidToken }).ConfigureAwait(false);
            return;
        }

        await pipeline.RunAsync(http, served, identity, requestId).ConfigureAwait(false);
    }
}
