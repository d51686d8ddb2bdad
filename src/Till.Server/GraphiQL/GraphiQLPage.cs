using System.Collections.Concurrent;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;

namespace Till.Server.GraphiQL;

/// <summary>
/// <c>GET /graphiql</c>: the GraphiQL explorer, bundled from npm packages when Till.Server is built
/// (see <c>src/Till.Server/GraphiQL/</c>) and embedded gzip-compressed in this assembly. When the
/// build could not bundle it (no npm), the page says so instead.
/// </summary>
internal static class GraphiQLPage
{
    /// <summary>Embedded resources of the explorer are named <c>graphiql/&lt;file&gt;.gz</c>.</summary>
    private const string ResourcePrefix = "graphiql/";

    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    private static readonly Assembly Assembly = typeof(GraphiQLPage).Assembly;

    private static readonly ConcurrentDictionary<string, string> ETags = new(StringComparer.Ordinal);

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
        app.MapMethods("/graphiql/{file}", Methods, (HttpContext http, string file) => ServeAsync(http, file));
    }

    /// <summary>True when the explorer's assets are embedded in this build.</summary>
    public static bool IsBuilt => Assembly.GetManifestResourceInfo(ResourcePrefix + "index.html.gz") is not null;

    private static Task ServeIndex(HttpContext http)
    {
        if (IsBuilt)
        {
            return ServeAsync(http, "index.html");
        }

        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsync(NotBuiltPage, http.RequestAborted);
    }

    private static async Task ServeAsync(HttpContext http, string file)
    {
        var name = ResourcePrefix + file + ".gz";
        var contentType = ContentType(file);
        if (contentType is null || Assembly.GetManifestResourceInfo(name) is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var etag = ETags.GetOrAdd(name, ComputeETag);
        var headers = http.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = "no-cache";
        headers.Vary = "Accept-Encoding";
        headers.XContentTypeOptions = "nosniff";
        if (http.Request.Headers.IfNoneMatch.Contains(etag))
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        http.Response.ContentType = contentType;
        await using var compressed = Assembly.GetManifestResourceStream(name)!;
        if (AcceptsGzip(http.Request))
        {
            headers.ContentEncoding = "gzip";
            headers.ContentLength = compressed.Length;
            await compressed.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
            return;
        }

        await using var plain = new GZipStream(compressed, CompressionMode.Decompress);
        await plain.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(value => value is not null && value.Contains("gzip", StringComparison.OrdinalIgnoreCase));

    private static string? ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".ttf" => "font/ttf",
        ".woff" => "font/woff",
        ".woff2" => "font/woff2",
        _ => null,
    };

    private static string ComputeETag(string name)
    {
        using var stream = Assembly.GetManifestResourceStream(name)!;
        var hash = SHA256.HashData(stream);
        return $"\"{Convert.ToHexStringLower(hash.AsSpan(0, 12))}\"";
    }
}
