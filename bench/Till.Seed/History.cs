namespace Till.Seed;

/// <summary>A session row; the closing figures are null while it is open.</summary>
internal readonly record struct SessionRow(
    long Id, long Device, long Drawer, long Location, string Status, long OpeningTime, long OpeningStaff, long ExpectedAtOpen, long CountedAtOpen,
    long? ClosingTime, long? ClosingStaff, long? ExpectedAtClose, long? CountedAtClose, long? ClosingAdjustment);

internal readonly record struct TransactionRow(long Id, long Device, long Location, long Session, string Kind, long Amount, long Staff, long Time);

internal readonly record struct ActivityRow(
    long Id, long Drawer, long Session, string Kind, string Type, long Cash, long Time, long Staff, long? ReasonCode, string? Note,
    long? Counted, long? Expected, long? Discrepancy, long? Transaction);

/// <summary>One batch of history, written in foreign-key order: sessions, transactions, activities.</summary>
internal sealed class Batch
{
    public List<SessionRow> Sessions { get; } = [];

    public List<TransactionRow> Transactions { get; } = [];

    public List<ActivityRow> Activities { get; } = [];

    public void Clear()
    {
        Sessions.Clear();
        Transactions.Clear();
        Activities.Clear();
    }
}

/// <summary>A drawer of the seeded shop with the device assigned to it and its running book balance.</summary>
internal sealed class SeedDrawer(long id, long device, long location)
{
    public long Id { get; } = id;

    public long Device { get; } = device;

    public long Location { get; } = location;

    public long Balance { get; set; }

    public long ActivityCount { get; set; }
}

/// <summary>
/// Generates closed sessions in time order: two shifts a day per drawer, each with an opening count,
/// cash sales and refunds, one adjustment, and a close with its closing adjustment (or a mid-shift
/// count when the close balances), so every session has exactly <c>activitiesPerSession</c> activities.
/// Drawer balances are the running sums of their activities' cash. An open session (see
/// <see cref="OpenSession"/>) has its opening count, one adjustment and transactions, and no close.
/// </summary>
internal sealed class History(IReadOnlyList<SeedDrawer> drawers, IReadOnlyList<long> staff, long floatSetupCode, int activitiesPerSession, int seed)
{
    private readonly Random random = new(seed);

    public long NextSession { get; set; } = 1;

    public long NextTransaction { get; set; } = 1;

    public long NextActivity { get; set; } = 1;

    /// <summary>Adds one shift (every drawer's session of that shift) to the batch.</summary>
    public void Shift(Batch batch, DateTime shiftStart)
    {
        foreach (var drawer in drawers)
        {
            Session(batch, drawer, shiftStart.AddMinutes(random.Next(0, 30)), activitiesPerSession, leaveOpen: false);
        }
    }

    /// <summary>Adds one session that is still open, with <paramref name="activities"/> activities, on <paramref name="drawer"/>; returns its ID.</summary>
    public long OpenSession(Batch batch, SeedDrawer drawer, DateTime opening, int activities)
    {
        var id = NextSession;
        Session(batch, drawer, opening, activities, leaveOpen: true);
        return id;
    }

    private void Session(Batch batch, SeedDrawer drawer, DateTime opening, int activityCount, bool leaveOpen)
    {
        var sessionId = NextSession++;
        var openStaff = staff[random.Next(staff.Count)];
        var closeStaff = random.Next(4) == 0 ? staff[random.Next(staff.Count)] : openStaff;
        var closing = opening.AddMinutes(450 + random.Next(-20, 21));
        var span = (closing - opening).Ticks;

        // Opening count: the first session of a drawer sets up its float.
        var floatSetup = drawer.ActivityCount == 0;
        var counted = floatSetup ? 150_000 : drawer.Balance;
        var expectedAtOpen = floatSetup ? counted : drawer.Balance;
        Append(batch, drawer, sessionId, "Count", "OPENING", floatSetup ? counted : 0, opening.Ticks, openStaff, floatSetup ? floatSetupCode : null, null, counted, expectedAtOpen, counted - expectedAtOpen, null);

        // Transactions, then the adjustment, at sorted times within the shift.
        var transactions = activityCount - (leaveOpen ? 2 : 4);
        var times = Enumerable.Range(0, transactions + 1).Select(_ => opening.Ticks + (long)(random.NextDouble() * span * 0.95)).Order().ToArray();
        var adjustmentAt = random.Next(times.Length);
        for (var i = 0; i < times.Length; i++)
        {
            if (i == adjustmentAt)
            {
                if (drawer.Balance > 400_000)
                {
                    var drop = -((drawer.Balance - 150_000) / 10_000 * 10_000);
                    Append(batch, drawer, sessionId, "Adjustment", "ADJUSTMENT", drop, times[i], openStaff, null, "bank drop", null, null, null, null);
                }
                else
                {
                    Append(batch, drawer, sessionId, "Adjustment", "ADJUSTMENT", 20_000, times[i], openStaff, null, "change top-up", null, null, null, null);
                }

                continue;
            }

            var amount = random.Next(100, 8_000) * 10L;
            var kind = random.Next(10) == 0 && drawer.Balance > amount ? "REFUND" : "SALE";
            var transactionId = NextTransaction++;
            batch.Transactions.Add(new TransactionRow(transactionId, drawer.Device, drawer.Location, sessionId, kind, amount, openStaff, times[i]));
            Append(batch, drawer, sessionId, "Transaction", kind, kind == "SALE" ? amount : -amount, times[i], openStaff, null, null, null, null, null, transactionId);
        }

        if (leaveOpen)
        {
            batch.Sessions.Add(new SessionRow(sessionId, drawer.Device, drawer.Id, drawer.Location, "OPEN", opening.Ticks, openStaff, expectedAtOpen, counted,
                null, null, null, null, null));
            return;
        }

        // Close: most drawers balance; the rest are a little short or over and book a closing adjustment.
        var expectedAtClose = drawer.Balance;
        var discrepancy = random.Next(10) < 7 ? 0 : random.Next(-200, 101) * 10L;
        var countedAtClose = Math.Max(0, expectedAtClose + discrepancy);
        discrepancy = countedAtClose - expectedAtClose;
        if (discrepancy == 0)
        {
            var midTime = opening.Ticks + span / 2;
            Append(batch, drawer, sessionId, "Count", "MID_SESSION", 0, midTime, openStaff, null, null, drawer.Balance, drawer.Balance, 0, null);
        }

        Append(batch, drawer, sessionId, "Count", "CLOSING", 0, closing.Ticks, closeStaff, null, null, countedAtClose, expectedAtClose, discrepancy, null);
        if (discrepancy != 0)
        {
            Append(batch, drawer, sessionId, "Adjustment", "CLOSING_ADJUSTMENT", discrepancy, closing.Ticks, closeStaff, null, null, null, null, null, null);
        }

        batch.Sessions.Add(new SessionRow(sessionId, drawer.Device, drawer.Id, drawer.Location, "CLOSED", opening.Ticks, openStaff, expectedAtOpen, counted,
            closing.Ticks, closeStaff, expectedAtClose, countedAtClose, discrepancy));
    }

    private void Append(Batch batch, SeedDrawer drawer, long session, string kind, string type, long cash, long time, long staffId, long? reason, string? note, long? counted, long? expected, long? discrepancy, long? transaction)
    {
        batch.Activities.Add(new ActivityRow(NextActivity++, drawer.Id, session, kind, type, cash, time, staffId, reason, note, counted, expected, discrepancy, transaction));
        drawer.Balance += cash;
        drawer.ActivityCount++;
    }
}
