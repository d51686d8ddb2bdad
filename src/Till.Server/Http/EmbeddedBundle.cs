using System.Collections.Concurrent;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;

namespace Till.Server.Http;

/// <summary>
/// A browser bundle built from npm packages when Till.Server is built and embedded gzip-compressed
/// in this assembly under one resource prefix (<c>graphiql/</c>, <c>app/</c>): served as stored to
/// clients that take gzip, decompressed for the others, with an ETag.
/// </summary>
internal sealed class EmbeddedBundle(string resourcePrefix)
{
    private static readonly Assembly Assembly = typeof(EmbeddedBundle).Assembly;

    private static readonly ConcurrentDictionary<string, string> ETags = new(StringComparer.Ordinal);

    /// <summary>True when the bundle's index.html is embedded in this build.</summary>
    public bool IsBuilt => Assembly.GetManifestResourceInfo(resourcePrefix + "index.html.gz") is not null;

    /// <summary>True when the bundle has this file.</summary>
    public bool Has(string file) => ContentType(file) is not null && Assembly.GetManifestResourceInfo(resourcePrefix + file + ".gz") is not null;

    /// <summary>Answers one file of the bundle (404 when there is none).</summary>
    public async Task ServeAsync(HttpContext http, string file)
    {
        var name = resourcePrefix + file + ".gz";
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
