using System.Text.Json;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Transport;
using GraphQLParser.AST;
using Till.Server.Auth;
using Till.Server.Cost;
using Till.Server.GraphQL;
using Till.Storage;

namespace Till.Server.Http;

/// <summary><c>POST /admin/api/{version}/graphql.json</c>: the Admin GraphQL endpoint.</summary>
internal static partial class AdminApi
{
    /// <summary>Bodies larger than this are refused before parsing.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>The most a single query may cost.</summary>
    public const int MaxQueryCost = 1000;

    /// <summary>The deepest document nesting the parser accepts.</summary>
    public const int MaxDocumentDepth = 64;

    /// <summary>The most fields a document may select once every fragment spread is expanded.</summary>
    public const int MaxExpandedFields = 5000;

    /// <summary>How many validated documents are kept for reuse; beyond it new texts are simply not cached.</summary>
    private const int MaxCachedDocuments = 10_000;

    /// <summary>Documents that passed validation, by version and exact text: parsing and validating dominate a small mutation.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Version, string Query), GraphQLDocument> ValidatedDocuments = new();

    private const string RateLimitDocs = "https://shopify.dev/api/usage/rate-limits";

    private const string InvalidToken = "[API] Invalid API key or access token (unrecognized login or wrong password)";

    private static readonly GraphQLSerializer Serializer = new(o => o.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, new ShopifyErrorInfoProvider());

    public static void Map(WebApplication app) =>
        app.MapPost("/admin/api/{version}/graphql.json", HandleAsync);

    private static async Task HandleAsync(HttpContext http, string version, ApiVersions versions, TokenAuthenticator auth, IDocumentExecuter executer, ITillStore store, ThrottleBuckets buckets, ILoggerFactory logs)
    {
        var requestId = http.RequestId();
        var served = ApiVersions.Resolve(version);
        if (served is null)
        {
            await WriteJsonAsync(http, StatusCodes.Status404NotFound, new { errors = "Not Found" }).ConfigureAwait(false);
            return;
        }

        http.Response.Headers["X-Shopify-API-Version"] = served;
        var token = http.Request.Headers["X-Shopify-Access-Token"] is { Count: 1 } header ? header[0] : null;
        var identity = string.IsNullOrEmpty(token) ? null : await auth.AuthenticateAsync(token, http.RequestAborted).ConfigureAwait(false);
        if (identity is null)
        {
            await WriteJsonAsync(http, StatusCodes.Status401Unauthorized, new { errors = InvalidToken }).ConfigureAwait(false);
            return;
        }

        var (request, problem) = await ReadRequestAsync(http).ConfigureAwait(false);
        if (request is null)
        {
            if (problem == "too large")
            {
                // The rest of the body is not read, so this connection cannot carry another request.
                http.Response.Headers.Connection = "close";
            }

            await WriteJsonAsync(http, problem == "too large" ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
                new { errors = new[] { new { message = problem == "too large" ? $"Request body is larger than {MaxBodyBytes} bytes." : problem } } }).ConfigureAwait(false);
            return;
        }

        var schema = versions[served];
        var cacheKey = (served, request.Query!);
        var cached = ValidatedDocuments.TryGetValue(cacheKey, out var document);
        if (!cached)
        {
            try
            {
                document = GraphQLParser.Parser.Parse(request.Query, new GraphQLParser.ParserOptions { MaxDepth = MaxDocumentDepth });
            }
            catch (GraphQLParser.Exceptions.GraphQLParserException e)
            {
                // Parsed here once, with Till's depth limit; GraphQL.NET is never handed a document this parser refused.
                var status = buckets.Refund(identity.TokenId, 0);
                var refused = Refused(ParseErrorMessage(e), new Dictionary<string, object?> { ["code"] = "parseError" }, 0, status);
                ((Dictionary<string, object?>)refused.Extensions!["cost"]!)["actualQueryCost"] = 0;
                if (e.Location.Line > 0)
                {
                    refused.Errors![0].AddLocation(new GraphQLParser.Location(e.Location.Line, e.Location.Column));
                }

                await WriteResultAsync(http, refused).ConfigureAwait(false);
                return;
            }

            if (QueryCost.ExpandedFieldCount(document) > MaxExpandedFields)
            {
                var status = buckets.Refund(identity.TokenId, 0);
                await WriteResultAsync(http, Refused(
                    $"The document selects more than {MaxExpandedFields} fields once its fragments are expanded.",
                    new Dictionary<string, object?> { ["code"] = "MAX_COMPLEXITY_EXCEEDED", ["maxFields"] = MaxExpandedFields },
                    0, status)).ConfigureAwait(false);
                return;
            }
        }

        var requested = QueryCost.Requested(schema, document!, request.OperationName, request.Variables);

        if (requested > MaxQueryCost)
        {
            var status = buckets.Refund(identity.TokenId, 0);
            await WriteResultAsync(http, Refused(
                $"Query cost is {requested}, which exceeds the single query max cost limit ({MaxQueryCost}). Ask for fewer nodes with first or last, or split the query.",
                new Dictionary<string, object?> { ["code"] = "MAX_COST_EXCEEDED", ["cost"] = requested, ["maxCost"] = MaxQueryCost, ["documentation"] = RateLimitDocs },
                requested, status)).ConfigureAwait(false);
            return;
        }

        if (!buckets.TryTake(identity.TokenId, requested, out var before))
        {
            await WriteResultAsync(http, Refused(
                "Throttled",
                new Dictionary<string, object?> { ["code"] = "THROTTLED", ["documentation"] = RateLimitDocs },
                requested, before)).ConfigureAwait(false);
            return;
        }

        await using var context = new TillRequest(http.RequestServices, store, identity.ShopId, identity.Scopes, requestId, served);
        var result = await executer.ExecuteAsync(options =>
        {
            options.Schema = schema;
            options.Query = request.Query;
            options.Document = document;
            if (cached)
            {
                // This exact text already passed validation against this schema; variables are still coerced.
                options.ValidationRules = [];
            }
            options.Variables = request.Variables;
            options.OperationName = request.OperationName;
            options.UserContext = context;
            options.RequestServices = http.RequestServices;
            options.CancellationToken = http.RequestAborted;
            options.ThrowOnUnhandledException = false;
            options.UnhandledExceptionDelegate = failure =>
            {
                UnhandledFailure(logs.CreateLogger("Till.AdminApi"), requestId, failure.Exception);
                return Task.CompletedTask;
            };
        }).ConfigureAwait(false);

        if (result.Errors is { Count: > 0 } errors)
        {
            var shaped = new ExecutionErrors();
            foreach (var error in errors)
            {
                shaped.Add(ErrorShaper.Shape(error, requestId));
            }

            result.Errors = shaped;
        }

        if (context.SearchWarnings.Count > 0)
        {
            result.Extensions ??= new Dictionary<string, object?>();
            result.Extensions["search"] = context.SearchWarnings;
        }

        if (!cached && result.Executed && ValidatedDocuments.Count < MaxCachedDocuments)
        {
            ValidatedDocuments.TryAdd(cacheKey, document!);
        }

        var actual = result.Executed ? Math.Min(requested, QueryCost.Actual(result)) : 0;
        var after = buckets.Refund(identity.TokenId, requested - actual);
        result.Extensions ??= new Dictionary<string, object?>();
        result.Extensions["cost"] = CostExtension(requested, actual, after);
        await WriteResultAsync(http, result).ConfigureAwait(false);
    }

