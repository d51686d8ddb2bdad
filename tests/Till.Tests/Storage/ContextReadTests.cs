using Shouldly;
using Till.CashSettings;
using Till.Storage;
using Till.Tests.Support;
using Xunit;

namespace Till.Tests.Storage;

/// <summary>
/// The context reads of a write unit bring, with the rows they lock, what the booking checks
/// need next: the session's kept totals and, when asked, its location's cash settings. They must
/// be exactly what the single reads answer, on either backend.
/// </summary>
public sealed class ContextReadTests : IAsyncLifetime
{
    private TillHarness till = null!;

    public async Task InitializeAsync() => till = await TillHarness.CreateAsync();

    public async Task DisposeAsync() => await till.DisposeAsync();

    [Fact]
    public async Task SessionContext_BringsTheSessionsTotalsAndTheCashSettingsAskedFor()
    {
        var session = await till.OpenedAsync("100.00");
        await till.RecordedAsync("SALE", 12.50m);
        await till.RecordedAsync("SALE", 7m, gateway: "card");
        (await till.AdjustAsync(session.Id, "-3.00")).Succeeded.ShouldBeTrue();
        var totals = await till.TotalsAsync(session.Id);
        totals.CashSales.ShouldBe(12.50m);

        var (plain, withDefaults) = await ReadAsync(work => work.GetSessionContextAsync(till.ShopId, session.Id, till.StaffId, [], cashSettings: false), work => work.GetSessionContextAsync(till.ShopId, session.Id, till.StaffId, [], cashSettings: true));
        plain.Totals.ShouldBe(totals);
        plain.CashSettings.ShouldBeNull();
        withDefaults.Totals.ShouldBe(totals);
        withDefaults.CashSettings.ShouldBe(LocationCashSettings.Default);

        var settings = new LocationCashSettings(BlindCounts: true, RevealAfterClose: false, VarianceAmount: 5m, VariancePercentage: 2.5m);
        await till.Store.WriteAsync(async work =>
        {
            await work.SaveLocationCashSettingsAsync(till.ShopId, till.LocationId, settings);
            return new Written<bool>(true, Commit: true);
        });
        var (_, withSettings) = await ReadAsync(work => work.GetSessionContextAsync(till.ShopId, session.Id, till.StaffId, [], cashSettings: false), work => work.GetSessionContextAsync(till.ShopId, session.Id, till.StaffId, [], cashSettings: true));
        withSettings.CashSettings.ShouldBe(settings);
    }

    [Fact]
    public async Task DeviceContext_BringsTheOpenSessionsTotals_AndNoneWithoutAnOpenSession()
    {
        var none = await WriteReadAsync(work => work.GetDeviceContextAsync(till.ShopId, till.DeviceId, till.StaffId, []));
        none.OpenSession.ShouldBeNull();
        none.OpenSessionTotals.ShouldBeNull();

        var session = await till.OpenedAsync("50.00");
        await till.RecordedAsync("SALE", 4.25m);
        var open = await WriteReadAsync(work => work.GetDeviceContextAsync(till.ShopId, till.DeviceId, till.StaffId, []));
        open.OpenSession!.Id.ShouldBe(session.Id);
        open.OpenSessionTotals.ShouldBe(await till.TotalsAsync(session.Id));
    }

    private async Task<(SessionContext First, SessionContext Second)> ReadAsync(Func<IUnitOfWork, Task<SessionContext>> first, Func<IUnitOfWork, Task<SessionContext>> second) =>
        (await WriteReadAsync(first), await WriteReadAsync(second));

    // In a write unit, as the use cases read them (locking), then undone.
    private Task<T> WriteReadAsync<T>(Func<IUnitOfWork, Task<T>> read) =>
        till.Store.WriteAsync(async work => new Written<T>(await read(work), Commit: false));
}
