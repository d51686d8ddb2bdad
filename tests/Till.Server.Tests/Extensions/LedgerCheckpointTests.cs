using System.Globalization;
using System.Net;
using System.Text.Json;
using Till.Server.Tests.Sessions;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Extensions;

/// <summary>
/// Verified checkpoints of the ledger chain: a check that holds stores the drawer's last verified
/// activity; the next <c>tillLedgerVerification</c> starts there and recomputes only the links
/// after it, still finding a tamper after the checkpoint, a change to the checkpoint's own
/// activity and a removed older activity; an older activity's changed content is found by the full
/// check (<c>full: true</c>, and <c>till ledger verify</c>), which costs more.
/// </summary>
public sealed class LedgerCheckpointTests : IAsyncLifetime
{
    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static JsonElement Verification(JsonElement drawer) => drawer.GetProperty("tillLedgerVerification");

    private static long? CheckpointOf(JsonElement verification) =>
        verification.GetProperty("checkpointActivityId").GetString() is { } id ? SessionProbe.NumberOf(id) : null;

    /// <summary>The stored checkpoint of the shop's drawer: its activity, hash and position; null when there is none.</summary>
    private async Task<(long ActivityId, string Hash, long Position)?> StoredAsync(TestShop shop)
    {
        var drawer = SessionProbe.NumberOf(shop.DrawerId);
        var count = Convert.ToInt64(await server.Database.ScalarAsync("SELECT COUNT(*) FROM ledger_checkpoints WHERE drawer_id = @d", ("@d", drawer)), CultureInfo.InvariantCulture);
        if (count == 0)
        {
            return null;
        }

        return (
            Convert.ToInt64(await server.Database.ScalarAsync("SELECT activity_id FROM ledger_checkpoints WHERE drawer_id = @d", ("@d", drawer)), CultureInfo.InvariantCulture),
            (string)(await server.Database.ScalarAsync("SELECT hash FROM ledger_checkpoints WHERE drawer_id = @d", ("@d", drawer)))!,
            Convert.ToInt64(await server.Database.ScalarAsync("SELECT position FROM ledger_checkpoints WHERE drawer_id = @d", ("@d", drawer)), CultureInfo.InvariantCulture));
    }

