using System.Diagnostics;
using Till.Drawers;
using Till.Money;
using Till.ReasonCodes;
using Till.Sessions;
using Till.Shops;
using Till.Storage;

namespace Till.Seeding;

/// <summary>What <see cref="Seeder.SeedAsync"/> made.</summary>
public sealed record SeedResult(
    long ShopId, string Token, IReadOnlyList<long> Locations, IReadOnlyList<long> Staff, IReadOnlyList<SeedDrawer> Drawers,
    DateOnly FirstDay, DateOnly LastDay, long Sessions, long Transactions, long Activities, long? OpenSession, IReadOnlyList<long> FreshSessions,
    LedgerCheck Check, TimeSpan Elapsed, TimeSpan CheckElapsed);

/// <summary>
/// Fills a new shop with a believable history: the shop, its locations, staff, devices, drawers,
/// reason codes and token come from Till's own use cases, exactly as an API client would make them;
/// the sessions, order transactions and activities come from <see cref="HistoryGenerator"/> and are
/// written in bulk with their kept figures (<see cref="IHistoryStore"/>); then the ledger is checked:
/// every kept figure against one recomputed from the rows.
/// </summary>
public sealed class Seeder(ITillStore store, TimeProvider clock)
{
    /// <summary>The scopes of the token the seeded shop gets.</summary>
    public static readonly IReadOnlyList<string> TokenScopes =
        ["read_cash_tracking", "write_cash_tracking", "read_point_of_sale_devices", "write_point_of_sale_devices", "read_orders"];

