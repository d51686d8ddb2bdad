using Till.Money;
using Till.Sessions;

namespace Till.Seeding;

/// <summary>
/// Generates a shop's history day by day, in the shop's time zone, from one seeded random
/// sequence: the same plan, drawers and seed give the same rows. Each open day every drawer has
/// <see cref="SeedPlan.ShiftsPerDay"/> sessions splitting 08:00 to 20:00 local time (the shop is
/// closed on 25 December and 1 January). A session opens with a count (the drawer's first one sets
/// up its float with the FLOAT_SETUP code; now and then a count is a little off), takes sales
/// (cash ones often tendered with a note, so change goes back), refunds and card payments, more on
/// Fridays, Saturdays and in December; pays out now and then (CASH_PAYOUT, TIP_PAYOUT, PETTY_CASH),
/// drops cash to the bank when the drawer fills (CASH_PICKUP), tops up a low float
/// (CHANGE_CORRECTION), is sometimes counted mid-shift (CASH_COUNT), and closes balanced or a
/// little over or short, with its closing adjustment. Drawer balances are the running sums of
/// their activities' cash, and never go below zero.
/// </summary>
public sealed class HistoryGenerator
{
    /// <summary>The gateway of the generated non-cash payments.</summary>
    public const string CardGateway = "shopify_payments";

    private static readonly double[] Weekday = [0.9, 0.8, 0.85, 0.9, 1.0, 1.25, 1.45]; // Sunday first
    private static readonly double[] Month = [0.8, 0.85, 0.95, 1.0, 1.0, 1.05, 1.1, 1.1, 1.0, 1.0, 1.1, 1.4];
    private static readonly string[] PayoutNotes = ["window cleaner", "milk and coffee", "parcel postage", "courier", "cleaning supplies", "parking"];

    private readonly SeedPlan plan;
    private readonly IReadOnlyList<SeedDrawer> drawers;
    private readonly SeedReasonCodes codes;
    private readonly Random random;
    private readonly long unit;
    private readonly long floatAmount;
    private readonly Dictionary<long, double> locationFactor = [];

