using System.Globalization;
using Till.Seeding;
using Till.Server.Cli;
using Till.Storage;
using Till.Testing;

namespace Till.Server.Tests.Seeding;

/// <summary>`till seed`: the same seed makes the same ledger, and the kept figures are the ledger's.</summary>
public sealed class SeedTests
{
    private static readonly DateOnly LastDay = new(2026, 3, 31);

    private static SeedPlan Plan(int seed, string zone = "UTC") => new()
    {
        Seed = seed,
        Days = 40,
        LastDay = LastDay,
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone),
        Locations = 2,
        DrawersPerLocation = 2,
        StaffPerLocation = 3,
        Sales = 12,
        BatchSessions = 50,
    };

    [Fact]
    public async Task Seed_SameSeed_MakesTheSameLedgerFigures_AndAnotherSeedOthers()
    {
        var first = await SeedFiguresAsync(Plan(42));
        var second = await SeedFiguresAsync(Plan(42));
        var other = await SeedFiguresAsync(Plan(43));

        first.ShouldNotBeEmpty();
        second.ShouldBe(first);
        other.ShouldNotBe(first);
    }

    [Fact]
    public async Task Seed_KeptFigures_EqualTheRecomputedOnes_AcrossADaylightSavingChange()
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = TillHost.OpenStore(database.Url);
        try
        {
            await store.MigrateAsync();

            // Europe/Berlin moved its clocks on 29 March 2026, inside the 40 days; a session still
            // open and two opened through the ledger use case too.
            var plan = Plan(7, "Europe/Berlin") with { OpenSessionActivities = 30, FreshSessions = 2 };
            var result = await new Seeder(store, TimeProvider.System).SeedAsync(plan);

            result.Check.ShouldBe(result.Check with { DrawersOff = 0, SessionsOff = 0, PeriodsOff = 0 });
            result.Check.Consistent.ShouldBeTrue();
            result.Check.Sessions.ShouldBe((int)result.Sessions);

            // Checked again once the use case has opened the fresh sessions on top.
            var again = await ((IHistoryStore)store).CheckLedgerAsync(result.ShopId);
            again.Consistent.ShouldBeTrue(again.ToString());
            again.Sessions.ShouldBe((int)result.Sessions + 2);
            result.OpenSession.ShouldNotBeNull();
            result.FreshSessions.Count.ShouldBe(2);

            // The history written in bulk is chained as bookings chain it, so the fresh sessions'
            // bookings link on from the seeded heads and the whole ledger verifies.
            var (verified, verifyOutput, verifyError) = await RunAsync("ledger", "verify", "--database", database.Url, "--shop", result.ShopId.ToString(CultureInfo.InvariantCulture));
            verified.ShouldBe(0, verifyOutput + verifyError);
            verifyOutput.ShouldStartWith("ok: ");

            // The migration's own rebuild of the kept figures changes nothing.
            var kept = await KeptAsync(database, result.ShopId);
            await (store switch
            {
                Till.Storage.Sqlite.SqliteStore sqlite => sqlite.RebuildKeptFiguresAsync(result.ShopId),
                Till.Storage.Postgres.PostgresStore postgres => postgres.RebuildKeptFiguresAsync(result.ShopId),
                _ => throw new InvalidOperationException(),
            });
            (await KeptAsync(database, result.ShopId)).ShouldBe(kept);

            // Shifts open at 08:00 and 14:00 Berlin time (within 15 minutes), on both sides of the change.
            var zone = plan.TimeZone;
            var openings = await database.RowsAsync("SELECT opening_time FROM payment_sessions WHERE shop_id = @shop AND status = 'CLOSED'", ("@shop", result.ShopId));
            var hours = openings.Select(r => TimeZoneInfo.ConvertTimeFromUtc(new DateTime(r[0]!.Value, DateTimeKind.Utc), zone)).Select(t => (t.Hour, t.Minute < 15)).Distinct().Order().ToList();
            hours.ShouldBe([(8, true), (14, true)]);
            var utcHours = openings.Select(r => new DateTime(r[0]!.Value, DateTimeKind.Utc).Hour).Distinct().Order().ToList();
            utcHours.ShouldBe([6, 7, 12, 13]);

            // Pay-outs by reason code, change, refunds, card payments, over and short closes are all there.
            var types = await database.RowsAsync(
                "SELECT COUNT(*) FROM cash_activities a JOIN reason_codes r ON r.id = a.reason_code_id WHERE a.shop_id = @shop AND a.type = 'CASH_PAYOUT' AND r.code = 'CASH_PAYOUT' " +
                "UNION ALL SELECT COUNT(*) FROM cash_activities a JOIN reason_codes r ON r.id = a.reason_code_id WHERE a.shop_id = @shop AND a.type = 'ADJUSTMENT' AND r.code IN ('TIP_PAYOUT', 'PETTY_CASH', 'CASH_PICKUP') " +
                "UNION ALL SELECT COUNT(*) FROM cash_activities WHERE shop_id = @shop AND type = 'CHANGE' " +
                "UNION ALL SELECT COUNT(*) FROM cash_activities WHERE shop_id = @shop AND type = 'REFUND' " +
                "UNION ALL SELECT COUNT(*) FROM order_transactions WHERE shop_id = @shop AND gateway <> 'cash' " +
                "UNION ALL SELECT COUNT(*) FROM payment_sessions WHERE shop_id = @shop AND closing_adjustment < 0 " +
                "UNION ALL SELECT COUNT(*) FROM payment_sessions WHERE shop_id = @shop AND closing_adjustment > 0",
                ("@shop", result.ShopId));
            types.Select(r => r[0]).ShouldAllBe(n => n > 0);
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public async Task SeedCommand_PrintsTheShop_AndItsLedgerCheck()
    {
        await using var database = await TestDatabase.CreateAsync();
        var (exit, output, error) = await RunAsync("seed", "--database", database.Url, "--days", "5", "--locations", "1", "--drawers", "2", "--sales", "5", "--seed", "3", "--timezone", "America/New_York");

        exit.ShouldBe(0, error);
        output.ShouldContain("ledger check");
        output.ShouldContain("shop:     gid://shopify/Shop/");
        output.ShouldContain("token:    shpat_");
        output.ShouldContain("America/New_York");
    }

    [Theory]
    [InlineData("--timezone", "Mars/Olympus", "--timezone")]
    [InlineData("--end", "31/03/2026", "--end")]
    [InlineData("--end", "2999-01-01", "before today")]
    [InlineData("--days", "0", "--days")]
    [InlineData("--currency", "XYZ", "--currency")]
    [InlineData("--open-session", "1", "--open-session")]
    [InlineData("--shifts", "13", "--shifts")]
    public async Task SeedCommand_BadOption_IsAUsageError(string option, string value, string message)
    {
        var (exit, _, error) = await RunAsync("seed", "--database", Path.Combine(Path.GetTempPath(), "till-never-" + Guid.NewGuid().ToString("N") + ".db"), option, value);

        exit.ShouldBe(2);
        error.ShouldContain(message);
        error.TrimEnd('\n').ShouldNotContain("\n");
    }

    internal static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await CommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Seeds a fresh database and returns its ledger figures: every session, activity total and period row, and the drawers' balances.</summary>
    private static async Task<List<string>> SeedFiguresAsync(SeedPlan plan)
    {
        await using var database = await TestDatabase.CreateAsync();
        var store = TillHost.OpenStore(database.Url);
        try
        {
            await store.MigrateAsync();
            var result = await new Seeder(store, TimeProvider.System).SeedAsync(plan);
            result.Check.Consistent.ShouldBeTrue(result.Check.ToString());
            var sessions = await database.RowsAsync(
                "SELECT opening_time, closing_time, counted_at_open, expected_at_close, counted_at_close, closing_adjustment, cash_sales, cash_change, cash_refunds, adjustments, discrepancy, all_sales, all_change, all_refunds " +
                "FROM payment_sessions WHERE shop_id = @shop ORDER BY id", ("@shop", result.ShopId));
            var activities = await database.RowsAsync(
                "SELECT COUNT(*), SUM(cash), SUM(COALESCE(discrepancy, 0)), SUM(time % 1000003) FROM cash_activities WHERE shop_id = @shop", ("@shop", result.ShopId));
            var balances = await database.RowsAsync("SELECT balance, activity_count FROM cash_drawers WHERE shop_id = @shop ORDER BY id", ("@shop", result.ShopId));
            return [.. sessions.Concat(activities).Concat(balances).Select(r => string.Join(",", r)), .. await KeptAsync(database, result.ShopId)];
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    private static async Task<List<string>> KeptAsync(TestDatabase database, long shop) =>
        [.. (await database.RowsAsync(
            "SELECT 0, id, cash_sales, cash_change, cash_refunds, adjustments, discrepancy, all_sales, all_change, all_refunds FROM payment_sessions WHERE shop_id = @shop " +
            "UNION ALL SELECT span, period_start, cash, cash_sales, cash_change, cash_refunds, adjustments, discrepancy, drawer_id, 0 FROM drawer_periods WHERE shop_id = @shop ORDER BY 1, 2, 9",
            ("@shop", shop))).Select(r => string.Join(",", r))];
}
