using System.Collections.Concurrent;
using System.Text.Json;
using Till.Ids;
using Till.Seeding;
using Till.Server.Tests.Support;
using Till.Storage;
using Till.Storage.Sqlite;

namespace Till.Server.Tests.Seeding;

/// <summary>`till backup` of a live SQLite database under write load, and `till restore`.</summary>
public sealed class BackupTests
{
    [Fact]
    public async Task Backup_UnderWriteLoad_RestoresEveryAcknowledgedWrite_WithConsistentKeptFigures()
    {
        await using var server = await TillServer.StartAsync();
        if (server.Database.IsPostgres)
        {
            var (pgExit, _, pgError) = await SeedTests.RunAsync("backup", "--to", Path.Combine(server.Database.Directory, "never.db"), "--database", server.Database.Url);
            pgExit.ShouldBe(1);
            pgError.ShouldContain("pg_dump");
            pgError.TrimEnd('\n').ShouldNotContain("\n");
            return;
        }

        // Some history first, so the copy takes a while, then writers that keep going.
        var seeded = await new Seeder(server.Store, TimeProvider.System).SeedAsync(new SeedPlan { Days = 30, LastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), Locations = 2, Sales = 20 });
        var shop = await server.CreateShopAsync();
        await shop.OpenAsync("100.00");
        var shopId = GlobalId.ParseOf(shop.ShopId, GidTypes.Shop)!.Value;
        var acknowledged = new ConcurrentQueue<(long Id, DateTime At)>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await shop.RecordTransactionAsync("SALE", "1.25");
                response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
                var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
                acknowledged.Enqueue((GlobalId.ParseOf(id, GidTypes.OrderTransaction)!.Value, DateTime.UtcNow));
            }
        })).ToArray();
        for (var wait = 0; acknowledged.Count < 50 && wait < 1_500; wait++)
        {
            writers.Where(w => w.IsFaulted).ShouldBeEmpty();
            await Task.Delay(20);
        }

        acknowledged.Count.ShouldBeGreaterThanOrEqualTo(50);

        // The copy is short, and on a busy machine it can happen to fall between two acknowledgements;
        // then it is taken again (to a new file) until writes were acknowledged while one ran.
        string backup;
        DateTime began, ended;
        var attempt = 0;
        do
        {
            backup = Path.Combine(server.Database.Directory, $"backup-{++attempt}.db");
            began = DateTime.UtcNow;
            var (exit, output, error) = await Task.Run(() => SeedTests.RunAsync("backup", "--to", backup, "--database", server.Database.Url));
            ended = DateTime.UtcNow;
            await Task.Delay(100);
            exit.ShouldBe(0, error);
            output.ShouldContain("Backed up");
            writers.Where(w => w.IsFaulted).ShouldBeEmpty();
        }
        while (attempt < 10 && !acknowledged.Any(a => a.At > began && a.At < ended));

        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var before = acknowledged.Where(a => a.At < began).Select(a => a.Id).ToList();
        acknowledged.Count(a => a.At > began && a.At < ended).ShouldBeGreaterThan(0, $"writes went on while the backup ran (in {attempt} tries)");

        // A live database is never replaced, nor an existing one without --force.
        var (inUse, _, inUseError) = await SeedTests.RunAsync("restore", "--from", backup, "--database", server.Database.Url, "--force");
        inUse.ShouldBe(1);
        inUseError.ShouldContain("in use");
        var restored = Path.Combine(server.Database.Directory, "restored.db");
        File.WriteAllBytes(restored, []);
        var (noForce, _, noForceError) = await SeedTests.RunAsync("restore", "--from", backup, "--database", restored);
        noForce.ShouldBe(1);
        noForceError.ShouldContain("--force");

        var (restoredExit, _, restoredError) = await SeedTests.RunAsync("restore", "--from", backup, "--database", restored, "--force");
        restoredExit.ShouldBe(0, restoredError);

        using var store = new SqliteStore(restored);
        await store.MigrateAsync();
        await using (var work = await store.BeginAsync(write: false))
        {
            foreach (var id in before)
            {
                (await work.GetTransactionAsync(shopId, id)).ShouldNotBeNull($"transaction {id}, acknowledged before the backup began");
            }
        }

        (await store.CheckLedgerAsync(shopId)).Consistent.ShouldBeTrue();
        (await store.CheckLedgerAsync(seeded.ShopId)).Consistent.ShouldBeTrue();
        var (verified, verifyOutput, verifyError) = await SeedTests.RunAsync("ledger", "verify", "--database", restored);
        verified.ShouldBe(0, verifyOutput + verifyError);
        verifyOutput.ShouldStartWith("ok: ");
    }

    [Fact]
    public async Task Restore_IntoANewFile_AndRefusals_EachInOneLine()
    {
        await using var database = await Till.Testing.TestDatabase.CreateAsync();
        if (database.IsPostgres)
        {
            var (pgExit, _, pgError) = await SeedTests.RunAsync("restore", "--from", Path.Combine(database.Directory, "x.db"), "--database", database.Url);
            pgExit.ShouldBe(1);
            pgError.ShouldContain("pg_dump");
            return;
        }

        var source = Path.Combine(database.Directory, "source.db");
        (await SeedTests.RunAsync("shop", "create", "--name", "Corner", "--currency", "EUR", "--database", source)).Exit.ShouldBe(0);
        var backup = Path.Combine(database.Directory, "b.db");
        (await SeedTests.RunAsync("backup", "--to", backup, "--database", source)).Exit.ShouldBe(0);

        var again = await SeedTests.RunAsync("backup", "--to", backup, "--database", source);
        again.Exit.ShouldBe(1);
        again.Error.ShouldContain("already exists");
        var missing = await SeedTests.RunAsync("backup", "--to", Path.Combine(database.Directory, "b2.db"), "--database", Path.Combine(database.Directory, "missing.db"));
        missing.Exit.ShouldBe(1);
        missing.Error.ShouldContain("no database");
        var notSqlite = Path.Combine(database.Directory, "text.db");
        await File.WriteAllTextAsync(notSqlite, "not a database, only some text that is long enough to have a header of its own......");
        var bad = await SeedTests.RunAsync("restore", "--from", notSqlite, "--database", Path.Combine(database.Directory, "r0.db"));
        bad.Exit.ShouldBe(1);
        bad.Error.ShouldContain("not a SQLite database");
        var noBackup = await SeedTests.RunAsync("restore", "--from", Path.Combine(database.Directory, "none.db"), "--database", Path.Combine(database.Directory, "r1.db"));
        noBackup.Exit.ShouldBe(1);
        noBackup.Error.ShouldContain("no backup");

        var target = Path.Combine(database.Directory, "new.db");
        var restore = await SeedTests.RunAsync("restore", "--from", backup, "--database", target);
        restore.Exit.ShouldBe(0, restore.Error);
        var shops = await SeedTests.RunAsync("token", "create", "--shop", "1", "--scopes", "read_cash_tracking", "--database", target);
        shops.Exit.ShouldBe(0, shops.Error);
    }
}
