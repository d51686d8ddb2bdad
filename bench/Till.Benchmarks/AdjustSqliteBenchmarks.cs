using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Till.Drawers;
using Till.Money;
using Till.Server;
using Till.Sessions;
using Till.Shops;
using Till.Storage;

namespace Till.Benchmarks;

/// <summary>
/// A real adjust on SQLite through the use case, one write unit (and one commit) per call, on one
/// open session: what each booking costs in storage, the ledger chain's link included.
/// </summary>
[MemoryDiagnoser]
public class AdjustSqliteBenchmarks
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"till-bench-adjust-{Environment.ProcessId}.db");
    private ITillStore store = null!;
    private WebApplication app = null!;
    private SessionLedger ledger = null!;
    private long shopId, sessionId, staffId;
    private int calls;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        DeleteFiles();
        store = TillHost.OpenStore(path);
        var options = new TillOptions { Urls = "http://127.0.0.1:0", Database = path, AdminKey = "bench", NoDemo = true };
        app = TillHost.Build(options, store);
        await TillHost.PrepareAsync(app, options);
        ledger = app.Services.GetRequiredService<SessionLedger>();
        var provisioning = app.Services.GetRequiredService<Provisioning>();
        var drawers = app.Services.GetRequiredService<DrawerCommands>();
        var shop = await provisioning.CreateShopAsync("Bench", "USD");
        var location = (await provisioning.CreateLocationAsync(shop.Id, "Bench location", null))!;
        var staff = (await provisioning.CreateStaffAsync(shop.Id, "Bench", "Staff", "bench@example.com"))!;
        var device = (await provisioning.CreateDeviceAsync(shop.Id, location.Id, "Bench register"))!;
        var drawer = (await drawers.CreateAsync(shop.Id, location.Id, "Bench drawer")).Value!;
        await drawers.AssignAsync(shop.Id, drawer.Id, device.Id);
        (shopId, staffId) = (shop.Id, staff.Id);
        var opened = await ledger.OpenAsync(new OpenSessionCommand(shopId, device.Id, new MoneyInput("100.00", "USD"), staffId, null, false, null, null, null));
        sessionId = opened.Value!.Id;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        (store as IDisposable)?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        DeleteFiles();
    }

    /// <summary>One adjust, alternating +1.00 and -1.00 so the balance stays put.</summary>
    [Benchmark]
    public async Task<PaymentSession> AdjustByUseCase()
    {
        var cash = calls++ % 2 == 0 ? "1.00" : "-1.00";
        var adjusted = await ledger.AdjustAsync(new AdjustSessionCommand(shopId, sessionId, new MoneyInput(cash, "USD"), staffId, null, false, null, null, null));
        return adjusted.Value ?? throw new InvalidOperationException("adjust failed: " + string.Join("; ", adjusted.Errors.Select(e => e.Message)));
    }

    private static readonly CashActivity Sample = new()
    {
        ShopId = 1,
        DrawerId = 1,
        SessionId = 1,
        Kind = ActivityKind.Adjustment,
        Type = ActivityType.Adjustment,
        Cash = -20m,
        Currency = "USD",
        Time = new DateTimeOffset(2026, 4, 1, 12, 0, 0, TimeSpan.Zero),
        StaffId = 1,
        Note = "bank run",
    };

    /// <summary>The chain's own work for one booking: the canonical bytes and their SHA-256, alone.</summary>
    [Benchmark]
    public string LinkOneActivity() => LedgerChain.Link("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 42, Sample);

    private void DeleteFiles()
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
