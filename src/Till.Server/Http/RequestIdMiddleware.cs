namespace Till.Server.Http;

/// <summary>Gives every response, whatever answers it, a fresh <c>X-Request-Id</c>.</summary>
internal static class RequestIdMiddleware
{
    public const string ItemKey = "till.requestId";

    public static void UseRequestIds(this WebApplication app) =>
        app.Use(async (http, next) =>
        {
            var id = Guid.NewGuid().ToString();
            http.Items[ItemKey] = id;
            http.Response.Headers["X-Request-Id"] = id;
            await next(http).ConfigureAwait(false);
        });

    public static string RequestId(this HttpContext http) => http.Items[ItemKey] as string ?? Guid.NewGuid().ToString();
}
