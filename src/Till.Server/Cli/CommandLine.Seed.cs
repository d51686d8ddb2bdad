using System.Globalization;
using Till.Ids;
using Till.Money;
using Till.Seeding;

namespace Till.Server.Cli;

/// <summary>`till seed`: a new shop with a believable, deterministic history.</summary>
public static partial class CommandLine
{
    private const string SeedUsage =
        "seed [--database DB] [--seed N] [--days N] [--end DATE] [--timezone ZONE] [--locations N] [--drawers N] [--staff N] [--shifts N] [--sales N] [--currency CUR] [--name NAME] [--open-session N] [--fresh-sessions N]";

    private static readonly string[] SeedOptions =
        ["--database", "--seed", "--days", "--end", "--timezone", "--locations", "--drawers", "--staff", "--shifts", "--sales", "--currency", "--name", "--open-session", "--fresh-sessions"];

    private static async Task<int> SeedAsync(Dictionary<string, string?> options, TextWriter output)
    {
        var plan = SeedPlanOf(options, DateTimeOffset.UtcNow);
        using var store = await OpenAsync(options).ConfigureAwait(false);
        var result = await new Seeder(store.Store, TimeProvider.System).SeedAsync(plan).ConfigureAwait(false);
        var check = result.Check;
        string Line(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
        string[] lines =
        [
            Line($"seeded in {result.Elapsed.TotalSeconds:F1} s: {result.Sessions} sessions, {result.Transactions} order transactions, {result.Activities} cash activities, {result.Drawers.Count} drawers"),
            Line($"ledger check ({result.CheckElapsed.TotalSeconds:F1} s): {check.Drawers - check.DrawersOff} of {check.Drawers} drawer balances, {check.Sessions - check.SessionsOff} of {check.Sessions} session totals and {check.Periods - check.PeriodsOff} of {check.Periods} period rows equal the ones recomputed from the activities"),
            $"shop:     {GlobalId.Format(GidTypes.Shop, result.ShopId)}",
            $"token:    {result.Token}",
            $"location: {GlobalId.Format(GidTypes.Location, result.Locations[0])}",
            $"staff:    {GlobalId.Format(GidTypes.StaffMember, result.Staff[0])}",
            $"drawer:   {GlobalId.Format(GidTypes.CashDrawer, result.Drawers[0].Id)}   device: {GlobalId.Format(GidTypes.Device, result.Drawers[0].Device)}",
            Line($"days:     {result.FirstDay:yyyy-MM-dd} {result.LastDay:yyyy-MM-dd}   (the first and last day with sessions, {plan.TimeZone.Id})"),
        ];
        foreach (var line in lines)
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }

        if (result.OpenSession is { } open)
        {
            await output.WriteLineAsync($"open:     {GlobalId.Format(GidTypes.PaymentSession, open)}   ({plan.OpenSessionActivities} activities, still open)").ConfigureAwait(false);
        }

        foreach (var id in result.FreshSessions)
        {
            await output.WriteLineAsync($"fresh:    {GlobalId.Format(GidTypes.PaymentSession, id)}   (only its opening count)").ConfigureAwait(false);
        }

        return check.Consistent ? 0 : throw new FailureException("the seeded ledger's kept figures differ from the recomputed ones (see the ledger check line)");
    }

    /// <summary>The plan the options describe; the last day defaults to yesterday in the time zone.</summary>
    private static SeedPlan SeedPlanOf(Dictionary<string, string?> options, DateTimeOffset now)
    {
        var zoneName = options.GetValueOrDefault("--timezone") ?? "UTC";
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(zoneName);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new UsageException($"--timezone must be a time zone such as UTC or Europe/Berlin; '{zoneName}' is not known");
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var end = options.GetValueOrDefault("--end") is { } endText
            ? DateOnly.TryParseExact(endText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed
                : throw new UsageException("--end must be a date such as 2026-03-31")
            : today.AddDays(-1);
        if (end >= today)
        {
            throw new UsageException($"--end must be a day before today ({today:yyyy-MM-dd} in {zone.Id}): seeded history is in the past");
        }

        var currency = options.GetValueOrDefault("--currency") ?? "USD";
        if (!Currency.IsKnown(currency))
        {
            throw new UsageException("--currency must be a currency code of the schema's CurrencyCode enum, such as USD");
        }

        var openSession = options.GetValueOrDefault("--open-session") is { } open ? Number(open, 0, "--open-session") : 0;
        if (openSession == 1)
        {
            throw new UsageException("--open-session must be at least 2 (its opening count and one adjustment come first)");
        }

        var shifts = Number(options.GetValueOrDefault("--shifts"), 2, "--shifts");
        return new SeedPlan
        {
            Seed = Number(options.GetValueOrDefault("--seed"), 1, "--seed"),
            Days = Number(options.GetValueOrDefault("--days"), 90, "--days"),
            LastDay = end,
            TimeZone = zone,
            ShopName = options.GetValueOrDefault("--name") ?? "Seeded Shop",
            Currency = currency,
            Locations = Number(options.GetValueOrDefault("--locations"), 5, "--locations"),
            DrawersPerLocation = Number(options.GetValueOrDefault("--drawers"), 2, "--drawers"),
            StaffPerLocation = Number(options.GetValueOrDefault("--staff"), 4, "--staff"),
            ShiftsPerDay = shifts <= 12 ? shifts : throw new UsageException("--shifts must be at most 12"),
            Sales = Number(options.GetValueOrDefault("--sales"), 30, "--sales"),
            OpenSessionActivities = openSession,
            FreshSessions = options.GetValueOrDefault("--fresh-sessions") is { } fresh ? Number(fresh, 0, "--fresh-sessions") : 0,
        };
    }
}
