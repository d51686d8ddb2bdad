using Till.Server.Http;

namespace Till.Server.GraphiQL;

/// <summary>
/// <c>GET /graphiql</c>: the GraphiQL explorer, bundled from npm packages when Till.Server is built
/// (see <c>src/Till.Server/GraphiQL/</c>) and embedded gzip-compressed in this assembly. When the
/// build could not bundle it (no npm), the page says so instead.
/// </summary>
internal static class GraphiQLPage
{
    /// <summary>Embedded resources of the explorer are named <c>graphiql/&lt;file&gt;.gz</c>.</summary>
    private static readonly EmbeddedBundle Bundle = new("graphiql/");

    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    private const string NotBuiltPage = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>Till GraphiQL: not built</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 44em; margin: 3em auto; line-height: 1.5">
        <h1>The GraphiQL explorer was not built</h1>
        <p>This build of Till has no explorer: Node.js and npm were not available (or the bundling failed) when
        <code>src/Till.Server</code> was built, so the bundle under <code>src/Till.Server/GraphiQL/</code> was skipped.</p>
        <p>Install Node.js and npm, then rebuild: <code>dotnet build src/Till.Server</code>
        (or run <code>npm ci &amp;&amp; npm run build</code> in <code>src/Till.Server/GraphiQL</code> and rebuild).</p>
        <p>The Admin API itself works without it: <code>POST /admin/api/&lt;version&gt;/graphql.json</code>
        with an <code>X-Shopify-Access-Token</code> header.</p>
        </body>
        </html>
        """;

    /// <summary>Maps <c>/graphiql</c> and its assets, <c>/graphiql/{file}</c>.</summary>
    public static void Map(WebApplication app)
    {
        // Routing matches "/graphiql/" here too.
        app.MapMethods("/graphiql", Methods, ServeIndex);
        app.MapMethods("/graphiql/{file}", Methods, (HttpContext http, string file) => Bundle.ServeAsync(http, file));
    }

    /// <summary>True when the explorer's assets are embedded in this build.</summary>
    public static bool IsBuilt => Bundle.IsBuilt;

    private static Task ServeIndex(HttpContext http)
    {
        if (IsBuilt)
        {
            return Bundle.ServeAsync(http, "index.html");
        }

        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(NotBuiltPage, http.RequestAborted);
    }
}
