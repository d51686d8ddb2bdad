using System.Net;
using System.Text;
using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Control;

/// <summary>Raw control API calls and the checks every control answer shares.</summary>
internal static class ControlCalls
{
    /// <summary>Sends a body exactly as given (which may be invalid JSON), with the admin key unless told otherwise.</summary>
    public static async Task<HttpResponseMessage> RawAsync(TillServer server, HttpMethod method, string path, string? body, string? authorization = "Bearer " + TillServer.AdminKeyValue)
    {
        using var request = new HttpRequestMessage(method, "/till/v1" + path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await server.Http.SendAsync(request);
    }

    /// <summary>Checks the status and the <c>{"error": {"code", "message", "field"}}</c> shape; returns the error object.</summary>
    public static async Task<JsonElement> ShouldBeErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? field = null)
    {
        using (response)
        {
            var body = await TillServer.ReadJsonAsync(response);
            response.StatusCode.ShouldBe(status, body.ToString());
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
            body.ValueKind.ShouldBe(JsonValueKind.Object);
            var error = body.GetProperty("error");
            error.GetProperty("code").GetString().ShouldBe(code, body.ToString());
            error.GetProperty("message").ValueKind.ShouldBe(JsonValueKind.String);
            error.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
            error.TryGetProperty("field", out var fieldValue).ShouldBeTrue(body.ToString());
            fieldValue.ValueKind.ShouldBeOneOf(JsonValueKind.String, JsonValueKind.Null);
            if (field is not null)
            {
                fieldValue.GetString().ShouldBe(field, body.ToString());
            }

            return error;
        }
    }

    /// <summary>Reads a success answer, checking its status.</summary>
    public static async Task<JsonElement> ShouldBeOkAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var body = await TillServer.ReadJsonAsync(response);
            response.StatusCode.ShouldBe(status, body.ToString());
            return body;
        }
    }

    public static string Escaped(string gid) => Uri.EscapeDataString(gid);
}
