using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Till.Server.GraphQL.Pipeline;
using Till.Server.Tests.Support;
using Xunit.Abstractions;

namespace Till.Server.Tests.Attack;

/// <summary>
/// Any token, even one without scopes, can send documents that validate (a <c>{ __typename }</c>
/// padded with a comment): the cache of validated documents must not keep what they weigh.
/// It runs alone (<see cref="MemoryGroup"/>): it measures the whole process.
/// </summary>
[Collection(MemoryGroup.Name)]
public sealed class DocumentCacheBudgetTests(ITestOutputHelper output)
{
    private const long MiB = 1 << 20;

    private static string Body(string query) => JsonSerializer.Serialize(new { query });

    private static async Task TypenameAsync(TillServer server, string token, string query)
    {
        using var response = await server.PostRawAsync(token, Body(query));
        var json = await TillServer.ReadJsonAsync(response);
        json.GetProperty("data").GetProperty("__typename").GetString().ShouldBe("QueryRoot", json.ToString());
    }

    private static long WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static long ManagedAfterFullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    [Fact]
    public async Task HundredsOfDistinctLargeDocuments_KeepTheCacheWithinItsBudget()
    {
        await using var server = await TillServer.StartAsync();
        var shop = await server.CreateShopAsync(scopes: []);
        var cache = server.Services.GetRequiredService<DocumentCache>();
        var clock = Stopwatch.StartNew();

        // Documents of 0.9 MB, as in the attack: each validates and runs, none is kept. They also
        // bring the buffer pools the request path rents from to their working size, so that what
        // is measured from here on is what the documents leave behind.
        var large = new string('x', 900_000);
        for (var i = 0; i < 10; i++)
        {
            await TypenameAsync(server, shop.Token, $"{{ __typename }}\n# large {i} {large}");
        }

        cache.Count.ShouldBe(0, "a document over the size limit is never kept");
        var managedBefore = ManagedAfterFullCollection();
        var workingSetBefore = WorkingSet();

        // 200 distinct documents of 100,000 characters, over the limit: none is kept.
        var over = new string('x', 100_000);
        for (var i = 0; i < 200; i++)
        {
            await TypenameAsync(server, shop.Token, $"{{ __typename }}\n# over {i} {over}");
        }

        cache.Count.ShouldBe(0, "a document over the size limit is never kept");

        // 700 distinct documents of 60,000 characters: kept until the budget is spent (about 540 fit), then they take each other's place.
        var medium = new string('y', 60_000);
        for (var i = 0; i < 700; i++)
        {
            await TypenameAsync(server, shop.Token, $"{{ __typename }}\n# medium {i} {medium}");
        }

        var managedAfter = ManagedAfterFullCollection();
        var workingSetAfter = WorkingSet();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s; cache: {cache.Count} documents, {cache.Bytes / (double)MiB:F1} MiB accounted of {cache.BudgetBytes / MiB} MiB; " +
            $"managed heap {(managedAfter - managedBefore) / (double)MiB:+0;-0} MiB, working set {(workingSetAfter - workingSetBefore) / (double)MiB:+0;-0} MiB");

        cache.BudgetBytes.ShouldBe(DocumentCache.DefaultBudgetBytes);
        cache.Bytes.ShouldBeLessThanOrEqualTo(cache.BudgetBytes);
        cache.Count.ShouldBeGreaterThan(400, "documents under the limit are still kept");
        cache.Count.ShouldBeLessThan(700, "700 documents of 60,000 characters do not fit in the budget");
        (managedAfter - managedBefore).ShouldBeLessThan(cache.BudgetBytes + (48 * MiB), "the managed heap grew by more than the cache's budget");
        (workingSetAfter - workingSetBefore).ShouldBeLessThan(cache.BudgetBytes + (384 * MiB), "the working set grew by far more than the cache's budget");
    }

    [Fact]
    public void Remember_KeepsTheAccountedSizeWithinTheBudget_AndSkipsLongTexts()
    {
        var cache = new DocumentCache(budgetBytes: 2 * MiB);
        var tooLong = "{ __typename }#" + new string('z', DocumentCache.MaxCachedQueryLength);
        cache.Remember("2026-04", tooLong, DocumentCache.Parse(tooLong));
        cache.Count.ShouldBe(0);
        cache.Bytes.ShouldBe(0);

        string? last = null;
        for (var i = 0; i < 100; i++)
        {
            last = $"{{ a{i}: __typename b: __typename }}#{new string('z', 30_000)}";
            cache.Remember("2026-04", last, DocumentCache.Parse(last));
            cache.Bytes.ShouldBeLessThanOrEqualTo(cache.BudgetBytes);
        }

        cache.Count.ShouldBeInRange(20, 40);
        cache.Get("2026-04", last!).Validated.ShouldBeTrue("the newest document is kept");
        cache.Get("2026-07", last!).Validated.ShouldBeFalse("documents are kept per version");
    }
}
