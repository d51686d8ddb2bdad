using System.Diagnostics;
using System.Globalization;
using Till.Drawers;
using Till.Ids;
using Till.Money;
using Till.Sessions;
using Till.Shops;
using Till.Storage;
using Till.Storage.Postgres;
using Till.Storage.Sqlite;

namespace Till.Seed;

/// <summary>
/// Fills a Till database with one shop's long history: by default 100,000 closed sessions and
/// 1,000,000 cash activities over 50 drawers, two shifts a day going back about three years.
/// </summary>
internal static class Program
{
    private const string Usage = """
        Till.Seed --database FILE|postgres://user:pass@host:5432/db [--sessions 100000] [--activities 1000000]
                  [--drawers 50] [--locations 5] [--staff 20] [--batch 5000] [--seed 42]
                  [--open-session N] [--fresh-sessions N]
        Creates a shop (with Till's own use cases) and bulk-inserts its history; prints the shop, token and IDs.
          --open-session N     also one session that is still open, with N activities (its opening count, one
                               adjustment and N-2 cash transactions), on a device and drawer of its own
          --fresh-sessions N   then N more devices with drawers of their own, each with a session opened through
                               Till's use case (only its opening count)
        """;

    private static async Task<int> Main(string[] args)
    {
        string? database = null;
        int sessions = 100_000, activities = 1_000_000, drawerCount = 50, locationCount = 5, staffCount = 20, batchSize = 5_000, seed = 42, freshSessions = 0, openSession = 0;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Number() => int.Parse(Value(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--database": database = Value(); break;
                case "--sessions": sessions = Number(); break;
                case "--activities": activities = Number(); break;
                case "--drawers": drawerCount = Number(); break;
                case "--locations": locationCount = Number(); break;
                case "--staff": staffCount = Number(); break;
                case "--batch": batchSize = Number(); break;
                case "--seed": seed = Number(); break;
                case "--open-session": openSession = Number(); break;
                case "--fresh-sessions": freshSessions = Number(); break;
                default: Console.Error.WriteLine(Usage); return 2;
            }
        }

        if (database is null || sessions % drawerCount != 0 || activities % sessions != 0 || activities / sessions < 5 || openSession is 1 or < 0)
        {
            Console.Error.WriteLine(Usage);
            Console.Error.WriteLine("--sessions must be a multiple of --drawers, --activities a multiple (at least 5x) of --sessions, and --open-session at least 2.");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        ITillStore store = database.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) ? new PostgresStore(database) : new SqliteStore(database);
        try
        {
            await store.MigrateAsync();

            // The shop and everything an API client would provision, through Till's use cases.
            var provisioning = new Provisioning(store, TimeProvider.System);
            var drawerCommands = new DrawerCommands(store, TimeProvider.System);
            var shop = await provisioning.CreateShopAsync("Seeded shop", "USD");
            var locations = new List<long>();
            for (var l = 0; l < locationCount; l++)
            {
                locations.Add((await provisioning.CreateLocationAsync(shop.Id, $"Store {l + 1}", null))!.Id);
            }

            var staff = new List<long>();
            for (var s = 0; s < staffCount; s++)
            {
                staff.Add((await provisioning.CreateStaffAsync(shop.Id, "Staff", $"Member {s + 1}", $"staff{s + 1}@seeded.example", isOwner: s == 0))!.Id);
            }

            var drawers = new List<SeedDrawer>();
            for (var d = 0; d < drawerCount; d++)
            {
                var location = locations[d % locations.Count];
                var device = (await provisioning.CreateDeviceAsync(shop.Id, location, $"Register {d + 1}"))!;
                var drawer = await drawerCommands.CreateAsync(shop.Id, location, $"Drawer {d + 1}");
                var assigned = await drawerCommands.AssignAsync(shop.Id, drawer.Value!.Id, device.Id);
                if (!drawer.Succeeded || !assigned.Succeeded)
                {
                    throw new InvalidOperationException("Could not create and assign a drawer.");
                }

                drawers.Add(new SeedDrawer(drawer.Value.Id, device.Id, location));
            }

            SeedDrawer? busy = null;
            if (openSession > 0)
            {
                var device = (await provisioning.CreateDeviceAsync(shop.Id, locations[0], "Busy register"))!;
                var drawer = await drawerCommands.CreateAsync(shop.Id, locations[0], "Busy drawer");
                if (!drawer.Succeeded || !(await drawerCommands.AssignAsync(shop.Id, drawer.Value!.Id, device.Id)).Succeeded)
                {
                    throw new InvalidOperationException("Could not create and assign the busy drawer.");
                }

                busy = new SeedDrawer(drawer.Value.Id, device.Id, locations[0]);
            }

            var token = await provisioning.CreateTokenAsync(shop.Id, ["read_cash_tracking", "write_cash_tracking", "read_point_of_sale_devices", "write_point_of_sale_devices", "read_orders"]);

            // The history, bulk-inserted.
            var floatSetup = await FloatSetupCodeAsync(store, shop.Id);
            await using var sink = await Sink.OpenAsync(database);
            var (nextSession, nextTransaction, nextActivity) = await sink.NextIdsAsync();
            var history = new History(drawers, staff, floatSetup, activities / sessions, seed)
            {
                NextSession = nextSession,
                NextTransaction = nextTransaction,
                NextActivity = nextActivity,
            };
            var shifts = sessions / drawerCount;
            var firstDay = DateTime.UtcNow.Date.AddDays(-(shifts / 2) - 2);
            var batch = new Batch();
            for (var shift = 0; shift < shifts; shift++)
            {
                history.Shift(batch, firstDay.AddDays(shift / 2).AddHours(shift % 2 == 0 ? 7 : 15));
                if (batch.Sessions.Count >= batchSize || shift == shifts - 1)
                {
                    await sink.WriteAsync(shop.Id, batch);
                    batch.Clear();
                    Console.Error.Write($"\r{history.NextSession - nextSession} sessions, {history.NextActivity - nextActivity} activities, {clock.Elapsed.TotalSeconds:F0} s");
                }
            }

            long? openSessionId = null;
            if (busy is not null)
            {
                openSessionId = history.OpenSession(batch, busy, firstDay.AddDays((shifts - 1) / 2).AddHours(7), openSession);
                await sink.WriteAsync(shop.Id, batch);
                batch.Clear();
            }

            Console.Error.WriteLine();

            // The kept figures (session totals, drawer period rows) from the inserted history, by
            // the same statements as the migration that added them.
            await (store switch
            {
                SqliteStore sqlite => sqlite.RebuildKeptFiguresAsync(shop.Id),
                PostgresStore postgres => postgres.RebuildKeptFiguresAsync(shop.Id),
                _ => throw new InvalidOperationException("Unknown store."),
            });
            await sink.FinishAsync(shop.Id, busy is null ? drawers : [.. drawers, busy]);
            var check = await sink.CheckAsync(shop.Id);
            var mismatched = check.Count(c => c.Balance != c.Sum);
            var kept = await sink.CheckKeptFiguresAsync(shop.Id);

            // Sessions with nothing in them but the opening count, opened the way a device would.
            var ledger = new SessionLedger(store, TimeProvider.System);
            var fresh = new List<long>();
            for (var f = 0; f < freshSessions; f++)
            {
                var device = (await provisioning.CreateDeviceAsync(shop.Id, locations[0], $"Fresh register {f + 1}"))!;
                var drawer = await drawerCommands.CreateAsync(shop.Id, locations[0], $"Fresh drawer {f + 1}");
                var assigned = await drawerCommands.AssignAsync(shop.Id, drawer.Value!.Id, device.Id);
                var opened = await ledger.OpenAsync(new OpenSessionCommand(shop.Id, device.Id, new MoneyInput("100.00", "USD"), staff[0], null, false, null, null));
                if (!drawer.Succeeded || !assigned.Succeeded || !opened.Succeeded)
                {
                    throw new InvalidOperationException("Could not open a fresh session: " + string.Join("; ", opened.Errors.Select(e => e.Message)));
                }

                fresh.Add(opened.Value!.Id);
            }

            Console.WriteLine($"seeded in {clock.Elapsed.TotalSeconds:F1} s: {history.NextSession - nextSession} sessions, {history.NextActivity - nextActivity} activities, {history.NextTransaction - nextTransaction} transactions, {drawers.Count} drawers");
            Console.WriteLine($"ledger check: {check.Count - mismatched} of {check.Count} drawers' balances equal the sum of their activities");
            Console.WriteLine($"kept figures check: {kept.Sessions - kept.SessionsOff} of {kept.Sessions} sessions' totals and {kept.Periods - kept.PeriodsOff} of {kept.Periods} period rows equal the ones recomputed from the activities");
            mismatched += kept.SessionsOff + kept.PeriodsOff;
            Console.WriteLine($"shop:     {GlobalId.Format(GidTypes.Shop, shop.Id)}");
            Console.WriteLine($"token:    {token}");
            Console.WriteLine($"location: {GlobalId.Format(GidTypes.Location, locations[0])}");
            Console.WriteLine($"staff:    {GlobalId.Format(GidTypes.StaffMember, staff[0])}");
            Console.WriteLine($"drawer:   {GlobalId.Format(GidTypes.CashDrawer, drawers[0].Id)}   device: {GlobalId.Format(GidTypes.Device, drawers[0].Device)}");
            Console.WriteLine($"days:     {firstDay:yyyy-MM-dd} {firstDay.AddDays((shifts - 1) / 2):yyyy-MM-dd}   (the first and last day with sessions, UTC)");
            if (openSessionId is { } open)
            {
                Console.WriteLine($"open:     {GlobalId.Format(GidTypes.PaymentSession, open)}   ({openSession} activities, still open)");
            }

            foreach (var id in fresh)
            {
                Console.WriteLine($"fresh:    {GlobalId.Format(GidTypes.PaymentSession, id)}   (only its opening count)");
            }

            Console.WriteLine($"driver:   --shop {GlobalId.Format(GidTypes.Shop, shop.Id)} --token {token}");
            return mismatched == 0 ? 0 : 1;
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    private static async Task<long> FloatSetupCodeAsync(ITillStore store, long shopId)
    {
        await using var work = await store.BeginAsync(write: false);
        var floatSetup = await work.GetSystemReasonCodeAsync(shopId, "FLOAT_SETUP") ?? throw new InvalidOperationException("The shop has no FLOAT_SETUP code.");
        return floatSetup.Id;
    }
}
