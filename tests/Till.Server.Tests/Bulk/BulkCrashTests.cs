using System.Text.Json;
using Till.Server.Tests.Reliability;
using Till.Testing;
using static Till.Server.Tests.Bulk.BulkKit;

namespace Till.Server.Tests.Bulk;

/// <summary>
/// A real Till process killed (SIGKILL) in the middle of a bulk operation: the operation does not
/// stay RUNNING. Its lease runs out and the next node to run (the restarted process on SQLite, a
/// second process on PostgreSQL) resumes it after the last page recorded, so the file holds every
/// session exactly once; on PostgreSQL that second node also serves the status and the file.
/// </summary>
[Collection(ReliabilityGroup.Name)]
public sealed class BulkCrashTests
{
    private const int Sessions = 12;

    private static readonly Dictionary<string, string> Slow = new()
    {
        ["TILL_BULK_PAGE_SIZE"] = "1",
        ["TILL_BULK_PAGE_PAUSE_MS"] = "400",
        ["TILL_BULK_LEASE_SECONDS"] = "2",
        ["TILL_BULK_POLL_MS"] = "200",
    };

    [Fact]
    public async Task NodeKilledMidOperation_TheOperationIsResumedAndCompletes_WithEverySessionOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = await TillProcess.StartAsync(database.Url, Slow);
        using var wireA = new TillWire(first.BaseUrl);
        var shop = await wireA.ProvisionShopAsync("Bulk crash", Sessions, 2);
        var sessions = new List<string>();
        for (var i = 0; i < Sessions; i++)
        {
            var opened = await wireA.OpenAsync(shop, shop.Devices[i], "10.00", "float");
            opened.Succeeded(TillWire.Open).ShouldBeTrue(opened.ToString());
            sessions.Add(opened.Payload(TillWire.Open).GetProperty("pointOfSaleDevicePaymentSession").GetProperty("id").GetString()!);
        }

        Func<string, object?, Task<JsonElement>> onA = async (q, v) => (await wireA.GraphQLAsync(shop.Token, q, v)).Body;
        var id = await StartAsync(onA, "{ pointOfSaleDevicePaymentSessions { edges { node { id status } } } }");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var running = await StatusAsync(onA, id);
            if (running.GetProperty("status").GetString() == "RUNNING" && long.Parse(running.GetProperty("objectCount").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 2)
            {
                break;
            }

            running.GetProperty("status").GetString().ShouldBeOneOf("CREATED", "RUNNING");
            DateTime.UtcNow.ShouldBeLessThan(deadline, running.ToString());
            await Task.Delay(50);
        }

        TillProcess? second = null;
        try
        {
            if (database.IsPostgres)
            {
                second = await TillProcess.StartAsync(database.Url, Slow);
            }

            first.Kill();
            if (second is null)
            {
                await first.StartAsync();
            }

            var survivor = second ?? first;
            using var wire = new TillWire(survivor.BaseUrl);
            Func<string, object?, Task<JsonElement>> onSurvivor = async (q, v) => (await wire.GraphQLAsync(shop.Token, q, v)).Body;
            var (done, _) = await WaitForAsync(onSurvivor, id, TimeSpan.FromSeconds(90), "COMPLETED", "FAILED");

            done.GetProperty("status").GetString().ShouldBe("COMPLETED", done.ToString());
            done.GetProperty("rootObjectCount").GetString().ShouldBe(Sessions.ToString(System.Globalization.CultureInfo.InvariantCulture));
            done.GetProperty("url").GetString()!.ShouldStartWith(survivor.BaseUrl + "/bulk/");
            var (_, lines) = await DownloadAsync(wire.Http, done);
            lines.Select(l => l.GetProperty("id").GetString()).ShouldBe(sessions, ignoreOrder: true);
        }
        finally
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }
}
