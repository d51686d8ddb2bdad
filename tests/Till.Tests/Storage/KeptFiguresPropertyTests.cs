using System.Globalization;
using Till.Common;
using Till.Money;
using Till.ReasonCodes;
using Till.Sessions;
using Till.Storage;
using Till.Storage.Postgres;
using Till.Storage.Sqlite;
using Till.Testing;
using Till.Tests.Support;
using Till.Transactions;

namespace Till.Tests.Storage;

/// <summary>
/// Random ledgers through the real use cases (opens, cash and card sales, change, refunds,
/// adjustments, payouts, counts, closes; back-dated times; several drawers, one shared by two
/// devices, at three locations in two currencies). Every figure kept with the ledger — session
/// totals, period rows, drawer totals and summaries over random ranges with unaligned edges and
/// day boundaries, the discrepancy order — must equal the one <see cref="FiguresOracle"/>
/// recomputes from the activities with plain SQL. Each case has a fixed seed, so a failure
/// reproduces; its message names the seed and the step or range.
/// </summary>
public sealed class KeptFiguresPropertyTests : IAsyncLifetime
{
    private const int Steps = 240;

    private static readonly DateTimeOffset Forever = DateTimeOffset.MaxValue;

    private TillHarness till = null!;

    public async Task InitializeAsync() => till = await TillHarness.CreateAsync();

    public async Task DisposeAsync() => await till.DisposeAsync();

    /// <summary>A device with its drawer, and the session open on it (if any).</summary>
    private sealed class Register(long device, long drawer, string currency)
    {
        public long Device { get; } = device;

        public long Drawer { get; } = drawer;

        public string Currency { get; } = currency;

        public long? Session { get; set; }

        public DateTimeOffset OpenedAt { get; set; }
    }

    private sealed record Scope(string Name, long? Location, string? Currency);

    [Theory]
    [InlineData(1)]
    [InlineData(20260415)]
    [InlineData(8128)]
    public async Task RandomLedger_EveryKeptFigureEqualsTheOneRecomputedFromTheActivities(int seed)
    {
        var random = new Random(seed);
        var (registers, scopes) = await SetUpAsync();
        var payout = new ReasonCodeRef(ReasonCodeKind.Default, await till.ReasonCodeIdAsync(ReasonCodeKind.Default, "CASH_PAYOUT"));

        for (var step = 0; step < Steps; step++)
        {
            till.Clock.Advance(TimeSpan.FromTicks(random.NextInt64(TimeSpan.FromMinutes(150).Ticks)));
            await StepAsync(random, registers[random.Next(registers.Count)], payout, $"seed {seed}, step {step}");
            if (step == Steps / 2)
            {
                await CheckAsync(random, registers, scopes, ranges: 15, $"seed {seed}, after step {step}");
            }
        }

        await CheckAsync(random, registers, scopes, ranges: 60, $"seed {seed}, at the end");
        (await till.ScalarAsync("SELECT COUNT(*) FROM payment_sessions WHERE status = 'CLOSED'")).ShouldBeOfType<long>().ShouldBeGreaterThan(5);

        // Rebuilding from the activities (what the migration and the seeder run) changes nothing.
        var kept = await KeptTextAsync();
        await RebuildAsync();
        (await KeptTextAsync()).ShouldBe(kept, $"seed {seed}: rebuilt kept figures");
    }

    private async Task<(List<Register> Registers, List<Scope> Scopes)> SetUpAsync()
    {
        var shop = till.ShopId;
        var annex = (await till.Provisioning.CreateLocationAsync(shop, "Annex", null))!;
        var berlin = (await till.Provisioning.CreateLocationAsync(shop, "Berlin", "EUR"))!;
        var registers = new List<Register>
        {
            new(till.DeviceId, till.DrawerId, "USD"),
            new(await till.AddDeviceAsync(till.DrawerId), till.DrawerId, "USD"),
        };
        foreach (var (location, currency, name) in new[] { (till.LocationId, "USD", "Back office"), (annex.Id, "USD", "Annex"), (berlin.Id, "EUR", "Kasse") })
        {
            var drawer = (await till.Drawers.CreateAsync(shop, location, name + " drawer")).Value!;
            var device = (await till.Provisioning.CreateDeviceAsync(shop, location, name + " register"))!;
            (await till.Drawers.AssignAsync(shop, drawer.Id, device.Id)).Succeeded.ShouldBeTrue();
            registers.Add(new Register(device.Id, drawer.Id, currency));
        }

        List<Scope> scopes =
        [
            new("main location", till.LocationId, null), new("annex", annex.Id, null), new("berlin", berlin.Id, null),
            new("shop USD", null, "USD"), new("shop EUR", null, "EUR"), new("shop GBP", null, "GBP"),
        ];
        return (registers, scopes);
    }

