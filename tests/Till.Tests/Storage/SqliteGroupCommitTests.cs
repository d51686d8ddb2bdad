using Microsoft.Data.Sqlite;
using Shouldly;
using Till.Storage;
using Till.Storage.Sqlite;
using Xunit;

namespace Till.Tests.Storage;

/// <summary>
/// The SQLite writer loop: queued write units run back to back in one transaction, each under its
/// own savepoint, and are answered only after the commit that holds them.
/// </summary>
public sealed class SqliteGroupCommitTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;
    private readonly string path = Path.Combine(Path.GetTempPath(), $"till-group-{Guid.NewGuid():N}.db");
    private SqliteStore store = null!;

    public async Task InitializeAsync()
    {
        store = new SqliteStore(path);
        await store.MigrateAsync();
    }

    public void Dispose() => store?.Dispose();

    public Task DisposeAsync()
    {
        store.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    // Starts a unit that creates a shop and then waits, so the units written after it queue behind it;
    // it finishes (and its group runs on) once the returned gate is opened.
    private async Task<(Task<long> Unit, TaskCompletionSource Gate)> HoldTheWriterAsync(string name)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var unit = store.WriteAsync(async work =>
        {
            var shop = await work.CreateShopAsync(name, "USD", Now);
            started.SetResult();
            await gate.Task;
            return new Written<long>(shop.Id, Commit: true);
        });
        await started.Task;
        return (unit, gate);
    }

    // A unit that creates a shop and commits it; its answer is the shop's id.
    private Task<long> WriteShopAsync(string name) =>
        store.WriteAsync(async work => new Written<long>((await work.CreateShopAsync(name, "USD", Now)).Id, Commit: true));

    // Ids of undone rows are given out again (the id counter is undone with them), so undone rows are counted by name.
    private long CountShops(string name)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM shops WHERE name = $name";
        count.Parameters.AddWithValue("$name", name);
        return (long)count.ExecuteScalar()!;
    }

    [Fact]
    public async Task UnitsQueuedBehindABusyWriter_CommitTogether_AndEachIsKept()
    {
        var before = store.GroupCommits;
        var (first, gate) = await HoldTheWriterAsync("first");
        var queued = Enumerable.Range(0, 10).Select(i => WriteShopAsync($"queued {i}")).ToList();
        gate.SetResult();

        var ids = await Task.WhenAll([first, .. queued]);
        (store.GroupCommits - before).ShouldBe(1);
        ids.Distinct().Count().ShouldBe(11);
        await using var read = await store.BeginAsync(write: false);
        foreach (var id in ids)
        {
            (await read.GetShopAsync(id)).ShouldNotBeNull();
        }
    }

    [Fact]
    public async Task ARefusedUnitInAGroup_UndoesOnlyItsOwnWrites()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var kept = store.WriteAsync(async work =>
        {
            var shop = await work.CreateShopAsync("kept", "USD", Now);
            started.SetResult();
            await gate.Task;
            return new Written<long>(shop.Id, Commit: true);
        });
        await started.Task;
        var refused = store.WriteAsync(async work => new Written<long>((await work.CreateShopAsync("refused", "USD", Now)).Id, Commit: false));
        var alsoKept = store.WriteAsync(async work => new Written<long>((await work.CreateShopAsync("also kept", "USD", Now)).Id, Commit: true));
        gate.SetResult();

        var (keptId, _, alsoKeptId) = (await kept, await refused, await alsoKept);
        await using var read = await store.BeginAsync(write: false);
        (await read.GetShopAsync(keptId))!.Name.ShouldBe("kept");
        (await read.GetShopAsync(alsoKeptId))!.Name.ShouldBe("also kept");
        CountShops("refused").ShouldBe(0);
    }

    [Fact]
    public async Task AFailingUnitInAGroup_GetsAStorageFailure_AndTheOthersAreKept()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var kept = store.WriteAsync(async work =>
        {
            var shop = await work.CreateShopAsync("kept", "USD", Now);
            started.SetResult();
            await gate.Task;
            return new Written<long>(shop.Id, Commit: true);
        });
        await started.Task;
        long halfDone = 0;
        var failing = store.WriteAsync(async work =>
        {
            halfDone = (await work.CreateShopAsync("half done", "USD", Now)).Id;
            await work.CreateLocationAsync(shopId: 999_999, "nowhere", "USD", Now); // the shop does not exist: a foreign-key failure
            return new Written<long>(0, Commit: true);
        });
        var after = store.WriteAsync(async work => new Written<long>((await work.CreateShopAsync("after", "USD", Now)).Id, Commit: true));
        gate.SetResult();

        var failure = await Should.ThrowAsync<StorageFailureException>(failing);
        failure.Started.ShouldBeTrue();
        failure.InnerException.ShouldBeOfType<SqliteException>();
        var (keptId, afterId) = (await kept, await after);
        await using var read = await store.BeginAsync(write: false);
        (await read.GetShopAsync(keptId)).ShouldNotBeNull();
        (await read.GetShopAsync(afterId))!.Name.ShouldBe("after");
        halfDone.ShouldBeGreaterThan(0);
        CountShops("half done").ShouldBe(0);
    }

    [Fact]
    public async Task AUnitIsAnsweredOnlyAfterItsCommit_ReadersSeeNothingBefore()
    {
        long seenInside = -1;
        var id = await store.WriteAsync(async work =>
        {
            var shop = await work.CreateShopAsync("private until committed", "USD", Now);
            await using var read = await store.BeginAsync(write: false);
            seenInside = await read.GetShopAsync(shop.Id) is null ? 0 : 1;
            return new Written<long>(shop.Id, Commit: true);
        });

        seenInside.ShouldBe(0);
        await using var after = await store.BeginAsync(write: false);
        (await after.GetShopAsync(id)).ShouldNotBeNull();
    }

    [Fact]
    public async Task MoreUnitsQueuedThanOneGroupHolds_CommitInGroupsOfAtMostMaxGroup()
    {
        var before = store.GroupCommits;
        var (first, gate) = await HoldTheWriterAsync("first of many");
        var queued = Enumerable.Range(0, (2 * SqliteStore.MaxGroup) + 8).Select(i => WriteShopAsync($"many {i}")).ToList();
        gate.SetResult();

        var ids = await Task.WhenAll([first, .. queued]);
        ids.Distinct().Count().ShouldBe(ids.Length);
        (store.GroupCommits - before).ShouldBe(3, "groups of MaxGroup, MaxGroup and the 9 left");
    }

    [Fact]
    public async Task ManyConcurrentWriters_AreAllKept_InAtMostOneCommitEach()
    {
        var before = store.GroupCommits;
        var ids = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(() =>
            WriteShopAsync($"shop {i}"))));

        ids.Distinct().Count().ShouldBe(300);
        (store.GroupCommits - before).ShouldBeLessThanOrEqualTo(300);
        await using var read = await store.BeginAsync(write: false);
        foreach (var id in ids)
        {
            (await read.GetShopAsync(id)).ShouldNotBeNull();
        }
    }

    [Fact]
    public async Task ReaderConnections_AreKeptOpen_AndSeeLaterCommits()
    {
        var first = await store.WriteAsync(async work => new Written<long>((await work.CreateShopAsync("one", "USD", Now)).Id, Commit: true));
        await using (var read = await store.BeginAsync(write: false))
        {
            (await read.GetShopAsync(first)).ShouldNotBeNull();
        }

        // The same kept connection (and its prepared statement) answers the next read, with the newer data.
        var second = await store.WriteAsync(async work => new Written<long>((await work.CreateShopAsync("two", "USD", Now)).Id, Commit: true));
        await using (var read = await store.BeginAsync(write: false))
        {
            (await read.GetShopAsync(second))!.Name.ShouldBe("two");
        }
    }
}
