using System.Globalization;
using Till.Ids;
using Till.Reports;
using Till.Server.App;
using Till.Server.Auth;
using Till.Server.GraphQL.Pipeline;
using Till.SignIn;
using Till.Staff;
using Till.Storage;

namespace Till.Server.Reports;

/// <summary>
/// <c>GET /admin/api/till/reports/z-report.{json|csv|pdf}?locationId=…&amp;date=yyyy-MM-dd</c>: the
/// Z report of a location and a day of the shop's time zone (<see cref="ZReports"/>), as the
/// app's JSON, a CSV file or a PDF file, at a URL an owner can bookmark and a script can fetch.
/// It takes an access token (<c>X-Shopify-Access-Token</c>) with <c>read_cash_tracking</c>, or
/// the cash office app's session cookie; a token or session acting for a cashier is refused
/// (403 <c>ACCESS_DENIED</c>): reports are a manager's. Errors use the Admin API's
/// <c>{"errors": [{"message", "extensions": {"code"}}]}</c> shape.
/// </summary>
internal static class ZReportEndpoint
{
    /// <summary>The path, without its format.</summary>
    public const string Path = "/admin/api/till/reports/z-report";

    public static void Map(WebApplication app) =>
        app.MapGet(Path + ".{format}", HandleAsync);

    private static async Task HandleAsync(HttpContext http, string format, TokenAuthenticator auth, StaffSignIn signIn, ITillStore store, ZReports reports)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (format is not ("json" or "csv" or "pdf"))
        {
            await FailAsync(http, 404, "NOT_FOUND", "Not Found: a Z report is z-report.json, z-report.csv or z-report.pdf.").ConfigureAwait(false);
            return;
        }

        // A token when one is sent, else the app's cookie. A bookmark or a download link cannot
        // add the app's header, and this GET changes nothing, so the cookie alone is enough here
        // (SameSite=Strict keeps it off other sites' requests, and they cannot read the answer).
        var token = http.Request.Headers["X-Shopify-Access-Token"] is { Count: 1 } header ? header[0] : null;
        var identity = !string.IsNullOrEmpty(token)
            ? await auth.AuthenticateAsync(token, http.RequestAborted).ConfigureAwait(false)
            : await CookieIdentity.AuthenticateAsync(http, signIn).ConfigureAwait(false);
        if (identity is null)
        {
            await FailAsync(http, 401, "UNAUTHORIZED", "[API] Invalid API key or access token (unrecognized login or wrong password)").ConfigureAwait(false);
            return;
        }

        if (!identity.Scopes.Contains("read_cash_tracking") && !identity.Scopes.Contains("write_cash_tracking"))
        {
            await FailAsync(http, 403, "ACCESS_DENIED", "Access denied for the Z report. Required access: `read_cash_tracking` access scope.").ConfigureAwait(false);
            return;
        }

        if (identity.StaffId is { } staffId)
        {
            await using var work = await store.BeginAsync(write: false, http.RequestAborted).ConfigureAwait(false);
            var staff = await work.GetStaffAsync(identity.ShopId, staffId).ConfigureAwait(false);
            if (staff is not { Active: true, Role: StaffRole.Manager })
            {
                await FailAsync(http, 403, "ACCESS_DENIED", "Access denied for the Z report. Required access: a token acting for a manager, or one acting for the shop. This token acts for a cashier.").ConfigureAwait(false);
                return;
            }
        }

        var locationId = GlobalId.ParseOf(http.Request.Query["locationId"].ToString(), GidTypes.Location);
        if (locationId is null)
        {
            await FailAsync(http, 400, "BAD_REQUEST", "locationId must be a location's global ID (gid://shopify/Location/1).").ConfigureAwait(false);
            return;
        }

        if (!DateOnly.TryParseExact(http.Request.Query["date"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            await FailAsync(http, 400, "BAD_REQUEST", "date must be a day, yyyy-MM-dd.").ConfigureAwait(false);
            return;
        }

        var report = await reports.BuildAsync(identity.ShopId, locationId.Value, date, http.RequestAborted).ConfigureAwait(false);
        if (report is null)
        {
            await FailAsync(http, 404, "NOT_FOUND", "No such location in the shop.").ConfigureAwait(false);
            return;
        }

        var name = $"z-report-{report.LocationId}-{report.Date:yyyy-MM-dd}.{format}";
        switch (format)
        {
            case "json":
                await Responses.WriteJsonAsync(http, 200, ZReportFiles.Json(report)).ConfigureAwait(false);
                break;
            case "csv":
                http.Response.ContentType = "text/csv; charset=utf-8";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
                await http.Response.WriteAsync(ZReportFiles.Csv(report), http.RequestAborted).ConfigureAwait(false);
                break;
            default:
                var pdf = ZReportFiles.Pdf(report);
                http.Response.ContentType = "application/pdf";
                http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
                await http.Response.Body.WriteAsync(pdf, http.RequestAborted).ConfigureAwait(false);
                break;
        }
    }

    private static Task FailAsync(HttpContext http, int status, string code, string message) =>
        Responses.WriteJsonAsync(http, status, new { errors = new[] { new { message, extensions = new { code } } } });
}