    private async Task StepAsync(Random random, Register register, ReasonCodeRef payout, string context)
    {
        var shop = till.ShopId;
        var staff = till.StaffId;
        if (register.Session is not { } session)
        {
            switch (random.Next(8))
            {
                case 0:
                    // Cash with no open session is refused and books nothing.
                    var refused = await RecordAsync(register, "SALE", "cash", random, Now() - TimeSpan.FromMinutes(3));
                    refused.Errors.ShouldHaveSingleItem(context).Code.ShouldBe("NO_OPEN_SESSION", context);
                    return;
                case 1:
                    // A card payment with no open session belongs to no session.
                    var card = await RecordAsync(register, Kind(random), "card", random, TimeAfter(random, Now() - TimeSpan.FromDays(2)));
                    card.Errors.ShouldBeEmpty(context);
                    card.Value!.SessionId.ShouldBeNull(context);
                    return;
                default:
                    var openedAt = random.Next(4) switch
                    {
                        0 => (DateTimeOffset?)null,
                        1 => Now() - TimeSpan.FromTicks(random.NextInt64(TimeSpan.FromDays(2).Ticks)),
                        _ => Now() - TimeSpan.FromTicks(random.NextInt64(TimeSpan.FromMinutes(5).Ticks)),
                    };
                    var balance = random.Next(4) == 0 ? null : new MoneyInput(Text(random.Next(0, 50_000) / 100m), register.Currency);
                    var opened = await till.Ledger.OpenAsync(new OpenSessionCommand(shop, register.Device, balance, staff, openedAt, false, null, null));
                    opened.Errors.ShouldBeEmpty(context);
                    register.Session = opened.Value!.Id;
                    register.OpenedAt = opened.Value.OpeningTime;
                    return;
            }
        }

        var time = TimeAfter(random, register.OpenedAt);
        var outcome = random.Next(20) switch
        {
            < 7 => (await RecordAsync(register, Kind(random), "cash", random, time)).Errors,
            < 9 => (await RecordAsync(register, Kind(random), random.Next(2) == 0 ? "card" : "gift_card", random, time)).Errors,
            < 12 => (await AdjustAsync(session, register, null, random, time)).Errors,
            < 14 => (await AdjustAsync(session, register, payout, random, time)).Errors,
            < 17 => (await till.Ledger.CountAsync(Count(session, register, random, time))).Errors,
            _ => await CloseAsync(register, session, random, time),
        };
        outcome.ShouldBeEmpty(context);
    }

    private async Task<IReadOnlyList<UserError>> CloseAsync(Register register, long session, Random random, DateTimeOffset? time)
    {
        var closed = await till.Ledger.CloseAsync(Count(session, register, random, time));
        if (closed.Succeeded)
        {
            register.Session = null;
        }

        return closed.Errors;
    }

    private CountSessionCommand Count(long session, Register register, Random random, DateTimeOffset? time) =>
        new(till.ShopId, session, new MoneyInput(Text(random.Next(0, 80_000) / 100m), register.Currency), till.StaffId, time, false, null, null);

    private Task<Outcome<PaymentSession>> AdjustAsync(long session, Register register, ReasonCodeRef? reason, Random random, DateTimeOffset? time) =>
        till.Ledger.AdjustAsync(new AdjustSessionCommand(
            till.ShopId, session, new MoneyInput(Text(random.Next(1, 20_000) / 100m * (random.Next(2) == 0 ? -1 : 1)), register.Currency), till.StaffId, time,
            reason is not null, reason, null));

    private Task<Outcome<OrderTransaction>> RecordAsync(Register register, string kind, string gateway, Random random, DateTimeOffset? time) =>
        till.Recorder.RecordAsync(new RecordTransactionCommand(till.ShopId, register.Device, kind, gateway, random.Next(1, 30_000) / 100m, register.Currency, till.StaffId, time));

    private static string Kind(Random random) => random.Next(5) switch { 0 => "REFUND", 1 => "CHANGE", _ => "SALE" };