    // What shops call their registers: the first few by where they stand, the rest by number.
    private static readonly string[] DeviceNames = ["Front counter", "Register 2", "Back counter", "Register 4"];
    private static readonly string[] LocationNames = ["Main Street", "Harbour", "Station Road", "Old Town", "Riverside", "Market Square", "Hillside", "Airport"];
    private static readonly string[] FirstNames = ["Ava", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hugo", "Isla", "Jay", "Kira", "Leo", "Maya", "Noah", "Olive", "Priya", "Quinn", "Ravi", "Sofia", "Theo"];
    private static readonly string[] LastNames = ["Adams", "Brooks", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jones", "Khan", "Lopez", "Murphy", "Novak", "Okafor", "Patel"];

    /// <summary>Seeds one new shop under <paramref name="plan"/>; <paramref name="progress"/> hears a line per batch.</summary>
    public async Task<SeedResult> SeedAsync(SeedPlan plan, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var history = store as IHistoryStore ?? throw new InvalidOperationException($"The {store.Kind} store cannot take history in bulk.");
        var clockTime = Stopwatch.StartNew();

        // Everything an API client would provision, through Till's use cases; names from the seed.
        var names = new Random(plan.Seed);
        var provisioning = new Provisioning(store, clock);
        var drawerCommands = new DrawerCommands(store, clock);
        var shop = await provisioning.CreateShopAsync(plan.ShopName, plan.Currency, cancellationToken).ConfigureAwait(false);
        var locations = new List<long>();
        var staff = new List<long>();
        var drawers = new List<SeedDrawer>();
        for (var l = 0; l < plan.Locations; l++)
        {
            var name = LocationNames[l % LocationNames.Length] + (l >= LocationNames.Length ? $" {(l / LocationNames.Length) + 1}" : string.Empty);
            var location = (await provisioning.CreateLocationAsync(shop.Id, name, null, cancellationToken).ConfigureAwait(false))!.Id;
            locations.Add(location);
            var locationStaff = new List<long>();
            for (var s = 0; s < plan.StaffPerLocation; s++)
            {
                var first = FirstNames[names.Next(FirstNames.Length)];
                var last = LastNames[names.Next(LastNames.Length)];
                var n = staff.Count + 1;
                var member = await provisioning.CreateStaffAsync(shop.Id, first, last, $"{first}.{last}.{n}@seeded.example".ToLowerInvariant(), isOwner: n == 1, cancellationToken).ConfigureAwait(false);
                staff.Add(member!.Id);
                locationStaff.Add(member.Id);
            }

            for (var d = 0; d < plan.DrawersPerLocation; d++)
            {
                drawers.Add(await DrawerAsync(provisioning, drawerCommands, shop.Id, location, DeviceName(d), $"{name} drawer {d + 1}", locationStaff, cancellationToken).ConfigureAwait(false));
            }
        }

        var busy = plan.OpenSessionActivities > 1
            ? await DrawerAsync(provisioning, drawerCommands, shop.Id, locations[0], "Service desk", "Busy drawer", [staff[0]], cancellationToken).ConfigureAwait(false)
            : null;
        var token = (await provisioning.CreateTokenAsync(shop.Id, TokenScopes, cancellationToken).ConfigureAwait(false))!;
        var codes = await ReasonCodesAsync(shop.Id, cancellationToken).ConfigureAwait(false);

        // The history, generated day by day and written in batches.
        var generator = new HistoryGenerator(plan, drawers, codes);
        var batch = new HistoryBatch();
        long? openSession = null;
        await using (var loader = await history.OpenHistoryLoaderAsync(cancellationToken).ConfigureAwait(false))
        {
            for (var day = generator.FirstDay; day <= plan.LastDay; day = day.AddDays(1))
            {
                generator.Day(batch, day);
                if (batch.Sessions.Count >= plan.BatchSessions)
                {
                    await loader.WriteAsync(shop.Id, plan.Currency, batch, cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                    progress?.Invoke($"{day:yyyy-MM-dd}: {generator.NextSession - 1} sessions, {generator.NextActivity - 1} activities, {clockTime.Elapsed.TotalSeconds:F1} s");
                }
            }

            if (busy is not null)
            {
                generator.OpenSession(batch, busy, generator.Utc(plan.LastDay, 8 * 60), plan.OpenSessionActivities);
            }

            var last = await loader.WriteAsync(shop.Id, plan.Currency, batch, cancellationToken).ConfigureAwait(false);
            if (busy is not null)
            {
                openSession = last[^1];
            }

            batch.Clear();
            await loader.FinishAsync(shop.Id, busy is null ? drawers : [.. drawers, busy], cancellationToken).ConfigureAwait(false);
        }

        var written = clockTime.Elapsed;
        var check = await history.CheckLedgerAsync(shop.Id, cancellationToken).ConfigureAwait(false);

        // Sessions holding only their opening count, opened the way a device opens one.
        var ledger = new SessionLedger(store, clock);
        var fresh = new List<long>();
        for (var f = 0; f < plan.FreshSessions; f++)
        {
            var drawer = await DrawerAsync(provisioning, drawerCommands, shop.Id, locations[0], $"Pop-up register {f + 1}", $"Fresh drawer {f + 1}", [staff[0]], cancellationToken).ConfigureAwait(false);
            var opened = await ledger.OpenAsync(new OpenSessionCommand(shop.Id, drawer.Device, new MoneyInput("100.00", plan.Currency), staff[0], null, false, null, null), cancellationToken).ConfigureAwait(false);
            fresh.Add(opened.Succeeded ? opened.Value!.Id : throw new InvalidOperationException("Could not open a fresh session: " + string.Join("; ", opened.Errors.Select(e => e.Message))));
        }

        return new SeedResult(shop.Id, token, locations, staff, busy is null ? drawers : [.. drawers, busy], generator.FirstDay, plan.LastDay,
            generator.NextSession - 1, generator.NextTransaction - 1, generator.NextActivity - 1, openSession, fresh, check, written, clockTime.Elapsed - written);
    }

    private static string DeviceName(int index) => index < DeviceNames.Length ? DeviceNames[index] : $"Register {index + 1}";

    private static async Task<SeedDrawer> DrawerAsync(
        Provisioning provisioning, DrawerCommands drawerCommands, long shopId, long location, string deviceName, string drawerName, IReadOnlyList<long> staff, CancellationToken cancellationToken)
    {
        var device = (await provisioning.CreateDeviceAsync(shopId, location, deviceName, cancellationToken).ConfigureAwait(false))!;
        var drawer = await drawerCommands.CreateAsync(shopId, location, drawerName, null, cancellationToken).ConfigureAwait(false);
        if (!drawer.Succeeded || !(await drawerCommands.AssignAsync(shopId, drawer.Value!.Id, device.Id, null, cancellationToken).ConfigureAwait(false)).Succeeded)
        {
            throw new InvalidOperationException($"Could not create {drawerName} and assign it to {deviceName}.");
        }

        return new SeedDrawer(drawer.Value.Id, device.Id, location, staff);
    }

    private async Task<SeedReasonCodes> ReasonCodesAsync(long shopId, CancellationToken cancellationToken)
    {
        await using var work = await store.BeginAsync(write: false, cancellationToken).ConfigureAwait(false);
        var all = await work.ListReasonCodesAsync(shopId, new KeysetPage(false, null, 100)).ConfigureAwait(false);
        long Code(ReasonCodeKind kind, string code) => all.First(c => c.Kind == kind && c.Code == code).Id;
        return new SeedReasonCodes(
            Code(ReasonCodeKind.System, "FLOAT_SETUP"), Code(ReasonCodeKind.Default, "CASH_PAYOUT"), Code(ReasonCodeKind.Default, "TIP_PAYOUT"),
            Code(ReasonCodeKind.Default, "PETTY_CASH"), Code(ReasonCodeKind.Default, "CASH_PICKUP"), Code(ReasonCodeKind.Default, "CHANGE_CORRECTION"),
            Code(ReasonCodeKind.Default, "CASH_COUNT"));
    }
}
