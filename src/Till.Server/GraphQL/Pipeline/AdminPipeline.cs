using GraphQL;
using Till.Server.Auth;
using Till.Server.Cost;
using Till.Server.Observability;
using Till.Storage;

namespace Till.Server.GraphQL.Pipeline;

/// <summary>
/// One Admin API GraphQL request after its version and token are known, in named steps: read the
/// body (<see cref="RequestReader"/>), parse or reuse the document (<see cref="DocumentCache"/>),
/// check its limits (<see cref="DocumentLimits"/>) and cost (<see cref="CostCheck"/>), take the cost
/// from the token's bucket (<see cref="Throttle"/>), execute (<see cref="Executor"/>), shape the
/// errors (<see cref="ErrorShaper"/>), and write the result with its cost (<see cref="Responses"/>).
/// </summary>
internal sealed partial class AdminPipeline(ApiVersions versions, DocumentCache documents, IDocumentExecuter executer, ITillStore store, ThrottleBuckets buckets, TillTelemetry telemetry, ILoggerFactory logs)
{
    private readonly ILogger log = logs.CreateLogger("Till.AdminApi");

    public async Task RunAsync(HttpContext http, string version, Identity identity, string requestId)
    {
        var body = await RequestReader.ReadAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        if (body.Request is not { } request)
        {
            if (body.TooLarge)
            {
                // The rest of the body is not read, so this connection cannot carry another request.
                http.Response.Headers.Connection = "close";
                await Responses.WriteJsonAsync(http, StatusCodes.Status413PayloadTooLarge, new { errors = new[] { new { message = $"Request body is larger than {RequestReader.MaxBodyBytes} bytes." } } }).ConfigureAwait(false);
            }
            else
            {
                await Responses.WriteJsonAsync(http, StatusCodes.Status400BadRequest, new { errors = new[] { new { message = body.Problem } } }).ConfigureAwait(false);
            }

            return;
        }

        var schema = versions[version];
        ParsedDocument document;
        try
        {
            document = documents.Get(version, request.Query!);
        }
        catch (GraphQLParser.Exceptions.GraphQLParserException e)
        {
            // Nothing was requested, so the actual cost is known: nothing.
            await Responses.WriteResultAsync(http, Responses.Refused(ErrorShaper.ParseError(e), 0, Throttle.Untouched(buckets, identity.TokenId), actual: 0)).ConfigureAwait(false);
            return;
        }

        if (!document.Validated && DocumentLimits.Check(document.Document) is { } tooBig)
        {
            await Responses.WriteResultAsync(http, Responses.Refused(tooBig, 0, Throttle.Untouched(buckets, identity.TokenId))).ConfigureAwait(false);
            return;
        }

        using var span = TillTelemetry.StartOperation(document.Document, request.OperationName, version);
        var (requested, tooDear) = CostCheck.Price(schema, document.Document, request.OperationName, request.Variables);
        if (tooDear is not null)
        {
            telemetry.Cost(requested, actual: null);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "MAX_COST_EXCEEDED");
            await Responses.WriteResultAsync(http, Responses.Refused(tooDear, requested, Throttle.Untouched(buckets, identity.TokenId))).ConfigureAwait(false);
            return;
        }

        if (Throttle.Take(buckets, identity.TokenId, requested, out var before) is { } throttled)
        {
            telemetry.Cost(requested, actual: null);
            telemetry.Throttled();
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "THROTTLED");
            await Responses.WriteResultAsync(http, Responses.Refused(throttled, requested, before)).ConfigureAwait(false);
            return;
        }

        await using var context = new TillRequest(http.RequestServices, store, identity.ShopId, identity.Scopes, requestId, version, identity.StaffId) { TokenId = identity.TokenId };
        var result = await Executor.RunAsync(executer, schema, document, request, context, http.RequestServices, failure =>
        {
            UnhandledFailure(log, requestId, failure);
            return Task.CompletedTask;
        }, http.RequestAborted).ConfigureAwait(false);

        ErrorShaper.ShapeAll(result, requestId);
        if (context.SearchWarnings.Count > 0)
        {
            result.Extensions ??= new Dictionary<string, object?>();
            result.Extensions["search"] = context.SearchWarnings;
        }

        if (!document.Validated && result.Executed)
        {
            documents.Remember(version, request.Query!, document.Document);
        }

        var actual = result.Executed ? Math.Min(requested, ActualCost.Of(result)) : 0;
        var after = Throttle.Settle(buckets, identity.TokenId, requested, actual);
        telemetry.Cost(requested, result.Executed ? actual : null);
        if (span is not null && result.Errors is { Count: > 0 })
        {
            span.SetStatus(System.Diagnostics.ActivityStatusCode.Error, result.Errors[0].Code);
        }

        result.Extensions ??= new Dictionary<string, object?>();
        result.Extensions["cost"] = Responses.CostExtension(requested, actual, after);
        if (context.IdempotentAnswers.Count == 0)
        {
            await Responses.WriteResultAsync(http, result).ConfigureAwait(false);
            return;
        }

        var bytes = await IdempotentAnswers.SettleAsync(store, identity.ShopId, context.IdempotentAnswers, AdminJson.Instance.ToBytes(result), http.RequestAborted).ConfigureAwait(false);
        await Responses.WriteBytesAsync(http, bytes).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure in request {RequestId}")]
    private static partial void UnhandledFailure(ILogger logger, string requestId, Exception exception);
}
