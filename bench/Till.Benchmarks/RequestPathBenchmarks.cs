using System.Text;
using BenchmarkDotNet.Attributes;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using Microsoft.AspNetCore.Builder;
using Till.Server;
using Till.Server.Auth;
using Till.Server.Cost;
using Till.Server.GraphQL;
using Till.Server.GraphQL.Pipeline;
using Till.Shops;

namespace Till.Benchmarks;

/// <summary>
/// The steps of one Admin API request for <c>{ __typename }</c> with a known token and a document
/// seen before, one by one and together, without HTTP: what the server itself spends on the
/// smallest request.
/// </summary>
[MemoryDiagnoser]
public class RequestPathBenchmarks
{
    private const string Version = "2026-04";
    private const string Query = "{ __typename }";
    private const string Token = "shpat_0123456789abcdef0123456789abcdef";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"query\":\"" + Query + "\"}");

    private readonly FakeStore store = new();
    private readonly DocumentExecuter executer = new();
    private readonly IdentityCache identities = new();
    private readonly DocumentCache documents = new();
    private readonly ThrottleBuckets buckets = new(new TillOptions(), TimeProvider.System);
    private WebApplication app = null!;
    private ISchema schema = null!;
    private GraphQLRequest request = null!;
    private ParsedDocument document;
    private ExecutionResult sample = null!;

    [GlobalSetup]
    public void Setup()
    {
        app = TillHost.Build(new TillOptions { Urls = "http://127.0.0.1:0" }, store);
        schema = SchemaFactory.Build(Version);
        request = RequestReader.Parse(Body).Request!;
        documents.Remember(Version, Query, DocumentCache.Parse(Query));
        document = documents.Get(Version, Query);
        identities.Add(Provisioning.Hash(Token), new Identity(1, FakeStore.ShopId, CloseRequest.Scopes), identities.Generation);
        sample = ExecuteAsync().GetAwaiter().GetResult();
        if (AdminJson.Instance.Serialize(sample) is var json && !json.Contains("\"QueryRoot\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("{ __typename } did not answer QueryRoot: " + json);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => app.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Step 1: the body parsed into a request.</summary>
    [Benchmark]
    public GraphQLRequest? Read() => RequestReader.Parse(Body).Request;

    /// <summary>The token's identity from memory (its hash, then the cache).</summary>
    [Benchmark]
    public long Identity()
    {
        identities.Confirm(Environment.TickCount64);
        return identities.TryGet(Provisioning.Hash(Token), out var identity) ? identity.ShopId : 0;
    }

    /// <summary>Step 2: the validated document taken from the cache.</summary>
    [Benchmark]
    public bool Document() => documents.Get(Version, Query).Validated;

    /// <summary>Steps 4 and 5: the requested cost, taken from the bucket and given back.</summary>
    [Benchmark]
    public double CostAndThrottle()
    {
        var (requested, _) = CostCheck.Price(schema, document.Document, request.OperationName, request.Variables);
        Throttle.Take(buckets, 1, requested, out _);
        return Throttle.Settle(buckets, 1, requested, 0).CurrentlyAvailable;
    }

    /// <summary>Step 6: execution of the validated document.</summary>
    [Benchmark]
    public Task<ExecutionResult> Execute() => ExecuteAsync();

    /// <summary>Writing the result.</summary>
    [Benchmark]
    public Task Write() => AdminJson.Instance.WriteAsync(Stream.Null, sample);

    /// <summary>Every step in order, as the server runs them after the version is known.</summary>
    [Benchmark(Baseline = true)]
    public async Task All()
    {
        Identity();
        var read = RequestReader.Parse(Body).Request!;
        var parsed = documents.Get(Version, read.Query!);
        var (requested, _) = CostCheck.Price(schema, parsed.Document, read.OperationName, read.Variables);
        Throttle.Take(buckets, 1, requested, out _);
        await using var context = new TillRequest(app.Services, store, FakeStore.ShopId, CloseRequest.Scopes, "bench-request", Version);
        var result = await Executor.RunAsync(executer, schema, parsed, read, context, app.Services, unhandled: null, CancellationToken.None);
        ErrorShaper.ShapeAll(result, "bench-request");
        var actual = Math.Min(requested, ActualCost.Of(result));
        result.Extensions = new Dictionary<string, object?> { ["cost"] = Responses.CostExtension(requested, actual, Throttle.Settle(buckets, 1, requested, actual)) };
        await AdminJson.Instance.WriteAsync(Stream.Null, result);
    }

    private async Task<ExecutionResult> ExecuteAsync()
    {
        await using var context = new TillRequest(app.Services, store, FakeStore.ShopId, CloseRequest.Scopes, "bench-request", Version);
        return await Executor.RunAsync(executer, schema, document, request, context, app.Services, unhandled: null, CancellationToken.None);
    }
}
