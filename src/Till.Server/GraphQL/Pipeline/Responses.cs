using System.Text.Json;
using GraphQL;
using Till.Server.Cost;

namespace Till.Server.GraphQL.Pipeline;

/// <summary>What the Admin API writes: GraphQL results with their cost, refusals, and plain JSON errors.</summary>
internal static class Responses
{
    public const string RateLimitDocs = "https://shopify.dev/api/usage/rate-limits";

    private static readonly JsonSerializerOptions PlainJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A request refused before it ran: one error, its requested cost, and no actual cost unless one is given.</summary>
    public static ExecutionResult Refused(ShopifyError error, int requested, ThrottleStatus status, int? actual = null) => new()
    {
        Executed = false,
        Errors = [error],
        Extensions = new Dictionary<string, object?> { ["cost"] = CostExtension(requested, actual, status) },
    };

    /// <summary><c>extensions.cost</c>: requested and actual cost, and the token's bucket.</summary>
    public static Dictionary<string, object?> CostExtension(int requested, int? actual, ThrottleStatus status) => new()
    {
        ["requestedQueryCost"] = requested,
        ["actualQueryCost"] = actual,
        ["throttleStatus"] = new Dictionary<string, object?>
        {
            ["maximumAvailable"] = status.MaximumAvailable,
            ["currentlyAvailable"] = status.CurrentlyAvailable,
            ["restoreRate"] = status.RestoreRate,
        },
    };

    /// <summary>Writes a GraphQL result, HTTP 200.</summary>
    public static async Task WriteResultAsync(HttpContext http, ExecutionResult result)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        await AdminJson.Instance.WriteAsync(http.Response.BodyWriter, result, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes a GraphQL result already turned into its bytes, HTTP 200.</summary>
    public static async Task WriteBytesAsync(HttpContext http, byte[] bytes)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes any object as JSON with the given status.</summary>
    public static async Task WriteJsonAsync(HttpContext http, int status, object body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, body, body.GetType(), PlainJson, http.RequestAborted).ConfigureAwait(false);
    }
}
