using Till.Server.Control;

namespace Till.Server.Observability;

/// <summary>
/// <c>GET /metrics</c>: every metric in Prometheus' text format, for the admin key only
/// (<c>Authorization: Bearer KEY</c>, the control API's key; without it the control API's 401).
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static void Map(WebApplication app) => app.MapGet(Path, ScrapeAsync);

    private static async Task<IResult> ScrapeAsync(HttpContext http, AdminKey key, PrometheusText metrics, OpenSessionsGauge openSessions)
    {
        if (!await key.AuthorizesAsync(http).ConfigureAwait(false))
        {
            return ControlApi.Unauthorized();
        }

        await openSessions.RefreshAsync(always: true, http.RequestAborted).ConfigureAwait(false);
        return Results.Text(metrics.Scrape(), PrometheusText.ContentType);
    }
}
