using System.Diagnostics;
using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Bulk;

/// <summary>The documents and helpers the bulk operation tests share.</summary>
internal static class BulkKit
{
    public const string RunDocument = "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status type query } userErrors { field message code } } }";

    public const string CancelDocument = "mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } } }";

    public const string StatusDocument = "query($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount fileSize url partialDataUrl createdAt completedAt query type } }";

    /// <summary>Every session with its activities, the export the issue asks for.</summary>
    public const string SessionsWithActivities =
        "{ pointOfSaleDevicePaymentSessions { edges { node { id status cashCountedAtOpen { amount currencyCode } cashActivities { edges { node { __typename cash { amount } } } } } } } }";

    /// <summary>Posts a bulk query; answers the payload.</summary>
    public static async Task<JsonElement> RunAsync(Func<string, object?, Task<JsonElement>> graphQL, string query)
    {
        var result = await graphQL(RunDocument, new { q = query });
        result.TryGetProperty("errors", out _).ShouldBeFalse(result.ToString());
        return result.GetProperty("data").GetProperty("bulkOperationRunQuery");
    }

    /// <summary>Starts a bulk query that must be accepted; answers its ID.</summary>
    public static async Task<string> StartAsync(Func<string, object?, Task<JsonElement>> graphQL, string query)
    {
        var payload = await RunAsync(graphQL, query);
        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        payload.GetProperty("bulkOperation").GetProperty("status").GetString().ShouldBe("CREATED");
        return payload.GetProperty("bulkOperation").GetProperty("id").GetString()!;
    }

    public static async Task<JsonElement> StatusAsync(Func<string, object?, Task<JsonElement>> graphQL, string id)
    {
        var result = await graphQL(StatusDocument, new { id });
        result.TryGetProperty("errors", out _).ShouldBeFalse(result.ToString());
        return result.GetProperty("data").GetProperty("bulkOperation");
    }

    /// <summary>Polls until the status is one of <paramref name="statuses"/>; answers the operation and every status seen on the way.</summary>
    public static async Task<(JsonElement Operation, List<string> Seen)> WaitForAsync(Func<string, object?, Task<JsonElement>> graphQL, string id, TimeSpan timeout, params string[] statuses)
    {
        var seen = new List<string>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var operation = await StatusAsync(graphQL, id);
            var status = operation.GetProperty("status").GetString()!;
            if (seen.Count == 0 || seen[^1] != status)
            {
                seen.Add(status);
            }

            if (statuses.Contains(status))
            {
                return (operation, seen);
            }

            clock.Elapsed.ShouldBeLessThan(timeout, $"still {status} after {timeout}: {operation}; seen {string.Join(" -> ", seen)}");
            await Task.Delay(25);
        }
    }

    /// <summary>Downloads a file's lines, checking the size matches what the operation says.</summary>
    public static async Task<(string Text, List<JsonElement> Lines)> DownloadAsync(HttpClient http, JsonElement operation, string field = "url")
    {
        var url = operation.GetProperty(field).GetString()!;
        using var response = await http.GetAsync(new Uri(url));
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(200, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/jsonl");
        long.Parse(operation.GetProperty("fileSize").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(System.Text.Encoding.UTF8.GetByteCount(text));
        text.ShouldEndWith("\n");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        return (text, lines);
    }

    /// <summary>Opens, adjusts and closes <paramref name="count"/> sessions on the shop's device, so each has several activities.</summary>
    public static async Task<List<string>> SeedSessionsAsync(TestShop shop, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = await shop.OpenAsync("100.00");
            (await shop.AdjustPayloadAsync(id, "5.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
            (await shop.ClosePayloadAsync(id, "105.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
            ids.Add(id);
        }

        return ids;
    }

    public static Func<string, object?, Task<JsonElement>> Client(TestShop shop) => (query, variables) => shop.GraphQLAsync(query, variables);
}
