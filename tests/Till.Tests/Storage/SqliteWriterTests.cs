using Microsoft.Data.Sqlite;
using Shouldly;
using Till.Storage.Sql;
using Till.Storage.Sqlite;
using Xunit;

namespace Till.Tests.Storage;

/// <summary>The SQLite writers' shared connection: kept statements, and rollbacks that leave it usable.</summary>
public sealed class SqliteWriterTests : IAsyncLifetime, IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"till-writer-{Guid.NewGuid():N}.db");
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

    [Fact]
    public async Task RolledBackWrite_LeavesNothingAndTheNextWriteCommits()
    {
        var now = DateTimeOffset.UnixEpoch;
        long abandoned;
        await using (var work = await store.BeginAsync(write: true))
        {
            abandoned = (await work.CreateShopAsync("Abandoned", "USD", now)).Id;
        }

        long kept;
        await using (var work = await store.BeginAsync(write: true))
        {
            (await work.GetShopAsync(abandoned)).ShouldBeNull();
            kept = (await work.CreateShopAsync("Kept", "USD", now)).Id;
            await work.CommitAsync();
        }

        await using var read = await store.BeginAsync(write: false);
        (await read.GetShopAsync(kept))!.Name.ShouldBe("Kept");
    }

    [Fact]
    public async Task UniqueViolation_InsideAWrite_StatementsStillWork()
    {
        var now = DateTimeOffset.UnixEpoch;
        await using var work = await store.BeginAsync(write: true);
        var shop = await work.CreateShopAsync("Shop", "USD", now);
        var location = await work.CreateLocationAsync(shop.Id, "Front", "USD", now);

        (await work.CreateDrawerAsync(shop.Id, location.Id, "Till 1", "till 1", "USD", now)).ShouldNotBeNull();
        (await work.CreateDrawerAsync(shop.Id, location.Id, "Till 1", "till 1", "USD", now)).ShouldBeNull();
        var second = await work.CreateDrawerAsync(shop.Id, location.Id, "Till 2", "till 2", "USD", now);
        await work.CommitAsync();

        await using var read = await store.BeginAsync(write: false);
        (await read.GetDrawerAsync(shop.Id, second!.Id))!.Name.ShouldBe("Till 2");
    }

    [Fact]
    public void StatementCache_StopsKeepingWhenFull_AndDisposesWhatItKept()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        var first = connection.CreateCommand();
        var second = connection.CreateCommand();
        var cache = new StatementCache(capacity: 1);

        cache.TryAdd("SELECT 1", first).ShouldBeTrue();
        cache.TryAdd("SELECT 2", second).ShouldBeFalse();
        cache.TryGet("SELECT 1", out var found).ShouldBeTrue();
        found.ShouldBeSameAs(first);
        cache.TryGet("SELECT 2", out _).ShouldBeFalse();

        cache.Dispose();
        cache.TryGet("SELECT 1", out _).ShouldBeFalse();
        second.Dispose();
    }
}
