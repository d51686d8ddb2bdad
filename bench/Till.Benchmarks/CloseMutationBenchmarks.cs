using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Builder;
using Till.Server;
using Till.Server.Cost;
using Till.Server.GraphQL;
using Till.Server.GraphQL.Pipeline;

namespace Till.Benchmarks;

/// <summary>What the benchmarks share: the close mutation as a client sends it, read and executed by the server's own steps.</summary>
internal static class CloseRequest
{
    public const string Version = "2026-04";

    public const string Query =
        "mutation Close($session: ID!, $staff: ID!, $balance: MoneyInput!) { pointOfSaleDevicePaymentSessionClose(pointOfSaleDevicePaymentSessionId: $session, staffMemberId: $staff, balance: $balance) " +
        "{ pointOfSaleDevicePaymentSession { id status expectedCashAtClose { amount } closingAdjustment { amount } } userErrors { field message code } } }";

    public static readonly HashSet<string> Scopes = new(StringComparer.Ordinal) { "read_cash_tracking", "write_cash_tracking", "read_point_of_sale_devices", "write_point_of_sale_devices" };

    /// <summary>The request as the server gets it: a JSON body read by <see cref="RequestReader"/>.</summary>
    public static GraphQLRequest Request(long sessionId, long staffId, string amount) =>
        RequestReader.Parse(Encoding.UTF8.GetBytes(
            "{\"query\": \"" + Query + "\", \"variables\": {\"session\": \"gid://shopify/PointOfSaleDevicePaymentSession/" + sessionId.ToString(CultureInfo.InvariantCulture) +
            "\", \"staff\": \"gid://shopify/StaffMember/" + staffId.ToString(CultureInfo.InvariantCulture) +
            "\", \"balance\": {\"amount\": \"" + amount + "\", \"currencyCode\": \"USD\"}}}")).Request!;

    /// <summary>
    /// Executes the close through the server's execute step (request context, scopes, version);
    /// <paramref name="validated"/> as for a document taken from the cache of validated documents.
    /// </summary>
    public static async Task<ExecutionResult> ExecuteAsync(
        IDocumentExecuter executer, IServiceProvider services, ISchema schema, Till.Storage.ITillStore store, long shopId, GraphQLDocument document, GraphQLRequest request, bool validated)
    {
        await using var context = new TillRequest(services, store, shopId, Scopes, "bench-request", Version);
        return await Executor.RunAsync(executer, schema, new ParsedDocument(document, validated), request, context, services, unhandled: null, CancellationToken.None);
    }

    public static void Check(ExecutionResult result)
    {
        if (result.Errors is { Count: > 0 } errors)
        {
            throw new InvalidOperationException("The close mutation failed: " + string.Join("; ", errors.Select(e => e.Message)));
        }

        var json = AdminJson.Instance.Serialize(result);
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
    private GraphQLRequest request = null!;
    private GraphQLDocument cached = null!;
    private ExecutionResult sample = null!;

    [GlobalSetup]
    public void Setup()
    {
        app = TillHost.Build(new TillOptions { Urls = "http://127.0.0.1:0" }, store);
        schema = SchemaFactory.Build(CloseRequest.Version);
        request = CloseRequest.Request(FakeStore.SessionId, FakeStore.StaffId, "119.50");
        cached = DocumentCache.Parse(CloseRequest.Query);
        sample = CloseCachedDocument().GetAwaiter().GetResult();
        CloseRequest.Check(sample);
        CloseRequest.Check(CloseCachedDocumentSkipValidation().GetAwaiter().GetResult());
    }

    [GlobalCleanup]
    public void Cleanup() => app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Parsing the mutation text (DocumentCache.Parse), as the server does for a text it has not validated before.</summary>
    [Benchmark]
    public GraphQLDocument Parse() => DocumentCache.Parse(CloseRequest.Query);

    /// <summary>The requested cost (RequestedCost.Of), which the server works out on every request before executing.</summary>
    [Benchmark]
    public int Cost() => RequestedCost.Of(schema, cached, null, request.Variables);

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
            Variables = request.Variables ?? Inputs.Empty,
            UserContext = new Dictionary<string, object?>(),
        });
        return result.IsValid;
    }

    /// <summary>A text seen for the first time: parse it, price it, then validate and execute.</summary>
    [Benchmark(Baseline = true)]
    public Task<ExecutionResult> CloseNoCache()
    {
        var document = DocumentCache.Parse(CloseRequest.Query);
        RequestedCost.Of(schema, document, null, request.Variables);
        return ExecuteAsync(document);
    }

    /// <summary>The same with the parsed document reused for an identical query string.</summary>
    [Benchmark]
    public Task<ExecutionResult> CloseCachedDocument()
    {
        RequestedCost.Of(schema, cached, null, request.Variables);
        return ExecuteAsync(cached);
    }

    /// <summary>
    /// What the server does for a text it validated before: the cached document, priced, executed without
    /// the validation rules (Executor.RulesForValidated); variables are still coerced.
    /// </summary>
    [Benchmark]
    public Task<ExecutionResult> CloseCachedDocumentSkipValidation()
    {
        RequestedCost.Of(schema, cached, null, request.Variables);
        return ExecuteAsync(cached, validated: true);
    }

    /// <summary>Writing the result as the server does (AdminJson to the response body).</summary>
    [Benchmark]
    public Task Serialize() => AdminJson.Instance.WriteAsync(Stream.Null, sample);

    private Task<ExecutionResult> ExecuteAsync(GraphQLDocument document, bool validated = false) =>
        CloseRequest.ExecuteAsync(executer, app.Services, schema, store, FakeStore.ShopId, document, request, validated);
}
