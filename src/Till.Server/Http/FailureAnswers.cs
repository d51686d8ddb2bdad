using GraphQL;
using Microsoft.AspNetCore.Connections;
using Till.Server.Control;
using Till.Server.GraphQL.Pipeline;

namespace Till.Server.Http;

/// <summary>
/// What escapes an endpoint is answered here, in the protocol of the surface it reached, with the
/// headers every answer carries (<c>X-Request-Id</c>, and <c>X-Shopify-API-Version</c> once the
/// Admin API set it):
/// <list type="bullet">
/// <item>a client that went away (reset, aborted) gets nothing, and one line at Information;</item>
/// <item>a body Kestrel refused while it was read (sent too slowly: 408; too large: 413) is answered
/// with that status in the surface's error shape, <c>Connection: close</c>, and one line at Information;</item>
/// <item>anything else is an internal error: the Admin API's <c>INTERNAL_SERVER_ERROR</c> (HTTP 200,
/// with the request ID), the control API's 500 <c>{"error": {"code": "INTERNAL_ERROR", ...}}</c>, logged
/// as an error with the exception. Neither answer carries anything of what failed.</item>
/// </list>
/// </summary>
internal static partial class FailureAnswers
{
    public const string AdminPrefix = "/admin/api";

    public const string ControlPrefix = "/till/v1";

    private static readonly string[] KeptHeaders = ["X-Request-Id", "X-Shopify-API-Version"];

    public static void UseFailureAnswers(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Till.Http");
        app.Use(async (http, next) =>
        {
            try
            {
                await next(http).ConfigureAwait(false);
            }
            catch (Exception e) when (ClientGone(http, e))
            {
                if (log.IsEnabled(LogLevel.Information))
                {
                    var (requestId, route, reason) = (http.RequestId(), RequestLog.SafePath(http), e.GetType().Name);
                    ClientWentAway(log, requestId, http.Request.Method, route, reason);
                }
            }
            catch (BadHttpRequestException e)
            {
                if (log.IsEnabled(LogLevel.Information))
                {
                    var (requestId, route, reason) = (http.RequestId(), RequestLog.SafePath(http), e.Message.ReplaceLineEndings(" "));
                    BodyRefused(log, requestId, http.Request.Method, route, e.StatusCode, reason);
                }

                await AnswerRefusedBodyAsync(http, e.StatusCode).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever failed, the client gets the protocol's internal error.
            catch (Exception e)
#pragma warning restore CA1031
            {
                UnhandledFailure(log, http.RequestId(), e);
                await AnswerInternalErrorAsync(http).ConfigureAwait(false);
            }
        });
    }

    /// <summary>Whether the failure is the client's connection ending, not something to answer.</summary>
    private static bool ClientGone(HttpContext http, Exception e) =>
        e is ConnectionResetException
        || (http.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException);

    private static async Task AnswerRefusedBodyAsync(HttpContext http, int status)
    {
        if (!Reset(http))
        {
            return;
        }

        http.Response.Headers.Connection = "close";
        var message = status switch
        {
            StatusCodes.Status408RequestTimeout => "The request body was not received in time.",
            StatusCodes.Status413PayloadTooLarge => $"Request body is larger than {RequestReader.MaxBodyBytes} bytes.",
            _ => "The request body could not be read.",
        };

        if (IsControl(http))
        {
            var code = status switch
            {
                StatusCodes.Status408RequestTimeout => "REQUEST_TIMEOUT",
                StatusCodes.Status413PayloadTooLarge => "PAYLOAD_TOO_LARGE",
                _ => "BAD_REQUEST",
            };
            await ControlApi.Error(status, code, message).ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        await Responses.WriteJsonAsync(http, status, new { errors = new[] { new { message } } }).ConfigureAwait(false);
    }

    private static async Task AnswerInternalErrorAsync(HttpContext http)
    {
        if (!Reset(http))
        {
            // Part of an answer is out: end the connection rather than let it pass for a whole one.
            http.Abort();
            return;
        }

        var requestId = http.RequestId();
        if (http.Request.Path.StartsWithSegments(AdminPrefix, StringComparison.Ordinal))
        {
            await Responses.WriteResultAsync(http, new ExecutionResult { Executed = false, Errors = [ErrorShaper.InternalError(requestId)] }).ConfigureAwait(false);
            return;
        }

        var message = $"Internal error. Request ID: {requestId} (include this in support requests).";
        if (IsControl(http))
        {
            await ControlApi.Error(StatusCodes.Status500InternalServerError, "INTERNAL_ERROR", message).ExecuteAsync(http).ConfigureAwait(false);
            return;
        }

        await Responses.WriteJsonAsync(http, StatusCodes.Status500InternalServerError, new { errors = new[] { new { message } } }).ConfigureAwait(false);
    }

    /// <summary>Clears whatever the endpoint set, except the headers every answer keeps; false when the answer has already started.</summary>
    private static bool Reset(HttpContext http)
    {
        if (http.Response.HasStarted)
        {
            return false;
        }

        var kept = KeptHeaders.Select(name => (name, value: http.Response.Headers[name])).Where(h => h.value.Count > 0).ToList();
        http.Response.Clear();
        foreach (var (name, value) in kept)
        {
            http.Response.Headers[name] = value;
        }

        return true;
    }

    private static bool IsControl(HttpContext http) => http.Request.Path.StartsWithSegments(ControlPrefix, StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} {Method} {Route}: the client went away ({Reason})")]
    private static partial void ClientWentAway(ILogger logger, string requestId, string method, string route, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} {Method} {Route}: body refused with HTTP {Status} ({Reason})")]
    private static partial void BodyRefused(ILogger logger, string requestId, string method, string route, int status, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure in request {RequestId}")]
    private static partial void UnhandledFailure(ILogger logger, string requestId, Exception exception);
}