    /// <summary>A generator for <paramref name="drawers"/> (in a fixed order) under <paramref name="plan"/>.</summary>
    public HistoryGenerator(SeedPlan plan, IReadOnlyList<SeedDrawer> drawers, SeedReasonCodes codes)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(drawers);
        this.plan = plan;
        this.drawers = drawers;
        this.codes = codes;
        random = new Random(plan.Seed);
        unit = (long)Math.Pow(10, Currency.MaxMinorUnits - Currency.MinorUnits(plan.Currency));
        floatAmount = 150_000;
        foreach (var location in drawers.Select(d => d.Location).Distinct().Order())
        {
            locationFactor[location] = 0.7 + (random.NextDouble() * 0.6);
        }
    }

    /// <summary>The first day with shifts.</summary>
    public DateOnly FirstDay => plan.LastDay.AddDays(1 - plan.Days);

    /// <summary>The next session's generator number.</summary>
    public long NextSession { get; private set; } = 1;

    /// <summary>The next order transaction's generator number.</summary>
    public long NextTransaction { get; private set; } = 1;

    /// <summary>The next activity's generator number.</summary>
    public long NextActivity { get; private set; } = 1;

    /// <summary>True when the shop opens on <paramref name="day"/>.</summary>
    public static bool IsOpen(DateOnly day) => !(day is { Month: 12, Day: 25 } or { Month: 1, Day: 1 });

    /// <summary>Adds every session of <paramref name="day"/> (every drawer's shifts) to the batch.</summary>
    public void Day(HistoryBatch batch, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!IsOpen(day))
        {
            return;
        }

        var busy = Weekday[(int)day.DayOfWeek] * Month[day.Month - 1];
        foreach (var drawer in drawers)
        {
            for (var shift = 0; shift < plan.ShiftsPerDay; shift++)
            {
                var minutes = 12 * 60 / plan.ShiftsPerDay;
                var opening = Utc(day, (8 * 60) + (shift * minutes)) + Minutes(random.Next(0, 15));
                var closing = Utc(day, (8 * 60) + ((shift + 1) * minutes)) - Minutes(random.Next(0, 15));
                var mean = plan.Sales * busy * locationFactor[drawer.Location];
                var count = Math.Max(1, (int)Math.Round(mean * (0.75 + (random.NextDouble() * 0.5))));
                Session(batch, drawer, opening, closing, count);
            }
        }
    }

    /// <summary>
    /// Adds one session still open on <paramref name="drawer"/>, opened at <paramref name="opening"/>
    /// (UTC ticks), with exactly <paramref name="activities"/> activities: its opening count, one
    /// adjustment and cash sales. Returns its generator number.
    /// </summary>
    public long OpenSession(HistoryBatch batch, SeedDrawer drawer, long opening, int activities)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(drawer);
        var id = NextSession++;
        var staff = drawer.Staff[0];
        var counted = drawer.ActivityCount == 0 ? floatAmount : drawer.Balance;
        var floatSetup = drawer.ActivityCount == 0;
        var expected = floatSetup ? counted : drawer.Balance;
        Add(batch, drawer, id, "Count", ActivityType.Opening, floatSetup ? counted : 0, opening, staff, floatSetup ? codes.FloatSetup : null, null, counted, expected, 0, null);
        Add(batch, drawer, id, "Adjustment", ActivityType.Adjustment, 20_000, opening + Minutes(1), staff, codes.ChangeCorrection, "change top-up", null, null, null, null);
        for (var i = 0; i < activities - 2; i++)
        {
            var time = opening + Minutes(2) + (i * TimeSpan.TicksPerSecond);
            var transaction = NextTransaction++;
            var amount = Price();
            batch.Transactions.Add(new SeedTransaction(transaction, drawer.Device, drawer.Location, id, "SALE", "cash", amount, staff, time));
            Add(batch, drawer, id, "Transaction", "SALE", amount, time, staff, null, null, null, null, null, transaction);
        }

        batch.Sessions.Add(new SeedSession(id, drawer.Device, drawer.Id, drawer.Location, "OPEN", opening, staff, expected, counted, null, null, null, null, null));
        return id;
    }

    /// <summary>UTC ticks of <paramref name="minutes"/> after local midnight of <paramref name="day"/> (a local time the clocks skip is moved an hour on).</summary>
    public long Utc(DateOnly day, int minutes)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified).AddMinutes(minutes);
        if (plan.TimeZone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, plan.TimeZone).Ticks;
    }

    private static long Minutes(int minutes) => minutes * TimeSpan.TicksPerMinute;

    private void Session(HistoryBatch batch, SeedDrawer drawer, long opening, long closing, int transactions)
    {
        var id = NextSession++;
        var staff = drawer.Staff[random.Next(drawer.Staff.Count)];
        var closer = random.Next(6) == 0 ? drawer.Staff[random.Next(drawer.Staff.Count)] : staff;

        // The opening count: a float set up, the balance carried over, or now and then a count a little off.
        var floatSetup = drawer.ActivityCount == 0;
        var expected = floatSetup ? floatAmount : drawer.Balance;
        var counted = floatSetup ? floatAmount : Math.Max(0, expected + (random.Next(40) == 0 ? Round(-random.Next(5, 300) * 10L) : 0));
        Add(batch, drawer, id, "Count", ActivityType.Opening, floatSetup ? counted : counted - expected, opening, staff, floatSetup ? codes.FloatSetup : null, null, counted, expected, counted - expected, null);
        var time = opening + Minutes(1);
        if (drawer.Balance < floatAmount / 2)
        {
            var topUp = Round((floatAmount - drawer.Balance) / 10_000 * 10_000);
            if (topUp > 0)
            {
                Add(batch, drawer, id, "Adjustment", ActivityType.Adjustment, topUp, time, staff, codes.ChangeCorrection, "float top-up", null, null, null, null);
            }
        }

        // The shift's events at sorted times: transactions, perhaps a pay-out and a mid-shift count.
        var span = closing - opening - Minutes(10);
        var payouts = random.Next(7) == 0 ? 1 : 0;
        var midCount = random.Next(5) == 0 ? 1 : 0;
        var events = transactions + payouts + midCount;
        var times = Enumerable.Range(0, events).Select(_ => opening + Minutes(2) + (long)(random.NextDouble() * span)).Order().ToArray();
        var kinds = Enumerable.Repeat(0, transactions).Concat(Enumerable.Repeat(1, payouts)).Concat(Enumerable.Repeat(2, midCount)).ToArray();
        random.Shuffle(kinds);
        var dropped = false;
        for (var i = 0; i < events; i++)
        {
            switch (kinds[i])
            {
                case 0:
                    Transaction(batch, drawer, id, staff, times[i]);
                    break;
                case 1:
                    Payout(batch, drawer, id, staff, times[i]);
                    break;
                default:
                    var off = random.Next(5) == 0 ? Round(random.Next(-200, 60) * 10L) : 0;
                    var midCounted = Math.Max(0, drawer.Balance + off);
                    var midExpected = drawer.Balance;
                    Add(batch, drawer, id, "Count", ActivityType.MidSession, midCounted - midExpected, times[i], staff, codes.CashCount, null, midCounted, midExpected, midCounted - midExpected, null);
                    break;
            }

            if (!dropped && drawer.Balance > floatAmount + 400_000)
            {
                dropped = true;
                var drop = Round((drawer.Balance - floatAmount) / 10_000 * 10_000);
                Add(batch, drawer, id, "Adjustment", ActivityType.Adjustment, -drop, times[i], staff, codes.CashPickup, "bank drop", null, null, null, null);
            }
        }

        // The close: mostly balanced, sometimes short, now and then over.
        var expectedAtClose = drawer.Balance;
        var roll = random.Next(20);
        var discrepancy = roll < 13 ? 0 : roll < 18 ? -Round(random.Next(5, 500) * 10L) : Round(random.Next(5, 200) * 10L);
        var countedAtClose = Math.Max(0, expectedAtClose + discrepancy);
        discrepancy = countedAtClose - expectedAtClose;
        Add(batch, drawer, id, "Count", ActivityType.Closing, 0, closing, closer, null, null, countedAtClose, expectedAtClose, discrepancy, null);
        if (discrepancy != 0)
        {
            Add(batch, drawer, id, "Adjustment", ActivityType.ClosingAdjustment, discrepancy, closing, closer, null, null, null, null, null, null);
        }

        batch.Sessions.Add(new SeedSession(id, drawer.Device, drawer.Id, drawer.Location, "CLOSED", opening, staff, expected, counted, closing, closer, expectedAtClose, countedAtClose, discrepancy));
    }

    private void Transaction(HistoryBatch batch, SeedDrawer drawer, long session, long staff, long time)
    {
        var price = Price();
        var cash = random.Next(100) < 55;
        var refund = random.Next(100) < 4;
        if (!cash)
        {
            batch.Transactions.Add(new SeedTransaction(NextTransaction++, drawer.Device, drawer.Location, session, refund ? "REFUND" : "SALE", CardGateway, price, staff, time));
            return;
        }

        if (refund)
        {
            if (drawer.Balance >= price)
            {
                Cash(batch, drawer, session, staff, time, "REFUND", price);
            }

            return;
        }

        // Often paid with a note, and the change comes out of the drawer.
        var note = price <= 5_000 ? 5_000 : price <= 10_000 ? 10_000 : price <= 20_000 ? 20_000 : 50_000;
        var tendered = random.Next(100) < 60 ? (price + note - 1) / note * note : price;
        Cash(batch, drawer, session, staff, time, "SALE", tendered);
        if (tendered > price && drawer.Balance >= tendered - price)
        {
            Cash(batch, drawer, session, staff, time, "CHANGE", tendered - price);
        }
    }

    private void Payout(HistoryBatch batch, SeedDrawer drawer, long session, long staff, long time)
    {
        var amount = Math.Min(Round(random.Next(300, 4_000) * 10L), drawer.Balance / 10_000 * 10_000);
        var which = random.Next(3);
        if (amount <= 0)
        {
            return;
        }

        var (type, code, note) = which switch
        {
            0 => (ActivityType.CashPayout, codes.CashPayout, PayoutNotes[random.Next(PayoutNotes.Length)]),
            1 => (ActivityType.Adjustment, codes.TipPayout, "tips"),
            _ => (ActivityType.Adjustment, codes.PettyCash, PayoutNotes[random.Next(PayoutNotes.Length)]),
        };
        Add(batch, drawer, session, "Adjustment", type, -amount, time, staff, code, note, null, null, null, null);
    }

    private void Cash(HistoryBatch batch, SeedDrawer drawer, long session, long staff, long time, string kind, long amount)
    {
        var transaction = NextTransaction++;
        batch.Transactions.Add(new SeedTransaction(transaction, drawer.Device, drawer.Location, session, kind, "cash", amount, staff, time));
        Add(batch, drawer, session, "Transaction", kind, kind == "SALE" ? amount : -amount, time, staff, null, null, null, null, null, transaction);
    }

    /// <summary>A basket's price: most between 5 and 60, a few far more.</summary>
    private long Price()
    {
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var major = Math.Clamp(Math.Exp(Math.Log(18) + (0.8 * normal)), 0.5, 400);
        return Math.Max(unit, Round((long)(major * 1000)));
    }

    /// <summary>An amount in thousandths rounded to the currency's smallest unit.</summary>
    private long Round(long thousandths) => thousandths / unit * unit;

    private void Add(HistoryBatch batch, SeedDrawer drawer, long session, string kind, string type, long cash, long time, long staff, long? reason, string? note, long? counted, long? expected, long? discrepancy, long? transaction)
    {
        batch.Activities.Add(new SeedActivity(NextActivity++, drawer.Id, session, kind, type, cash, time, staff, reason, note, counted, expected, discrepancy, transaction));
        drawer.Balance += cash;
        drawer.ActivityCount++;
    }
}
