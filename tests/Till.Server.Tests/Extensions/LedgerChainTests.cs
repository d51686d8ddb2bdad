using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Till.Server.Cli;
using Till.Server.Tests.Sessions;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Extensions;

/// <summary>
/// The tamper-evident ledger: every activity's <c>tillHash</c> is recomputable from the documented
/// canonical bytes, the drawer's head is the last link, and a changed amount, a deleted row and two
/// swapped rows (written directly in the database) are each found by the full
/// <c>tillLedgerVerification(full: true)</c> and by <c>till ledger verify</c>, naming the drawer
/// and the activity (the incremental check from a checkpoint: <see cref="LedgerCheckpointTests"/>).
/// </summary>
public sealed class LedgerChainTests : IAsyncLifetime
{
    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    /// <summary>A shop whose drawer has seen every kind of activity: counts with and without denominations, a sale, adjustments, a reversal and a close.</summary>
    internal static async Task<TestShop> BusyShopAsync(TillServer host)
    {
        var shop = await host.CreateShopAsync();
        var sessionId = (await DenominationTests.OpenAsync(shop, "100.00", [new { value = "50", count = 2 }])).ShouldSucceed().GetProperty("id").GetString()!;
        (await shop.RecordTransactionAsync("SALE", "12.50")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await shop.AdjustPayloadAsync(sessionId, "-20.00", note: "bank run")).ShouldSucceed();
        (await shop.AdjustPayloadAsync(sessionId, "5.00", note: "float top-up \u00e9\u20ac")).ShouldSucceed();
        var adjustments = await ReversalTests.ActivitiesAsync(shop);
        (await ReversalTests.ReverseAsync(shop, adjustments[^1].GetProperty("tillId").GetString()!)).ShouldBook();
        (await shop.CountPayloadAsync(sessionId, "97.50")).ShouldSucceed();
        (await shop.ClosePayloadAsync(sessionId, "97.00")).ShouldSucceed();
        return shop;
    }

    /// <summary>The drawer's chain and its check: incremental from the drawer's checkpoint, or with <paramref name="full"/> the whole chain.</summary>
    internal static async Task<JsonElement> DrawerAsync(TestShop shop, bool full = false)
    {
        var result = await shop.GraphQLAsync(
            "query($id: ID!, $full: Boolean) { cashDrawer(id: $id) { tillLedgerHead tillLedgerVerification(full: $full) { ok activityCount brokenActivityId head problem checkpointActivityId checkedActivityCount } cashActivities(first: 100, sortKey: ID) { nodes { tillId tillHash } } } }",
            new { id = shop.DrawerId, full }, "till");
        result.TryGetProperty("errors", out _).ShouldBeFalse(result.ToString());
        return result.GetProperty("data").GetProperty("cashDrawer");
    }

    internal static List<(long Id, string Hash)> Chain(JsonElement drawer) =>
        [.. drawer.GetProperty("cashActivities").GetProperty("nodes").EnumerateArray()
            .Select(n => (SessionProbe.NumberOf(n.GetProperty("tillId").GetString()!), n.GetProperty("tillHash").GetString()!))];

    private static long Number(string gid) => SessionProbe.NumberOf(gid);

