using System.Globalization;
using BenchmarkDotNet.Attributes;
using GraphQL;
using GraphQL.SystemTextJson;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Builder;
using Till.Server;

namespace Till.Benchmarks;

/// <summary>What the benchmarks share: the close mutation as a client sends it, and AdminApi's parser options.</summary>
internal static class CloseRequest
{
    public const string Version = "2026-04";

    public const string Query =
        "mutation Close($session: ID!, $staff: ID!, $balance: MoneyInput!) { pointOfSaleDevicePaymentSessionClose(pointOfSaleDevicePaymentSessionId: $session, staffMemberId: $staff, balance: $balance) " +
        "{ pointOfSaleDevicePaymentSession { id status expectedCashAtClose { amount } closingAdjustment { amount } } userErrors { field message code } } }";

    public static readonly ParserOptions ParserOptions = new() { MaxDepth = 64 };

    public static readonly HashSet<string> Scopes = new(StringComparer.Ordinal) { "read_cash_tracking", "write_cash_tracking", "read_point_of_sale_devices", "write_point_of_sale_devices" };

    public static readonly GraphQLSerializer Serializer = new();

    /// <summary>The variables as AdminApi gets them: deserialized from the request body by GraphQL.SystemTextJson.</summary>
    public static Inputs Variables(long sessionId, long staffId, string amount) =>
        Serializer.Deserialize<GraphQLRequest>(
            "{\"query\": \"\", \"variables\": {\"session\": \"gid://shopify/PointOfSaleDevicePaymentSession/" + sessionId.ToString(CultureInfo.InvariantCulture) +
            "\", \"staff\": \"gid://shopify/StaffMember/" + staffId.ToString(CultureInfo.InvariantCulture) +
            "\", \"balance\": {\"amount\": \"" + amount + "\", \"currencyCode\": \"USD\"}}}")!.Variables!;

    /// <summary>Executes the close as AdminApi does (request context, scopes, version); <paramref name="skipValidation"/> as for a cached, validated document.</summary>
    public static async Task<ExecutionResult> ExecuteAsync(
        IDocumentExecuter executer, IServiceProvider services, ISchema schema, Till.Storage.ITillStore store, long shopId, GraphQLDocument document, Inputs variables, bool skipValidation)
    {
        var context = TillInternals.NewRequest(services, store, shopId, Scopes, Version);
        await using (context)
        {
            return await executer.ExecuteAsync(options =>
            {
                options.Schema = schema;
                options.Query = Query;
                options.Document = document;
                options.Variables = variables;
                options.UserContext = (IDictionary<string, object?>)context;
                options.RequestServices = services;
                options.ThrowOnUnhandledException = true;
                if (skipValidation)
                {
                    options.ValidationRules = [];
                }
            });
        }
    }

    public static void Check(ExecutionResult result)
    {
        if (result.Errors is { Count: > 0 } errors)
        {
            throw new InvalidOperationException("The close mutation failed: " + string.Join("; ", errors.Select(e => e.Message)));
        }

        var json = Serializer.Serialize(result);
        if (!json.Contains("\"CLOSED\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The close mutation did not close: " + json);
        }
    }
}

/// <summary>
/// Parse, cost, validate and execute of <c>pointOfSaleDevicePaymentSessionClose</c> against the real
/// schema and resolvers with a store that does no I/O: the GraphQL layer's own cost per mutation,
/// without and with a cache of parsed documents.
/// </summary>
[MemoryDiagnoser]
public class CloseMutationBenchmarks
{
    private readonly FakeStore store = new();
    private readonly DocumentExecuter executer = new();
    private readonly DocumentValidator validator = new();
    private WebApplication app = null!;
    private ISchema schema = null!;
    private Inputs variables = null!;
    private GraphQLDocument cached = null!;
    private ExecutionResult sample = null!;

    [GlobalSetup]
    public void Setup()
    {
        app = TillHost.Build(new TillOptions { Urls = "http://127.0.0.1:0" }, store);
        schema = TillInternals.BuildSchema(CloseRequest.Version);
        variables = CloseRequest.Variables(FakeStore.SessionId, FakeStore.StaffId, "119.50");
        cached = Parser.Parse(CloseRequest.Query, CloseRequest.ParserOptions);
        sample = CloseCachedDocument().GetAwaiter().GetResult();
        CloseRequest.Check(sample);
        CloseRequest.Check(CloseCachedDocumentSkipValidation().GetAwaiter().GetResult());
    }

    [GlobalCleanup]
    public void Cleanup() => app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>GraphQLParser.Parser.Parse of the mutation text, as AdminApi does on every request.</summary>
    [Benchmark]
    public GraphQLDocument Parse() => Parser.Parse(CloseRequest.Query, CloseRequest.ParserOptions);

    /// <summary>QueryCost.Requested, which AdminApi computes on every request before executing.</summary>
    [Benchmark]
    public int Cost() => TillInternals.Cost(schema, cached, variables);

    /// <summary>GraphQL.NET's validation rules over the parsed document (the executer runs them on every request).</summary>
    [Benchmark]
    public async Task<bool> Validate()
    {
        var operation = cached.Definitions.OfType<GraphQLOperationDefinition>().First();
        var result = await validator.ValidateAsync(new ValidationOptions
        {
            Schema = schema,
            Document = cached,
            Rules = DocumentValidator.CoreRules,
            Operation = operation,
            Variables = variables,
            UserContext = new Dictionary<string, object?>(),
        });
        return result.IsValid;
    }

    /// <summary>What AdminApi does today: parse the text, price it, then validate and execute.</summary>
    [Benchmark(Baseline = true)]
    public Task<ExecutionResult> CloseNoCache()
    {
        var document = Parser.Parse(CloseRequest.Query, CloseRequest.ParserOptions);
        TillInternals.Cost(schema, document, variables);
        return ExecuteAsync(document);
    }

    /// <summary>The same with the parsed document reused for an identical query string.</summary>
    [Benchmark]
    public Task<ExecutionResult> CloseCachedDocument()
    {
        TillInternals.Cost(schema, cached, variables);
        return ExecuteAsync(cached);
    }

    /// <summary>
    /// The cache GraphQL.NET's own document caching implies: a document is cached only after it validated,
    /// so a hit reuses the parsed document and runs no validation rules (ExecutionOptions.CachedDocumentValidationRules, empty by default).
    /// </summary>
    [Benchmark]
    public Task<ExecutionResult> CloseCachedDocumentSkipValidation()
    {
        TillInternals.Cost(schema, cached, variables);
        return ExecuteAsync(cached, skipValidation: true);
    }

    /// <summary>Writing the result as AdminApi does (GraphQLSerializer to the response body).</summary>
    [Benchmark]
    public Task Serialize() => CloseRequest.Serializer.WriteAsync(Stream.Null, sample);

    private Task<ExecutionResult> ExecuteAsync(GraphQLDocument document, bool skipValidation = false) =>
        CloseRequest.ExecuteAsync(executer, app.Services, schema, store, FakeStore.ShopId, document, variables, skipValidation);
}