    /// <summary>Opens another session on the drawer and records a sale in it: two more activities.</summary>
    private static async Task TwoMoreAsync(TestShop shop)
    {
        await shop.OpenAsync("97.00");
        (await shop.RecordTransactionAsync("SALE", "3.00")).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    private static void ShouldHold(JsonElement verification, int activities, long? checkpoint, int checkedCount)
    {
        verification.GetProperty("ok").GetBoolean().ShouldBeTrue(verification.ToString());
        verification.GetProperty("activityCount").GetInt32().ShouldBe(activities, verification.ToString());
        CheckpointOf(verification).ShouldBe(checkpoint, verification.ToString());
        verification.GetProperty("checkedActivityCount").GetInt32().ShouldBe(checkedCount, verification.ToString());
    }

    private static void ShouldBreakAt(JsonElement verification, long activityId, string problem)
    {
        verification.GetProperty("ok").GetBoolean().ShouldBeFalse(verification.ToString());
        SessionProbe.NumberOf(verification.GetProperty("brokenActivityId").GetString()!).ShouldBe(activityId, verification.ToString());
        verification.GetProperty("problem").GetString()!.ShouldContain(problem, Case.Sensitive, verification.ToString());
    }

    [Fact]
    public async Task TheCheckpointAdvances_AndTheNextCheckRecomputesOnlyTheLinksAfterIt()
    {
        var shop = await LedgerChainTests.BusyShopAsync(server);
        (await StoredAsync(shop)).ShouldBeNull();

        var first = await LedgerChainTests.DrawerAsync(shop);
        var chain = LedgerChainTests.Chain(first);
        ShouldHold(Verification(first), 8, checkpoint: null, checkedCount: 8);
        (await StoredAsync(shop)).ShouldBe((chain[^1].Id, chain[^1].Hash, 8L));

        // Nothing booked since: the check re-reads the checkpoint and recomputes nothing.
        ShouldHold(Verification(await LedgerChainTests.DrawerAsync(shop)), 8, checkpoint: chain[^1].Id, checkedCount: 0);

        await TwoMoreAsync(shop);
        var second = await LedgerChainTests.DrawerAsync(shop);
        var longer = LedgerChainTests.Chain(second);
        longer.Count.ShouldBe(10);
        ShouldHold(Verification(second), 10, checkpoint: chain[^1].Id, checkedCount: 2);
        Verification(second).GetProperty("head").GetString().ShouldBe(longer[^1].Hash);
        (await StoredAsync(shop)).ShouldBe((longer[^1].Id, longer[^1].Hash, 10L));

        // The full check ignores the checkpoint and recomputes every link.
        ShouldHold(Verification(await LedgerChainTests.DrawerAsync(shop, full: true)), 10, checkpoint: null, checkedCount: 10);
        ShouldHold(Verification(await LedgerChainTests.DrawerAsync(shop)), 10, checkpoint: longer[^1].Id, checkedCount: 0);
    }

    [Fact]
    public async Task ATamperAfterTheCheckpoint_IsFoundIncrementally_AndDropsTheCheckpoint()
    {
        var shop = await LedgerChainTests.BusyShopAsync(server);
        var checkpoint = LedgerChainTests.Chain(await LedgerChainTests.DrawerAsync(shop))[^1].Id;
        await TwoMoreAsync(shop);

        // The last of the two activities booked since the check, changed before any check saw it.
        var changed = Convert.ToInt64(await server.Database.ScalarAsync("SELECT MAX(id) FROM cash_activities WHERE drawer_id = @d", ("@d", SessionProbe.NumberOf(shop.DrawerId))), CultureInfo.InvariantCulture);
        await server.Database.ScalarAsync("UPDATE cash_activities SET cash = cash + 1000 WHERE id = @id", ("@id", changed));

        var verification = Verification(await LedgerChainTests.DrawerAsync(shop));
        ShouldBreakAt(verification, changed, "its hash does not match its content");
        CheckpointOf(verification).ShouldBe(checkpoint);
        verification.GetProperty("checkedActivityCount").GetInt32().ShouldBe(2);
        verification.GetProperty("activityCount").GetInt32().ShouldBe(10);
        (await StoredAsync(shop)).ShouldBeNull();

        // Without a checkpoint the next check walks the whole chain, and finds the same break.
        var again = Verification(await LedgerChainTests.DrawerAsync(shop));
        ShouldBreakAt(again, changed, "its hash does not match its content");
        CheckpointOf(again).ShouldBeNull();
    }

    [Fact]
    public async Task AChangeBeforeTheCheckpoint_IsFoundByTheFullCheck_NotTheIncrementalOne()
    {
        var shop = await LedgerChainTests.BusyShopAsync(server);
        var chain = LedgerChainTests.Chain(await LedgerChainTests.DrawerAsync(shop));
        var changed = chain[3].Id;

        await server.Database.ScalarAsync("UPDATE cash_activities SET cash = cash - 1000 WHERE id = @id", ("@id", changed));

        // The documented trade-off: the incremental check trusts the links up to its checkpoint.
        ShouldHold(Verification(await LedgerChainTests.DrawerAsync(shop)), 8, checkpoint: chain[^1].Id, checkedCount: 0);

        ShouldBreakAt(Verification(await LedgerChainTests.DrawerAsync(shop, full: true)), changed, "its hash does not match its content");
        (await StoredAsync(shop)).ShouldBeNull();

        // Once the full check dropped the checkpoint, every check finds the break.
        ShouldBreakAt(Verification(await LedgerChainTests.DrawerAsync(shop)), changed, "its hash does not match its content");
    }

    [Fact]
    public async Task TillLedgerVerify_IsAlwaysFull_AndMovesTheCheckpointsToTheHeads()
    {
        var shop = await LedgerChainTests.BusyShopAsync(server);
        var chain = LedgerChainTests.Chain(await LedgerChainTests.DrawerAsync(shop));
        await TwoMoreAsync(shop);

        (await LedgerChainTests.VerifyAsync(server)).ShouldBe((0, "ok: 10 activities on 1 drawers"));
        var longer = LedgerChainTests.Chain(await LedgerChainTests.DrawerAsync(shop, full: true));
        (await StoredAsync(shop)).ShouldBe((longer[^1].Id, longer[^1].Hash, 10L));

        await server.Database.ScalarAsync("UPDATE cash_activities SET note = 'edited' WHERE id = @id", ("@id", chain[2].Id));
        ShouldHold(Verification(await LedgerChainTests.DrawerAsync(shop)), 10, checkpoint: longer[^1].Id, checkedCount: 0);

        var (exit, output) = await LedgerChainTests.VerifyAsync(server);
        exit.ShouldBe(1, output);
        output.ShouldContain($"activity gid://shopify/TillCashActivity/{chain[2].Id} ");
        (await StoredAsync(shop)).ShouldBeNull();
        ShouldBreakAt(Verification(await LedgerChainTests.DrawerAsync(shop)), chain[2].Id, "its hash does not match its content");
    }

    [Fact]
    public async Task AnOlderRowRemoved_IsFoundIncrementally_ByTheCountUpToTheCheckpoint()
    {
        var shop = await LedgerChainTests.BusyShopAsync(server);
        var chain = LedgerChainTests.Chain(await LedgerChainTests.DrawerAsync(shop));

        await server.Database.ScalarAsync("DELETE FROM cash_activities WHERE id = @id", ("@id", chain[2].Id));

        var verification = Verification(await LedgerChainTests.DrawerAsync(shop));
        ShouldBreakAt(verification, chain[^1].Id, "the drawer holds 7 activities up to its verified checkpoint, which held 8");
        CheckpointOf(verification).ShouldBe(chain[^1].Id);
    }

    [Fact]
    public async Task TheCheckpointsOwnActivity_ChangedOrRemoved_IsFoundIncrementally()
    {
        var shop = await LedgerChainTests.BusyShopAsync(server);
        var chain = LedgerChainTests.Chain(await LedgerChainTests.DrawerAsync(shop));

        // Its content: the stored hash still matches the checkpoint, but no longer re-links.
        await server.Database.ScalarAsync("UPDATE cash_activities SET note = 'edited' WHERE id = @id", ("@id", chain[^1].Id));
        ShouldBreakAt(Verification(await LedgerChainTests.DrawerAsync(shop)), chain[^1].Id, "its hash does not match its content");

        // Its hash, recomputed over edited content by someone who knows the format: not the verified one.
        var other = await LedgerChainTests.BusyShopAsync(server);
        var otherChain = LedgerChainTests.Chain(await LedgerChainTests.DrawerAsync(other));
        await server.Database.ScalarAsync("UPDATE cash_activities SET hash = @h WHERE id = @id", ("@h", new string('0', 64)), ("@id", otherChain[^1].Id));
        ShouldBreakAt(Verification(await LedgerChainTests.DrawerAsync(other)), otherChain[^1].Id, "its hash is not the one verified at the drawer's checkpoint");

        // Removed, and with it the drawer's count put back: the checkpoint holds more than the drawer records.
        var third = await LedgerChainTests.BusyShopAsync(server);
        var thirdChain = LedgerChainTests.Chain(await LedgerChainTests.DrawerAsync(third));
        await server.Database.ScalarAsync("DELETE FROM cash_activities WHERE id = @id", ("@id", thirdChain[^1].Id));
        ShouldBreakAt(Verification(await LedgerChainTests.DrawerAsync(third)), thirdChain[^1].Id, "the activity of the drawer's verified checkpoint is gone");
        var fourth = await LedgerChainTests.BusyShopAsync(server);
        var fourthChain = LedgerChainTests.Chain(await LedgerChainTests.DrawerAsync(fourth));
        await server.Database.ScalarAsync("DELETE FROM cash_activities WHERE id = @id", ("@id", fourthChain[^1].Id));
        await server.Database.ScalarAsync("UPDATE cash_drawers SET activity_count = 7, ledger_head = @h WHERE id = @d", ("@h", fourthChain[^2].Hash), ("@d", SessionProbe.NumberOf(fourth.DrawerId)));
        ShouldBreakAt(Verification(await LedgerChainTests.DrawerAsync(fourth)), fourthChain[^1].Id, "the drawer records 7 activities, fewer than the 8 its verified checkpoint holds");
    }

    [Fact]
    public async Task AFullCheck_CostsMoreThanTheIncrementalOne()
    {
        var shop = await LedgerChainTests.BusyShopAsync(server);

        static int Requested(JsonElement result) => result.GetProperty("extensions").GetProperty("cost").GetProperty("requestedQueryCost").GetInt32();
        static int Actual(JsonElement result) => result.GetProperty("extensions").GetProperty("cost").GetProperty("actualQueryCost").GetInt32();

        var incremental = await shop.GraphQLAsync("query($id: ID!) { cashDrawer(id: $id) { tillLedgerVerification { ok } } }", new { id = shop.DrawerId }, "till");
        (Requested(incremental), Actual(incremental)).ShouldBe((2, 2), incremental.ToString());

        var full = await shop.GraphQLAsync("query($id: ID!) { cashDrawer(id: $id) { tillLedgerVerification(full: true) { ok } } }", new { id = shop.DrawerId }, "till");
        (Requested(full), Actual(full)).ShouldBe((102, 102), full.ToString());

        var byVariable = await shop.GraphQLAsync("query($id: ID!, $full: Boolean) { cashDrawer(id: $id) { tillLedgerVerification(full: $full) { ok } } }", new { id = shop.DrawerId, full = true }, "till");
        (Requested(byVariable), Actual(byVariable)).ShouldBe((102, 102), byVariable.ToString());

        var notFull = await shop.GraphQLAsync("query($id: ID!) { cashDrawer(id: $id) { tillLedgerVerification(full: false) { ok } } }", new { id = shop.DrawerId }, "till");
        (Requested(notFull), Actual(notFull)).ShouldBe((2, 2), notFull.ToString());
    }
}