    [Fact]
    public async Task EveryActivity_CarriesALinkAnyoneCanRecompute_AndTheHeadIsTheLast()
    {
        var shop = await BusyShopAsync(server);

        var drawer = await DrawerAsync(shop);
        var chain = Chain(drawer);
        chain.Count.ShouldBe(8);
        chain.Select(c => c.Hash).ShouldAllBe(h => h.Length == 64 && h.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')));
        chain.Select(c => c.Hash).Distinct().Count().ShouldBe(8);
        drawer.GetProperty("tillLedgerHead").GetString().ShouldBe(chain[^1].Hash);
        var verification = drawer.GetProperty("tillLedgerVerification");
        verification.GetProperty("ok").GetBoolean().ShouldBeTrue(verification.ToString());
        verification.GetProperty("activityCount").GetInt32().ShouldBe(8);
        verification.GetProperty("head").GetString().ShouldBe(chain[^1].Hash);
        verification.GetProperty("brokenActivityId").ValueKind.ShouldBe(JsonValueKind.Null);
        verification.GetProperty("checkpointActivityId").ValueKind.ShouldBe(JsonValueKind.Null, "the first check has no checkpoint to start from");
        verification.GetProperty("checkedActivityCount").GetInt32().ShouldBe(8);

        // Recomputed here from the stored rows and the bytes docs/extensions.md documents, without Till's code.
        var previous = string.Empty;
        var position = 0;
        foreach (var (id, hash) in chain)
        {
            var row = await RowAsync(id);
            var canonical = new StringBuilder();
            foreach (var field in new[] { "till-ledger-1", previous, row["shop_id"], row["drawer_id"], (++position).ToString(CultureInfo.InvariantCulture), row["session_id"], row["kind"], row["type"], row["cash"], row["currency"], row["time"], row["staff_id"], row["reason_code_id"], row["note"], row["counted"], row["expected"], row["discrepancy"], row["transaction_id"], row["reverses_id"], row["denominations"] })
            {
                canonical.Append(field is null ? "-," : $"{Encoding.UTF8.GetByteCount(field)}:{field},");
            }

            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()))).ShouldBe(hash, $"activity {id}: {canonical}");
            previous = hash;
        }

        (await VerifyAsync()).ShouldBe((0, "ok: 8 activities on 1 drawers"));
    }

    [Fact]
    public async Task AnAmountChangedInTheDatabase_IsFound()
    {
        var shop = await BusyShopAsync(server);
        var chain = Chain(await DrawerAsync(shop));
        var changed = chain[3].Id;

        await server.Database.ScalarAsync("UPDATE cash_activities SET cash = cash - 1000 WHERE id = @id", ("@id", changed));

        await ShouldBreakAtAsync(shop, changed);
    }

    [Fact]
    public async Task ARowDeletedInTheDatabase_IsFound()
    {
        var shop = await BusyShopAsync(server);
        var chain = Chain(await DrawerAsync(shop));

        await server.Database.ScalarAsync("DELETE FROM cash_activities WHERE id = @id", ("@id", chain[2].Id));

        await ShouldBreakAtAsync(shop, chain[3].Id);
    }

    [Fact]
    public async Task TheLastRowDeletedInTheDatabase_IsFound()
    {
        var shop = await BusyShopAsync(server);
        var chain = Chain(await DrawerAsync(shop));

        await server.Database.ScalarAsync("DELETE FROM cash_activities WHERE id = @id", ("@id", chain[^1].Id));

        await ShouldBreakAtAsync(shop, chain[^2].Id);
    }

    [Fact]
    public async Task TwoRowsSwappedInTheDatabase_AreFound()
    {
        var shop = await BusyShopAsync(server);
        var chain = Chain(await DrawerAsync(shop));
        var (first, second) = (chain[1].Id, chain[2].Id);

        // Both rows keep every column, hash included; only their places in the ledger change.
        await server.Database.ScalarAsync("UPDATE cash_activities SET id = @temp WHERE id = @a", ("@temp", 999_999_999L), ("@a", first));
        await server.Database.ScalarAsync("UPDATE cash_activities SET id = @a WHERE id = @b", ("@a", first), ("@b", second));
        await server.Database.ScalarAsync("UPDATE cash_activities SET id = @b WHERE id = @temp", ("@b", second), ("@temp", 999_999_999L));

        await ShouldBreakAtAsync(shop, first);
    }

    [Fact]
    public async Task OtherDrawersAndShops_StayOk_AndVerifyTakesAShop()
    {
        var broken = await BusyShopAsync(server);
        var fine = await BusyShopAsync(server);
        await server.Database.ScalarAsync("UPDATE cash_activities SET note = 'edited' WHERE id = @id", ("@id", Chain(await DrawerAsync(broken))[2].Id));

        (await DrawerAsync(fine)).GetProperty("tillLedgerVerification").GetProperty("ok").GetBoolean().ShouldBeTrue();
        (await VerifyAsync("--shop", fine.ShopId)).ShouldBe((0, "ok: 8 activities on 1 drawers"));
        (await VerifyAsync("--shop", broken.ShopId)).Exit.ShouldBe(1);
    }

    [Fact]
    public async Task ALedgerWrittenWithoutTheChain_IsChainedByTheMigrationsBackfill()
    {
        var shop = await BusyShopAsync(server);
        var chained = Chain(await DrawerAsync(shop));
        await server.Database.ScalarAsync("UPDATE cash_activities SET hash = NULL");
        await server.Database.ScalarAsync("UPDATE cash_drawers SET ledger_head = NULL");
        (await VerifyAsync()).Exit.ShouldBe(1);

        // The code migration 0008 runs after adding the columns.
        await (server.Store switch
        {
            Till.Storage.Sqlite.SqliteStore sqlite => sqlite.ChainLedgerAsync(),
            Till.Storage.Postgres.PostgresStore postgres => postgres.ChainLedgerAsync(),
            var other => throw new InvalidOperationException(other.GetType().Name),
        });

        var drawer = await DrawerAsync(shop);
        Chain(drawer).ShouldBe(chained);
        drawer.GetProperty("tillLedgerHead").GetString().ShouldBe(chained[^1].Hash);
        (await VerifyAsync()).ShouldBe((0, "ok: 8 activities on 1 drawers"));
    }

    /// <summary>
    /// The full check and <c>till ledger verify</c> both find the break at the activity. The chain
    /// was checked (and its checkpoint stored at its head) before the tamper, so these tampers lie
    /// at or before the checkpoint: LedgerCheckpointTests says which the incremental check finds.
    /// </summary>
    private async Task ShouldBreakAtAsync(TestShop shop, long activityId)
    {
        var verification = (await DrawerAsync(shop, full: true)).GetProperty("tillLedgerVerification");
        verification.GetProperty("checkpointActivityId").ValueKind.ShouldBe(JsonValueKind.Null);
        verification.GetProperty("ok").GetBoolean().ShouldBeFalse(verification.ToString());
        Number(verification.GetProperty("brokenActivityId").GetString()!).ShouldBe(activityId, verification.ToString());
        verification.GetProperty("problem").GetString().ShouldNotBeNullOrWhiteSpace();

        var (exit, output) = await VerifyAsync();
        exit.ShouldBe(1, output);
        output.ShouldStartWith($"broken: drawer {shop.DrawerId} ");
        output.ShouldContain($"activity gid://shopify/TillCashActivity/{activityId} ");
    }

    private Task<(int Exit, string Output)> VerifyAsync(params string[] extra) => VerifyAsync(server, extra);

    internal static async Task<(int Exit, string Output)> VerifyAsync(TillServer host, params string[] extra)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await CommandLine.RunAsync(["ledger", "verify", "--database", host.DatabasePath, .. extra], stdout, stderr);
        return (exit, (stdout.ToString() + stderr).Trim());
    }

    private async Task<Dictionary<string, string?>> RowAsync(long id)
    {
        var row = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var column in new[] { "shop_id", "drawer_id", "session_id", "kind", "type", "cash", "currency", "time", "staff_id", "reason_code_id", "note", "counted", "expected", "discrepancy", "transaction_id", "reverses_id", "denominations" })
        {
            var value = await server.Database.ScalarAsync($"SELECT {column} FROM cash_activities WHERE id = @id", ("@id", id));
            row[column] = value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        return row;
    }
}
