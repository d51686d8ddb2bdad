using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Npgsql;
using Till.Ids;
using Till.Server.Tests.Support;
using Till.Testing;
using Xunit.Abstractions;

namespace Till.Server.Tests.Reliability;

/// <summary>
/// PostgreSQL loses its primary under write load and its synchronous standby is promoted
/// (<c>pg_ctl promote</c>): Till, given both hosts, goes on serving without a restart, answers the
/// requests in between with the control API's errors (never a hang), and every write it
/// acknowledged is on the new primary.
/// </summary>
[Collection(ReliabilityGroup.Name)]
public sealed class PrimaryLossTests(ITestOutputHelper log)
{
    private const int Writers = 4;
    private static readonly TimeSpan MostARequestMayTake = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MostRecoveryMayTake = TimeSpan.FromSeconds(10);

    [PostgresFact]
    public async Task PrimaryKilledAndStandbyPromoted_TillGoesOnServing_AndKeepsEveryAcknowledgedWrite()
    {
        var setUp = Stopwatch.StartNew();
        await using var pair = await StandbyPair.StartAsync();
        log.WriteLine($"primary and synchronous standby ready in {setUp.Elapsed.TotalSeconds:0.0} s");
        var url = $"postgres://till@127.0.0.1:{pair.PrimaryPort},127.0.0.1:{pair.StandbyPort}/till";
        await using var server = await TillServer.StartAsync(configure: o => o with { Database = url });
        var shop = await server.CreateShopAsync();
        await shop.OpenAsync();

        var acknowledged = new ConcurrentBag<(long Id, TimeSpan At)>();
        var refused = new ConcurrentBag<(int Status, string Body)>();
        var broken = new ConcurrentBag<string>();
        var slowest = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = clock.Elapsed;
                try
                {
                    using var response = await shop.RecordTransactionAsync("SALE", "1.00");
                    var body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
                        acknowledged.Add((GlobalId.ParseOf(id, GidTypes.OrderTransaction)!.Value, clock.Elapsed));
                    }
                    else
                    {
                        refused.Add(((int)response.StatusCode, body));
                        await Task.Delay(20);
                    }
                }
#pragma warning disable CA1031 // Any failure to get an answer is what the test counts.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    broken.Add(e.GetType().Name + ": " + e.Message);
                }

                var took = clock.Elapsed - started;
                lock (refused)
                {
                    slowest = took > slowest ? took : slowest;
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(2));
        var beforeKill = acknowledged.Count;
        await pair.KillPrimaryAsync();
        var killedAt = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(1));
        await pair.PromoteStandbyAsync();
        var promotedAt = clock.Elapsed;

        var deadline = promotedAt + TimeSpan.FromSeconds(30);
        while (!acknowledged.Any(a => a.At > promotedAt) && clock.Elapsed < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var firstAfter = acknowledged.Where(a => a.At > promotedAt).Select(a => a.At).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        log.WriteLine($"acknowledged {beforeKill} before the kill, {acknowledged.Count} in all; {refused.Count} refused; slowest answer {slowest.TotalMilliseconds:0} ms; "
            + $"primary killed at {killedAt.TotalSeconds:0.0} s, standby promoted at {promotedAt.TotalSeconds:0.0} s, first write acknowledged {(firstAfter - promotedAt).TotalMilliseconds:0} ms after the promotion");
        foreach (var (status, body) in refused.Take(5))
        {
            log.WriteLine($"refused: {status} {body}");
        }

        beforeKill.ShouldBeGreaterThan(0);
        broken.ShouldBeEmpty("every request gets an answer");
        slowest.ShouldBeLessThan(MostARequestMayTake);
        (firstAfter - promotedAt).ShouldBeLessThan(MostRecoveryMayTake, "Till writes to the promoted standby within seconds, without a restart");

        // In between: the control API's error envelope, a server-side status, never internals.
        foreach (var (status, body) in refused)
        {
            status.ShouldBeOneOf(500, 503);
            var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
            error.GetProperty("code").GetString().ShouldNotBeNullOrEmpty();
            body.ShouldNotContain("Npgsql");
        }

        // Every acknowledged write is on the new primary.
        var ids = acknowledged.Select(a => a.Id).ToArray();
        await using (var promoted = new NpgsqlConnection(StandbyPair.ConnectionString(pair.StandbyPort)))
        {
            await promoted.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM order_transactions WHERE id = ANY(@ids)", promoted);
            count.Parameters.AddWithValue("ids", ids);
            ((long)(await count.ExecuteScalarAsync())!).ShouldBe(ids.Length);
        }

        // And the Admin API serves from it too.
        var read = await shop.GraphQLAsync("{ pointOfSaleDevicePaymentSessions(first: 1) { nodes { id status } } }");
        read.TryGetProperty("errors", out _).ShouldBeFalse(read.ToString());
    }
}