    private static string ParseErrorMessage(GraphQLParser.Exceptions.GraphQLParserException e) =>
        e is GraphQLParser.Exceptions.GraphQLMaxDepthExceededException
            ? $"Parse error: the document is nested more than {MaxDocumentDepth} levels deep."
            : "Parse error: " + e.Description;

    private static ExecutionResult Refused(string message, Dictionary<string, object?> extensions, int requested, ThrottleStatus status) => new()
    {
        Executed = false,
        Errors = [new ShopifyError(message, extensions)],
        Extensions = new Dictionary<string, object?> { ["cost"] = CostExtension(requested, null, status) },
    };

    private static Dictionary<string, object?> CostExtension(int requested, int? actual, ThrottleStatus status) => new()
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

    private static async Task WriteResultAsync(HttpContext http, ExecutionResult result)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json; charset=utf-8";
        await Serializer.WriteAsync(http.Response.Body, result, http.RequestAborted).ConfigureAwait(false);
    }

    private static async Task<(GraphQLRequest? Request, string Problem)> ReadRequestAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return (null, "too large");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return (null, "too large");
            }

            buffer.Write(chunk, 0, read);
        }

        GraphQLRequest? request;
        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, "Request body must be a JSON object with a query.");
            }

            if (document.RootElement.TryGetProperty("variables", out var variables) && variables.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                return (null, "variables must be a JSON object.");
            }

            request = Serializer.Deserialize<GraphQLRequest>(document.RootElement.GetRawText());
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return (null, "Request body is not valid JSON.");
        }

        if (request is null || string.IsNullOrWhiteSpace(request.Query))
        {
            return (null, "No query string was present");
        }

        return (request, string.Empty);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure in request {RequestId}")]
    private static partial void UnhandledFailure(ILogger logger, string requestId, Exception exception);

    private static readonly JsonSerializerOptions PlainJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static async Task WriteJsonAsync(HttpContext http, int status, object body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, body, body.GetType(), PlainJson, http.RequestAborted).ConfigureAwait(false);
    }

}
