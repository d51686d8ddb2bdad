using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Till.Drawers;
using Till.Server;
using Till.Shops;
using Till.Storage;

namespace Till.Benchmarks;

/// <summary>
/// A real Till host on a fresh SQLite file in the temporary folder, with one shop, location, staff
/// member and device assigned to a drawer, made through Till's own use cases: what the storage
/// benchmarks book against. Disposing it stops the host and deletes the file.
/// </summary>
internal sealed class BenchSqliteShop : IDisposable
{
    private readonly string path;

    private BenchSqliteShop(string path, ITillStore store, WebApplication app, long shopId, long deviceId, long staffId)
    {
        this.path = path;
        (Store, App, ShopId, DeviceId, StaffId) = (store, app, shopId, deviceId, staffId);
    }

    public ITillStore Store { get; }

    public WebApplication App { get; }

    public long ShopId { get; }

    public long DeviceId { get; }

    public long StaffId { get; }

    public T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Starts the host on <c>till-bench-{name}-{process}.db</c> and provisions the shop.</summary>
    public static async Task<BenchSqliteShop> StartAsync(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"till-bench-{name}-{Environment.ProcessId}.db");
        DeleteFiles(path);
        var store = TillHost.OpenStore(path);
        var options = new TillOptions { Urls = "http://127.0.0.1:0", Database = path, AdminKey = "bench", NoDemo = true };
        var app = TillHost.Build(options, store);
        await TillHost.PrepareAsync(app, options);
        var provisioning = app.Services.GetRequiredService<Provisioning>();
        var drawers = app.Services.GetRequiredService<DrawerCommands>();
        var shop = await provisioning.CreateShopAsync("Bench", "USD");
        var location = (await provisioning.CreateLocationAsync(shop.Id, "Bench location", null))!;
        var staff = (await provisioning.CreateStaffAsync(shop.Id, "Bench", "Staff", "bench@example.com"))!;
        var device = (await provisioning.CreateDeviceAsync(shop.Id, location.Id, "Bench register"))!;
        var drawer = (await drawers.CreateAsync(shop.Id, location.Id, "Bench drawer")).Value!;
        await drawers.AssignAsync(shop.Id, drawer.Id, device.Id);
        return new BenchSqliteShop(path, store, app, shop.Id, device.Id, staff.Id);
    }

    public void Dispose()
    {
        App.DisposeAsync().AsTask().GetAwaiter().GetResult();
        (Store as IDisposable)?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        DeleteFiles(path);
    }

    private static void DeleteFiles(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
