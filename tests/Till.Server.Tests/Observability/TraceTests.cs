using System.Collections.Concurrent;
using System.Diagnostics;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Observability;

/// <summary>The spans Till makes, seen by a listener in the test: one per GraphQL operation, named by its type and name, with the database's under it.</summary>
public sealed class TraceTests
{
    [Fact]
    public async Task EveryOperation_HasASpanNamedByItsTypeAndName_WithTheDatabaseSpansInItsTrace()
    {
        var seen = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Till" or "Till.Storage.Sqlite" or "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = seen.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        await using var server = await TillServer.StartAsync();
        var shop = await server.CreateShopAsync();
        var name = "Probe" + Guid.NewGuid().ToString("N")[..8];
        var opened = await shop.GraphQLAsync(
            $"mutation {name}($d: ID!, $s: ID!) {{ pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, balance: {{ amount: \"10.00\", currencyCode: USD }}, staffMemberId: $s) {{ pointOfSaleDevicePaymentSession {{ id }} userErrors {{ code }} }} }}",
            new { d = shop.DeviceId, s = shop.StaffId });
        opened.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSessionOpen").GetProperty("userErrors").GetArrayLength().ShouldBe(0, opened.ToString());
        await shop.GraphQLAsync($"query {name}Read {{ __typename }}");
        await shop.GraphQLAsync("{ __typename }");

        var mutation = seen.Single(a => a.DisplayName == "mutation " + name);
        mutation.Source.Name.ShouldBe("Till");
        mutation.GetTagItem("graphql.operation.type").ShouldBe("mutation");
        mutation.GetTagItem("graphql.operation.name").ShouldBe(name);
        mutation.GetTagItem("till.api_version").ShouldBe("2026-04");
        seen.Single(a => a.DisplayName == $"query {name}Read").GetTagItem("graphql.operation.type").ShouldBe("query");
        seen.ShouldContain(a => a.DisplayName == "query" && a.GetTagItem("graphql.operation.name") == null);

        // The statements the mutation ran are spans of its trace: Till's own on SQLite, Npgsql's on PostgreSQL.
        var statements = seen.Where(a => a.TraceId == mutation.TraceId && a.Source.Name != "Till").ToList();
        statements.ShouldNotBeEmpty();
        if (!server.Database.IsPostgres)
        {
            statements.ShouldAllBe(a => a.Source.Name == "Till.Storage.Sqlite" && (string?)a.GetTagItem("db.system.name") == "sqlite");
            statements.ShouldContain(a => a.DisplayName == "INSERT");
            statements.ShouldAllBe(a => a.ParentSpanId == mutation.SpanId);
        }
    }
}
