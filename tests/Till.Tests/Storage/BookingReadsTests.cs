using System.Collections.Concurrent;
using System.Diagnostics;
using Till.Money;
using Till.Sessions;
using Till.Storage.Sqlite;
using Till.Tests.Support;
using Xunit.Abstractions;
using ActivityKind = Till.Sessions.ActivityKind;

namespace Till.Tests.Storage;

/// <summary>Statement tracing is process-wide, so these tests run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BookingReadsGroup
{
    public const string Name = "Booking reads";
}

/// <summary>
/// A booking checks its bounds against the session's kept totals as read with the session's
/// locked row in the same unit, without reading the row a second time; a unit that reads the
/// totals after it booked gets them as moved.
/// </summary>
[Collection(BookingReadsGroup.Name)]
public sealed class BookingReadsTests(ITestOutputHelper output) : IAsyncLifetime
{
    // The statement GetSessionTotalsAsync sends when it reads the row (KeptFigures.SessionColumns first).
    private const string TotalsRead = "SELECT cash_sales, cash_change";

    private TillHarness till = null!;

    public async Task InitializeAsync() => till = await TillHarness.CreateAsync();

    public async Task DisposeAsync() => await till.DisposeAsync();

    [Fact]
    public async Task Bookings_DoNotReadTheSessionTotalsAgain()
    {
        var session = await till.OpenedAsync("100.00");

        var sale = await StatementsOfAsync(() => till.RecordedAsync("SALE", 1.25m));
        var adjust = await StatementsOfAsync(async () => (await till.AdjustAsync(session.Id, "-5.00")).Errors.ShouldBeEmpty());
        var count = await StatementsOfAsync(async () => (await till.CountAsync(session.Id, "96.25")).Errors.ShouldBeEmpty());
        var close = await StatementsOfAsync(async () => (await till.CloseAsync(session.Id, "95.75")).Errors.ShouldBeEmpty());

        foreach (var (name, statements) in new[] { ("sale", sale), ("adjust", adjust), ("count", count), ("close", close) })
        {
            if (statements is null)
            {
                continue;
            }

            output.WriteLine($"-- {name}: {statements.Count} statements");
            foreach (var statement in statements)
            {
                output.WriteLine(statement);
            }

            statements.ShouldNotContain(s => s.Contains(TotalsRead, StringComparison.Ordinal), $"{name} read the session's totals a second time");
        }

        var totals = await till.TotalsAsync(session.Id);
        totals.CashSales.ShouldBe(1.25m);
        totals.Adjustments.ShouldBe(-5m);
        totals.Discrepancy.ShouldBe(-0.5m);
    }

    [Fact]
    public async Task TotalsReadInAWriteUnit_FollowItsOwnBookings()
    {
        var session = await till.OpenedAsync("100.00");
        (await till.AdjustAsync(session.Id, "2.00")).Errors.ShouldBeEmpty();

        await using var work = await till.Store.BeginAsync(write: true);
        var locked = (await work.GetSessionAsync(till.ShopId, session.Id))!;
        (await work.GetSessionTotalsAsync(till.ShopId, locked.Id)).Adjustments.ShouldBe(2m);
        var drawer = (await work.GetDrawerAsync(till.ShopId, locked.DrawerId))!;
        await work.AppendActivityAsync(new CashActivity
        {
            ShopId = till.ShopId,
            DrawerId = drawer.Id,
            SessionId = locked.Id,
            Kind = ActivityKind.Adjustment,
            Type = ActivityType.Adjustment,
            Cash = 3m,
            Currency = drawer.Currency,
            Time = TillHarness.Start.AddHours(1),
            StaffId = till.StaffId,
        });

        (await work.GetSessionTotalsAsync(till.ShopId, locked.Id)).Adjustments.ShouldBe(5m);
        (await work.GetSessionTotalsAsync(till.ShopId + 1000, locked.Id)).ShouldBe(SessionTotals.Empty);
        await work.CommitAsync();
        (await till.TotalsAsync(session.Id)).Adjustments.ShouldBe(5m);
        MoneyAmount.ToThousandths((await till.DrawerAsync()).Balance).ShouldBe(105_000);
    }

    /// <summary>The SQL the store sends while <paramref name="act"/> runs; null on a backend whose driver's spans carry no SQL text here.</summary>
    private async Task<List<string>?> StatementsOfAsync(Func<Task> act)
    {
        var seen = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is SqliteTelemetry.ActivitySourceName or "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if ((activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is string sql)
                {
                    seen.Enqueue(sql);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await act();
        return seen.IsEmpty ? (till.Database.IsPostgres ? null : throw new InvalidOperationException("no statement was traced")) : [.. seen];
    }
}
