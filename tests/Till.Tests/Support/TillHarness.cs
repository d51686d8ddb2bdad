using Microsoft.Extensions.Time.Testing;
using Till.Common;
using Till.Drawers;
using Till.Money;
using Till.ReasonCodes;
using Till.Sessions;
using Till.Shops;
using Till.Storage;
using Till.Storage.Postgres;
using Till.Storage.Sqlite;
using Till.Testing;
using Till.Transactions;

namespace Till.Tests.Support;

/// <summary>
/// The real use cases over a real SQLite store in a temp file, on a fake clock: one shop with a
/// location, an active staff member, and a device assigned to a fresh drawer.
/// </summary>
public sealed class TillHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase database;

    private TillHarness(TestDatabase database)
    {
        this.database = database;
        Store = database.IsPostgres ? new PostgresStore(database.Url) : new SqliteStore(database.Url);
        Clock = new FakeTimeProvider(Start);
        Provisioning = new Provisioning(Store, Clock);
        Drawers = new DrawerCommands(Store, Clock);
        Ledger = new SessionLedger(Store, Clock);
        Recorder = new TransactionRecorder(Store, Clock);
    }

    public ITillStore Store { get; }

    public FakeTimeProvider Clock { get; }

    public Provisioning Provisioning { get; }

    public DrawerCommands Drawers { get; }

    public SessionLedger Ledger { get; }

    public TransactionRecorder Recorder { get; }

    public long ShopId { get; private set; }

    public long LocationId { get; private set; }

    public long StaffId { get; private set; }

    public long DeviceId { get; private set; }

    public long DrawerId { get; private set; }

    public string Currency { get; private set; } = "USD";

    public static async Task<TillHarness> CreateAsync(string currency = "USD")
    {
        var harness = new TillHarness(await TestDatabase.CreateAsync());
        await harness.Store.MigrateAsync();
        var shop = await harness.Provisioning.CreateShopAsync("Test shop", currency);
        var location = (await harness.Provisioning.CreateLocationAsync(shop.Id, "Main", null))!;
        var staff = (await harness.Provisioning.CreateStaffAsync(shop.Id, "Ada", "Lovelace", "ada@example.com"))!;
        var device = (await harness.Provisioning.CreateDeviceAsync(shop.Id, location.Id, "Register 1"))!;
        var drawer = await harness.Drawers.CreateAsync(shop.Id, location.Id, "Drawer 1");
        drawer.Succeeded.ShouldBeTrue();
        (await harness.Drawers.AssignAsync(shop.Id, drawer.Value!.Id, device.Id)).Succeeded.ShouldBeTrue();
        harness.ShopId = shop.Id;
        harness.LocationId = location.Id;
        harness.StaffId = staff.Id;
        harness.DeviceId = device.Id;
        harness.DrawerId = drawer.Value.Id;
        harness.Currency = currency;
        return harness;
    }

    /// <summary>A second device at the main location, assigned to the given drawer.</summary>
    public async Task<long> AddDeviceAsync(long drawerId, string name = "Register 2")
    {
        var device = (await Provisioning.CreateDeviceAsync(ShopId, LocationId, name))!;
        (await Drawers.AssignAsync(ShopId, drawerId, device.Id)).Succeeded.ShouldBeTrue();
        return device.Id;
    }

    public Task<Outcome<PaymentSession>> OpenAsync(string? balance, long? deviceId = null, ReasonCodeRef? reason = null, string? note = null)
    {
        Tick();
        return Ledger.OpenAsync(new OpenSessionCommand(ShopId, deviceId ?? DeviceId, balance is null ? null : new MoneyInput(balance, Currency), StaffId, null, reason is not null, reason, note));
    }

    public Task<Outcome<PaymentSession>> CountAsync(long sessionId, string balance, ReasonCodeRef? reason = null, string? note = null)
    {
        Tick();
        return Ledger.CountAsync(new CountSessionCommand(ShopId, sessionId, new MoneyInput(balance, Currency), StaffId, null, reason is not null, reason, note));
    }

    public Task<Outcome<PaymentSession>> CloseAsync(long sessionId, string balance, ReasonCodeRef? reason = null, string? note = null)
    {
        Tick();
        return Ledger.CloseAsync(new CountSessionCommand(ShopId, sessionId, new MoneyInput(balance, Currency), StaffId, null, reason is not null, reason, note));
    }

    public Task<Outcome<PaymentSession>> AdjustAsync(long sessionId, string cash, ReasonCodeRef? reason = null, string? note = null)
    {
        Tick();
        return Ledger.AdjustAsync(new AdjustSessionCommand(ShopId, sessionId, new MoneyInput(cash, Currency), StaffId, null, reason is not null, reason, note));
    }

    public Task<Outcome<OrderTransaction>> RecordAsync(string kind, decimal amount, string gateway = "cash", long? deviceId = null)
    {
        Tick();
        return Recorder.RecordAsync(new RecordTransactionCommand(ShopId, deviceId ?? DeviceId, kind, gateway, amount, Currency, StaffId, null));
    }

    /// <summary>Opens a session that must succeed.</summary>
    public async Task<PaymentSession> OpenedAsync(string? balance, long? deviceId = null)
    {
        var outcome = await OpenAsync(balance, deviceId);
        outcome.Errors.ShouldBeEmpty();
        return outcome.Value!;
    }

    /// <summary>Records a transaction that must succeed.</summary>
    public async Task<OrderTransaction> RecordedAsync(string kind, decimal amount, string gateway = "cash", long? deviceId = null)
    {
        var outcome = await RecordAsync(kind, amount, gateway, deviceId);
        outcome.Errors.ShouldBeEmpty();
        return outcome.Value!;
    }

    public async Task<CashDrawer> DrawerAsync(long? drawerId = null)
    {
        await using var work = await Store.BeginAsync(false);
        return (await work.GetDrawerAsync(ShopId, drawerId ?? DrawerId))!;
    }

    public async Task<PaymentSession> SessionAsync(long sessionId)
    {
        await using var work = await Store.BeginAsync(false);
        return (await work.GetSessionAsync(ShopId, sessionId))!;
    }

    public async Task<SessionTotals> TotalsAsync(long sessionId)
    {
        await using var work = await Store.BeginAsync(false);
        return await work.GetSessionTotalsAsync(ShopId, sessionId);
    }

    public async Task<IReadOnlyList<CashActivity>> ActivitiesAsync(long sessionId)
    {
        await using var work = await Store.BeginAsync(false);
        return await work.ListSessionActivitiesAsync(ShopId, sessionId, new ActivityPage(false, null, 10_000, null));
    }

    public async Task<ReasonCode> SystemReasonCodeAsync(string code)
    {
        await using var work = await Store.BeginAsync(false);
        return (await work.GetSystemReasonCodeAsync(ShopId, code))!;
    }

    /// <summary>The ID of one of the shop's reason codes, read from the file.</summary>
    public async Task<long> ReasonCodeIdAsync(ReasonCodeKind kind, string code) =>
        (long)(await ScalarAsync(
            "SELECT id FROM reason_codes WHERE shop_id = @shop AND kind = @kind AND code = @code",
            ("@shop", ShopId), ("@kind", kind.ToString()), ("@code", code)))!;

    /// <summary>Σ cash over the drawer's activities, read straight from the SQLite file (thousandths).</summary>
    public async Task<decimal> ActivitySumAsync(long? drawerId = null)
    {
        var sum = await ScalarAsync("SELECT CAST(COALESCE(SUM(cash), 0) AS BIGINT) FROM cash_activities WHERE drawer_id = @drawer", ("@drawer", drawerId ?? DrawerId));
        return MoneyAmount.FromThousandths((long)sum!);
    }

    /// <summary>The book balance the store keeps, and the one the activities add up to, must agree.</summary>
    public async Task<decimal> AssertBookBalanceIsActivitySumAsync(long? drawerId = null)
    {
        var drawer = await DrawerAsync(drawerId);
        var sum = await ActivitySumAsync(drawerId);
        drawer.Balance.ShouldBe(sum, $"drawer {drawer.Id}: book balance vs Σ cash_activities.cash");
        return drawer.Balance;
    }

    public Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters) => database.ScalarAsync(sql, parameters);

    /// <summary>Every row a query returns, each value as a long (NULL as null), read straight from the database.</summary>
    public Task<List<long?[]>> RowsAsync(string sql, params (string Name, object? Value)[] parameters) => database.RowsAsync(sql, parameters);

    /// <summary>The database under the store.</summary>
    public TestDatabase Database => database;

    /// <summary>Moves the fake clock so each operation gets its own time.</summary>
    public void Tick() => Clock.Advance(TimeSpan.FromMinutes(1));

    public async ValueTask DisposeAsync()
    {
        (Store as IDisposable)?.Dispose();
        await database.DisposeAsync();
    }
}
