using BenchmarkDotNet.Attributes;
using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Till.Drawers;
using Till.Money;
using Till.Server;
using Till.Server.Cost;
using Till.Server.GraphQL;
using Till.Server.GraphQL.Pipeline;
using Till.Sessions;
using Till.Shops;
using Till.Storage;

namespace Till.Benchmarks;

/// <summary>
/// A real close on SQLite: each invocation opens a session through the use case, then closes it,
/// either through the use case (no GraphQL) or through GraphQL with and without a document cache.
/// The difference between the first and the others is what GraphQL adds to a close that hits the disk.
/// </summary>
[MemoryDiagnoser]
public class CloseSqliteBenchmarks
{
    private readonly DocumentExecuter executer = new();
    private BenchSqliteShop bench = null!;
    private ISchema schema = null!;
    private SessionLedger ledger = null!;
    private GraphQLDocument cached = null!;
    private long shopId, deviceId, staffId;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        bench = await BenchSqliteShop.StartAsync("close");
        schema = SchemaFactory.Build(CloseRequest.Version);
        ledger = bench.Service<SessionLedger>();
        (shopId, deviceId, staffId) = (bench.ShopId, bench.DeviceId, bench.StaffId);
        cached = DocumentCache.Parse(CloseRequest.Query);
        CloseRequest.Check(await CloseGraphQLAsync(await OpenAsync(), cached));
        CloseRequest.Check(await CloseGraphQLAsync(await OpenAsync(), cached, validated: true));
    }

    [GlobalCleanup]
    public void Cleanup() => bench.Dispose();

    /// <summary>Open and close through the use case: the storage work alone.</summary>
    [Benchmark(Baseline = true)]
    public async Task<PaymentSession> OpenThenCloseByUseCase()
    {
        var session = await OpenAsync();
        var closed = await ledger.CloseAsync(new CountSessionCommand(shopId, session, new MoneyInput("100.00", "USD"), staffId, null, false, null, null, null));
        return closed.Value!;
    }

    /// <summary>Open through the use case, close through GraphQL parsing the text each time (as for a text the server has not seen).</summary>
    [Benchmark]
    public async Task<ExecutionResult> OpenThenCloseByGraphQLNoCache() =>
        await CloseGraphQLAsync(await OpenAsync(), DocumentCache.Parse(CloseRequest.Query));

    /// <summary>Open through the use case, close through GraphQL reusing the parsed document.</summary>
    [Benchmark]
    public async Task<ExecutionResult> OpenThenCloseByGraphQLCached() => await CloseGraphQLAsync(await OpenAsync(), cached);

    /// <summary>Open through the use case, close through GraphQL reusing the parsed, already validated document (no validation rules).</summary>
    [Benchmark]
    public async Task<ExecutionResult> OpenThenCloseByGraphQLCachedSkipValidation() => await CloseGraphQLAsync(await OpenAsync(), cached, validated: true);

    private async Task<long> OpenAsync()
    {
        var opened = await ledger.OpenAsync(new OpenSessionCommand(shopId, deviceId, new MoneyInput("100.00", "USD"), staffId, null, false, null, null, null));
        return opened.Value?.Id ?? throw new InvalidOperationException("open failed: " + string.Join("; ", opened.Errors.Select(e => e.Message)));
    }

    private async Task<ExecutionResult> CloseGraphQLAsync(long sessionId, GraphQLDocument document, bool validated = false)
    {
        var request = CloseRequest.Request(sessionId, staffId, "100.00");
        RequestedCost.Of(schema, document, null, request.Variables);
        return await CloseRequest.ExecuteAsync(executer, bench.App.Services, schema, bench.Store, shopId, document, request, validated);
    }

}
