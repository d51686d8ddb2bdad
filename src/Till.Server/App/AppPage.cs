using Till.Server.Http;

namespace Till.Server.App;

/// <summary>
/// <c>GET /app</c> and everything under it: the cash office app, bundled from npm packages when
/// Till.Server is built (see <c>src/Till.Server/App/web/</c>) and embedded gzip-compressed. A path
/// that names no file of the bundle is one of the app's screens and gets its page (the app routes
/// in the browser). When the build could not bundle it (no npm), the page says so.
/// </summary>
internal static class AppPage
{
    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    /// <summary>Embedded resources of the app are named <c>app/&lt;file&gt;.gz</c>.</summary>
    private static readonly EmbeddedBundle Bundle = new("app/");

    private const string NotBuiltPage = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Till cash office: not built</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 44em; margin: 3em auto; line-height: 1.5">
        <h1>The cash office app was not built</h1>
        <p>This build of Till has no cash office app: Node.js and npm were not available (or the bundling failed) when
        <code>src/Till.Server</code> was built, so the bundle under <code>src/Till.Server/App/web/</code> was skipped.</p>
        <p>Install Node.js and npm, then rebuild: <code>dotnet build src/Till.Server</code>
        (or run <code>npm ci &amp;&amp; npm run build</code> in <code>src/Till.Server/App/web</code> and rebuild).</p>
        <p>The Admin API works without it: <code>POST /admin/api/till/graphql.json</code>.</p>
        </body>
        </html>
        """;

    /// <summary>Maps <c>/app</c> and <c>/app/{**path}</c>.</summary>
    public static void Map(WebApplication app)
    {
        app.MapMethods("/app", Methods, (HttpContext http) => ServeAsync(http, string.Empty));
        app.MapMethods("/app/{**path}", Methods, (HttpContext http, string? path) => ServeAsync(http, path ?? string.Empty));
    }

    /// <summary>True when the app's assets are embedded in this build.</summary>
    public static bool IsBuilt => Bundle.IsBuilt;

    private static Task ServeAsync(HttpContext http, string path)
    {
        if (!path.Contains('/', StringComparison.Ordinal) && Bundle.Has(path) && path != "index.html")
        {
            return Bundle.ServeAsync(http, path);
        }

        if (IsBuilt)
        {
            http.Response.Headers["Content-Security-Policy"] = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";
            return Bundle.ServeAsync(http, "index.html");
        }

        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(NotBuiltPage, http.RequestAborted);
    }
}