    private static string Text(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The use cases' "now" (whole seconds).</summary>
    private DateTimeOffset Now()
    {
        var now = till.Clock.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerSecond));
    }

    /// <summary>A time no earlier than <paramref name="floor"/> and not in the future: now, shortly before, anywhere back to the floor (any tick), or none given.</summary>
    private DateTimeOffset? TimeAfter(Random random, DateTimeOffset floor)
    {
        var now = Now();
        var span = Math.Max(0, (now - floor).Ticks);
        return random.Next(10) switch
        {
            0 => null,
            < 5 => floor + TimeSpan.FromTicks(random.NextInt64(span + 1)),
            _ => now - TimeSpan.FromTicks(random.NextInt64(Math.Min(span, TimeSpan.FromMinutes(20).Ticks) + 1)),
        };
    }

    private async Task CheckAsync(Random random, List<Register> registers, List<Scope> scopes, int ranges, string context)
    {
        var shop = till.ShopId;
        await using var database = await till.Database.OpenAsync();

        // Session totals: kept on the row, read with the session and by ID.
        var expected = await FiguresOracle.TextAsync(database, FiguresOracle.SessionTotals, shop);
        (await FiguresOracle.TextAsync(database, FiguresOracle.KeptSessionTotals, shop)).ShouldBe(expected, $"{context}: session rows");
        await using (var work = await till.Store.BeginAsync(false))
        {
            var sessions = await work.ListSessionsAsync(shop, SessionSortKey.Id, new KeysetPage(false, null, 10_000));
            var byId = new List<string>();
            foreach (var session in sessions)
            {
                session.Totals.ShouldBe(await work.GetSessionTotalsAsync(shop, session.Id), $"{context}: session {session.Id}");
                (await work.GetSessionAsync(shop, session.Id))!.Totals.ShouldBe(session.Totals, $"{context}: session {session.Id}");
                byId.Add(Line(session.Id, session.Totals!));
            }

            string.Join('\n', byId).ShouldBe(expected, $"{context}: session totals read");

            // A session read inside a write carries no totals: the write may still book.
            await using var write = await till.Store.BeginAsync(true);
            (await write.GetSessionAsync(shop, sessions[0].Id))!.Totals.ShouldBeNull(context);
        }

        (await FiguresOracle.TextAsync(database, FiguresOracle.KeptPeriodRows, shop)).ShouldBe(await FiguresOracle.TextAsync(database, FiguresOracle.PeriodRows, shop), $"{context}: period rows");
        await CheckDiscrepancyOrderAsync(context);

        var instants = (await TestDatabase.RowsAsync(
            database,
            "SELECT time FROM cash_activities WHERE shop_id = @shop UNION SELECT opening_time FROM payment_sessions WHERE shop_id = @shop " +
            "UNION SELECT closing_time FROM payment_sessions WHERE shop_id = @shop AND closing_time IS NOT NULL", ("@shop", shop))).Select(r => r[0]!.Value).ToList();
        var drawers = registers.Select(r => r.Drawer).Distinct().ToList();
        await using var reads = await till.Store.BeginAsync(false);
        for (var i = 0; i < ranges; i++)
        {
            var (start, end) = Range(random, instants);
            var where = $"{context}, range {i} [{start:O}, {end:O})";
            (string, object?)[] bounds = [("@shop", shop), ("@start", start.UtcTicks), ("@end", end.UtcTicks)];
            foreach (var drawer in drawers)
            {
                var totals = await reads.GetDrawerTotalsAsync(shop, drawer, start, end);
                var row = (await TestDatabase.RowsAsync(database, FiguresOracle.DrawerTotals, [.. bounds, ("@drawer", drawer)])).Single();
                new[] { totals.TotalSales, totals.TotalRefunds, totals.TotalAdjustments, totals.TotalDiscrepancies }.Select(MoneyAmount.ToThousandths)
                    .ShouldBe(row.Select(v => v!.Value), $"{where}: drawer {drawer}");
            }

            foreach (var scope in scopes)
            {
                var summary = await reads.GetSummaryAsync(shop, scope.Location, scope.Currency, start, end);
                var row = (await TestDatabase.RowsAsync(database, FiguresOracle.Summary(scope.Location is not null), [.. bounds, ("@location", scope.Location), ("@currency", scope.Currency)])).Single();
                new[]
                {
                    MoneyAmount.ToThousandths(summary.BalanceAtStart), MoneyAmount.ToThousandths(summary.BalanceAtEnd), MoneyAmount.ToThousandths(summary.NetCash),
                    summary.SessionsOpened, summary.SessionsClosed, MoneyAmount.ToThousandths(summary.TotalDiscrepancies),
                }.ShouldBe(row.Select(v => v!.Value), $"{where}: {scope.Name}");
            }
        }
    }

    /// <summary>Sessions walked by total discrepancy in pages of three, both ways, against the recomputed order.</summary>
    private async Task CheckDiscrepancyOrderAsync(string context)
    {
        await using var database = await till.Database.OpenAsync();
        var recomputed = (await TestDatabase.RowsAsync(database, FiguresOracle.SessionTotals, ("@shop", till.ShopId)))
            .Select(r => (Id: r[0]!.Value, Discrepancy: r[5]!.Value)).OrderBy(s => s.Discrepancy).ThenBy(s => s.Id).Select(s => s.Id).ToList();
        (await WalkAsync(descending: false)).ShouldBe(recomputed, $"{context}: by discrepancy");
        (await WalkAsync(descending: true)).ShouldBe(Enumerable.Reverse(recomputed).ToList(), $"{context}: by discrepancy, descending");

        async Task<List<long>> WalkAsync(bool descending)
        {
            var ids = new List<long>();
            (long Key, long Id)? after = null;
            await using var work = await till.Store.BeginAsync(false);
            while (true)
            {
                var page = await work.ListSessionsAsync(till.ShopId, SessionSortKey.TotalDiscrepancy, new KeysetPage(descending, after, 3));
                if (page.Count == 0)
                {
                    return ids;
                }

                ids.AddRange(page.Select(s => s.Id));
                after = ((await work.SessionSortValueAsync(till.ShopId, page[^1].Id, SessionSortKey.TotalDiscrepancy))!.Value, page[^1].Id);
            }
        }
    }

    /// <summary>
    /// A range to ask about: its ends at activity and session times (exactly, or one tick either
    /// side), on 15-minute and day boundaries, at a time zone's midnight, or anywhere; short or
    /// long; now and then inverted, empty, or open to the start or end of time.
    /// </summary>
    private static (DateTimeOffset Start, DateTimeOffset End) Range(Random random, List<long> instants)
    {
        var start = Instant(random, instants);
        var end = random.Next(10) switch
        {
            0 => Forever,
            1 => Instant(random, instants),
            2 => start,
            3 => start + TimeSpan.FromTicks(random.NextInt64(TimeSpan.FromMinutes(15).Ticks)),
            4 => start + TimeSpan.FromTicks(random.NextInt64(TimeSpan.FromHours(2).Ticks)),
            5 => start.AddDays(1),
            _ => start + TimeSpan.FromTicks(random.NextInt64(TimeSpan.FromDays(4).Ticks)),
        };
        return (random.Next(25) == 0 ? DateTimeOffset.MinValue : start, end);
    }

    private static DateTimeOffset Instant(Random random, List<long> instants)
    {
        var t = instants[random.Next(instants.Count)];
        var ticks = random.Next(9) switch
        {
            0 => t,
            1 => t + 1,
            2 => t - 1,
            3 => t - (t % FiguresOracle.QuarterTicks),
            4 => t - (t % FiguresOracle.DayTicks),
            // Midnight in a time zone between UTC-12:00 and UTC+14:00, in 15-minute steps.
            5 => t - (t % FiguresOracle.DayTicks) + (random.Next(-56, 49) * FiguresOracle.QuarterTicks),
            6 => t - (t % FiguresOracle.QuarterTicks) + random.NextInt64(FiguresOracle.QuarterTicks),
            _ => t + random.NextInt64(-TimeSpan.FromDays(2).Ticks, TimeSpan.FromDays(2).Ticks),
        };
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    private static string Line(long id, SessionTotals t) =>
        string.Join(',', new[] { t.CashSales, t.CashChange, t.CashRefunds, t.Adjustments, t.Discrepancy, t.AllSales, t.AllChange, t.AllRefunds }.Select(MoneyAmount.ToThousandths).Prepend(id));

    private async Task<string> KeptTextAsync()
    {
        await using var database = await till.Database.OpenAsync();
        return await FiguresOracle.TextAsync(database, FiguresOracle.KeptSessionTotals, till.ShopId) + "\n--\n" +
            await FiguresOracle.TextAsync(database, FiguresOracle.KeptPeriodRows, till.ShopId);
    }

    private Task RebuildAsync() => till.Store switch
    {
        SqliteStore sqlite => sqlite.RebuildKeptFiguresAsync(till.ShopId),
        PostgresStore postgres => postgres.RebuildKeptFiguresAsync(till.ShopId),
        _ => throw new InvalidOperationException("Unknown store."),
    };
}
