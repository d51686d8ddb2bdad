using System.Diagnostics;

namespace Till.Server.Http;

/// <summary>Gives every response, whatever answers it, a fresh <c>X-Request-Id</c>, and logs one line per request (<see cref="RequestLog"/>).</summary>
internal static class RequestIdMiddleware
{
    public const string ItemKey = "till.requestId";

    public static void UseRequestIds(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(RequestLog.Category);
        app.Use(async (http, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var id = Guid.NewGuid().ToString();
            http.Items[ItemKey] = id;
            http.Response.Headers["X-Request-Id"] = id;
            Activity.Current?.SetTag("till.request_id", id);
            try
            {
                await next(http).ConfigureAwait(false);
            }
            finally
            {
                RequestLog.Write(log, http, id, started);
            }
        });
    }

    public static string RequestId(this HttpContext http) => http.Items[ItemKey] as string ?? Guid.NewGuid().ToString();
}

/// <summary>
/// One log line per request, at Information in the category <see cref="Category"/>: method, route,
/// status, milliseconds and request ID. The route is the endpoint's pattern
/// (<c>/till/v1/shops/{shop}/tokens/{token}</c>), never the path a client sent, so a token in a
/// path stays out of the log; no header and no body is logged.
/// </summary>
internal static partial class RequestLog
{
    public const string Category = "Till.Requests";

    /// <summary>The request's endpoint pattern, or <c>(unmatched)</c> for a path no endpoint answers.</summary>
    public static string SafePath(HttpContext http) =>
        http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } pattern } ? pattern : "(unmatched)";

    public static void Write(ILogger log, HttpContext http, string requestId, long started)
    {
        if (log.IsEnabled(LogLevel.Information))
        {
            var route = SafePath(http);
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Request(log, http.Request.Method, route, http.Response.StatusCode, elapsedMs, requestId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Route} {Status} {ElapsedMs:0.0} ms request {RequestId}")]
    private static partial void Request(ILogger logger, string method, string route, int status, double elapsedMs, string requestId);
}
