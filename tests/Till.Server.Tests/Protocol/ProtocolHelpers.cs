using System.Text.Json;
using System.Text.RegularExpressions;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Protocol;

/// <summary>Shared checks for the Admin API protocol tests.</summary>
internal static partial class ProtocolHelpers
{
    public const string InvalidTokenBody = """{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}""";

    public const string AccessScopesDocumentation = "https://shopify.dev/api/usage/access-scopes";

    private static readonly string[] Internals =
    [
        "   at ",
        "at Till.",
        "at System.",
        "at GraphQL.",
        "at Microsoft.",
        "SqliteException",
        "Microsoft.Data",
        "/work/",
        ".cs:line",
        "StackTrace",
        "stackTrace",
    ];

    /// <summary>Issues another token for an existing shop with exactly these scopes.</summary>
    public static async Task<string> CreateTokenAsync(this TillServer server, TestShop shop, params string[] scopes)
    {
        var created = await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/tokens", new { scopes });
        return created.GetProperty("token").GetString()!;
    }

    /// <summary>Posts a document and returns status, raw body and parsed body.</summary>
    public static async Task<(int Status, string Body, JsonElement Json)> PostAsync(this TillServer server, string? token, string query, object? variables = null, string version = "2026-04")
    {
        using var response = await server.PostGraphQLAsync(token, query, variables, version);
        var body = await response.Content.ReadAsStringAsync();
        AssertNoInternals(body);
        using var document = JsonDocument.Parse(body);
        return ((int)response.StatusCode, body, document.RootElement.Clone());
    }

    /// <summary>Fails if a response body shows a stack trace, a storage exception or a server file path.</summary>
    public static void AssertNoInternals(string body)
    {
        foreach (var marker in Internals)
        {
            body.Contains(marker, StringComparison.Ordinal).ShouldBeFalse($"response leaks internals ({marker}): {body}");
        }

        StackFrame().IsMatch(body).ShouldBeFalse($"response looks like it carries a stack trace: {body}");
    }

    /// <summary>Asserts the single error of a response is Shopify's ACCESS_DENIED for <paramref name="field"/> at <paramref name="path"/>.</summary>
    public static void ShouldBeAccessDenied(JsonElement error, string field, string requiredAccess, object[] path, int line, int column)
    {
        error.GetProperty("message").GetString().ShouldBe($"Access denied for {field} field. Required access: {requiredAccess}.", error.ToString());
        var location = error.GetProperty("locations").EnumerateArray().Single();
        location.GetProperty("line").GetInt32().ShouldBe(line, error.ToString());
        location.GetProperty("column").GetInt32().ShouldBe(column, error.ToString());
        PathOf(error).ShouldBe(path.Select(p => p.ToString()!).ToArray(), error.ToString());
        var extensions = error.GetProperty("extensions");
        extensions.GetProperty("code").GetString().ShouldBe("ACCESS_DENIED");
        extensions.GetProperty("documentation").GetString().ShouldBe(AccessScopesDocumentation);
        extensions.GetProperty("requiredAccess").GetString().ShouldBe(requiredAccess + ".");
    }

    public static string[] PathOf(JsonElement error) =>
        error.TryGetProperty("path", out var path)
            ? path.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.Number ? p.GetRawText() : p.GetString()!).ToArray()
            : [];

    public static JsonElement[] Errors(JsonElement result) =>
        result.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array ? errors.EnumerateArray().ToArray() : [];

    /// <summary>The 1-based column of the first occurrence of <paramref name="text"/> in a one-line document.</summary>
    public static int ColumnOf(string query, string text)
    {
        var index = query.IndexOf(text, StringComparison.Ordinal);
        index.ShouldBeGreaterThanOrEqualTo(0);
        return index + 1;
    }

    [GeneratedRegex(@"\bat [A-Za-z_][\w.`<>]*\(")]
    private static partial Regex StackFrame();
}
