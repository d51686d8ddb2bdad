using Till.Bulk;
using Till.Storage;

namespace Till.Server.Bulk;

/// <summary>
/// <c>GET /bulk/{token}.jsonl</c>: a bulk operation's result file, streamed chunk by chunk from the
/// database, so any node serves it. The token is the only credential: 256 random bits, valid until
/// the link expires (<see cref="TillOptions.BulkUrlLifetime"/> after the operation ended).
/// </summary>
internal static class BulkDownload
{
    private const string Prefix = "/bulk/";

    public static void Map(WebApplication app) => app.MapGet(Prefix + "{file}", HandleAsync);

    /// <summary>The absolute URL of a file, on the host the current request came to.</summary>
    public static string Url(IServiceProvider services, string token)
    {
        var request = services.GetService<IHttpContextAccessor>()?.HttpContext?.Request;
        var origin = request is not null
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : services.GetRequiredService<TillOptions>().Urls.Split(';')[0].TrimEnd('/');
        return $"{origin}{Prefix}{token}.jsonl";
    }

    private static async Task HandleAsync(HttpContext http, string file, ITillStore store, TimeProvider clock)
    {
        var token = file.EndsWith(".jsonl", StringComparison.Ordinal) ? file[..^".jsonl".Length] : null;
        BulkOperation? operation = null;
        if (!string.IsNullOrEmpty(token))
        {
            await using var work = await store.BeginAsync(write: false, http.RequestAborted).ConfigureAwait(false);
            operation = await work.FindBulkOperationByUrlAsync(token).ConfigureAwait(false);
        }

        if (operation is not { UrlExpiresAt: { } expires } || expires <= clock.GetUtcNow())
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync("{\"errors\":\"Not Found\"}", http.RequestAborted).ConfigureAwait(false);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/jsonl";
        http.Response.ContentLength = operation.FileSize;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"bulk-{operation.Id}.jsonl\"";
        for (var seq = 0; seq < operation.ChunkCount; seq++)
        {
            byte[]? chunk;
            await using (var work = await store.BeginAsync(write: false, http.RequestAborted).ConfigureAwait(false))
            {
                chunk = await work.ReadBulkChunkAsync(operation.ShopId, operation.Id, seq).ConfigureAwait(false);
            }

            if (chunk is null)
            {
                // Expired and swept while it was being sent: end the response short.
                http.Abort();
                return;
            }

            await http.Response.Body.WriteAsync(chunk, http.RequestAborted).ConfigureAwait(false);
        }
    }
}
