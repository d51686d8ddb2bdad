using Microsoft.Data.Sqlite;
using Till.Sessions;

namespace Till.RawSqlite;

/// <summary>
/// The load driver's loop, device after device: open with the float (or the drawer's balance),
/// N sales of 1.25, adjust by -5.00, count the expected balance, close 0.50 short (a closing
/// adjustment). Each mutation reads and writes what Till's use case does
/// (src/Till/Sessions/SessionLedger.cs, src/Till/Transactions/TransactionRecorder.cs), in the same
/// order, with the statements of <see cref="Ledger"/>: its context (the rows it checks, and the
/// shop's subscriptions to the topics it fires), then each activity with its ledger link, the
/// drawer's move, the session's kept totals and the drawer's period rows.
/// </summary>
internal sealed class Mix(Ledger db, Fixture fixture, int sales, bool tokenLookups)
{
    private const long Float = 100_000, Sale = 1_250, BankRun = -5_000, Shortfall = -500; // thousandths
    private const long QuarterTicks = 15 * TimeSpan.TicksPerMinute;

    // The topics each step may fire (src/Till/Webhooks/CashEvents.cs, TransactionRecorder): its subscription read asks for these.
    private static readonly string[] OpenTopics = ["TILL_PAYMENT_SESSIONS_OPEN", "TILL_CASH_ACTIVITIES_CREATE"];
    private static readonly string[] SaleTopics = ["TENDER_TRANSACTIONS_CREATE", "TILL_CASH_ACTIVITIES_CREATE"];
    private static readonly string[] ActivityTopics = ["TILL_CASH_ACTIVITIES_CREATE"];
    private static readonly string[] CloseTopics = ["TILL_CASH_ACTIVITIES_CREATE", "TILL_PAYMENT_SESSIONS_CLOSE", "TILL_PAYMENT_SESSIONS_REVIEW_REQUIRED"];

    private int next;

    public Dictionary<string, long> Counts { get; } = new(StringComparer.Ordinal) { ["open"] = 0, ["sale"] = 0, ["adjust"] = 0, ["count"] = 0, ["close"] = 0 };

    public void ResetCounts()
    {
        foreach (var key in Counts.Keys.ToList())
        {
            Counts[key] = 0;
        }
    }

    /// <summary>The next device's next mutation: in a transaction of its own, or as a savepoint of <paramref name="group"/>.</summary>
    public void Next(SqliteTransaction? group)
    {
        var device = fixture.Drawers[next];
        next = (next + 1) % fixture.Drawers.Count;
        var op = device.Step == 0 ? "open" : device.Step <= sales ? "sale" : device.Step == sales + 1 ? "adjust" : device.Step == sales + 2 ? "count" : "close";
        if (tokenLookups && op != "sale")
        {
            db.LookUpToken(fixture.TokenHash);
        }

        using var own = group is null ? db.BeginWrite() : null;
        var tx = group ?? own!;
        if (group is not null)
        {
            db.Savepoint(group);
        }

        switch (op)
        {
            case "open": Open(device, tx); break;
            case "sale": Sell(device, tx); break;
            case "adjust": Adjust(device, tx); break;
            case "count": Count(device, tx); break;
            default: Close(device, tx); break;
        }

        if (group is not null)
        {
            db.Release(group);
        }
        else
        {
            db.Commit(tx);
        }

        device.Step = device.Step == sales + 3 ? 0 : device.Step + 1;
        Counts[op]++;
    }

    private (long Shop, long Staff) Ids => (fixture.Shop, fixture.Staff);

    // Open: device, staff, the device's open session (none), the drawer, the FLOAT_SETUP code on a
    // new drawer, the subscriptions; the session, its OPENING count.
    private void Open(DeviceState device, SqliteTransaction tx)
    {
        var (shop, staff) = Ids;
        var now = Ledger.Now();
        var counted = device.Fresh ? Float : device.Balance;
        var found = db.Device.Bind(tx, ("@shop", shop), ("@id", device.Device)).Row(0, 1, 3) ?? throw new InvalidOperationException("no device");
        db.Staff.Bind(tx, ("@shop", shop), ("@id", staff)).Row(0);
        if (db.OpenSession.Bind(tx, ("@shop", shop), ("@device", device.Device)).Row(0) is not null)
        {
            throw new InvalidOperationException("a session is already open");
        }

        var drawer = Drawer(device, tx, found[2]);
        var floatSetup = drawer.Count == 0;
        var expected = floatSetup ? counted : drawer.Balance;
        long? reason = floatSetup ? db.SystemCode.Bind(tx, ("@shop", shop), ("@code", "FLOAT_SETUP")).Row(0)![0] : null;
        Subscriptions(tx, OpenTopics);
        device.Session = db.InsertSession.Bind(tx, ("@shop", shop), ("@device", device.Device), ("@drawer", drawer.Id), ("@location", drawer.Location), ("@currency", "USD"),
            ("@time", now), ("@staff", staff), ("@note", null), ("@expected", expected), ("@counted", counted), ("@created", now)).Id();
        Append(tx, device, ActivityKind.Count, "OPENING", floatSetup ? counted : counted - expected, now, reason, null, counted, expected, counted - expected, null);
        device.Balance = counted;
        device.Fresh = false;
    }

    // Sale: device, staff, open session, location, the session's drawer, the subscriptions; the
    // transaction with the session's all-tender totals, then its activity.
    private void Sell(DeviceState device, SqliteTransaction tx)
    {
        var (shop, staff) = Ids;
        var now = Ledger.Now();
        var found = db.Device.Bind(tx, ("@shop", shop), ("@id", device.Device)).Row(0, 1) ?? throw new InvalidOperationException("no device");
        db.Staff.Bind(tx, ("@shop", shop), ("@id", staff)).Row(0);
        var session = db.OpenSession.Bind(tx, ("@shop", shop), ("@device", device.Device)).Row(0, 2) ?? throw new InvalidOperationException("no open session");
        db.Location.Bind(tx, ("@shop", shop), ("@id", found[1])).Row(0);
        Drawer(device, tx, session[1]);
        Subscriptions(tx, SaleTopics);
        var transaction = db.InsertTransaction.Bind(tx, ("@shop", shop), ("@device", device.Device), ("@location", found[1]), ("@session", session[0]), ("@kind", "SALE"),
            ("@gateway", "cash"), ("@amount", Sale), ("@currency", "USD"), ("@staff", staff), ("@processed", now), ("@created", now)).Id();
        MoveSession(tx, device.Session, allSales: Sale);
        Append(tx, device, ActivityKind.Transaction, "SALE", Sale, now, null, null, null, null, null, transaction);
        device.Balance += Sale;
    }

    // Adjust: session, staff, drawer, the subscriptions; the ADJUSTMENT.
    private void Adjust(DeviceState device, SqliteTransaction tx)
    {
        var now = Ledger.Now();
        Context(device, tx, ActivityTopics);
        Append(tx, device, ActivityKind.Adjustment, "ADJUSTMENT", BankRun, now, null, "bank run", null, null, null, null);
        device.Balance += BankRun;
    }

    // Count: session, staff, drawer, the subscriptions; the MID_SESSION count (it agrees, so it moves the drawer by 0).
    private void Count(DeviceState device, SqliteTransaction tx)
    {
        var now = Ledger.Now();
        var expected = Context(device, tx, ActivityTopics);
        var counted = device.Balance;
        Append(tx, device, ActivityKind.Count, "MID_SESSION", counted - expected, now, null, null, counted, expected, counted - expected, null);
    }

    // Close: session, staff, drawer, the subscriptions; the CLOSING count and the CLOSING_ADJUSTMENT
    // (0.50 short), the location's cash settings (read when there is an adjustment, for the
    // variance review; the bench shop has none), and the session's close.
    private void Close(DeviceState device, SqliteTransaction tx)
    {
        var (shop, staff) = Ids;
        var now = Ledger.Now();
        var expected = Context(device, tx, CloseTopics);
        var counted = device.Balance + Shortfall;
        var difference = counted - expected;
        Append(tx, device, ActivityKind.Count, "CLOSING", 0, now, null, null, counted, expected, difference, null);
        if (difference != 0)
        {
            Append(tx, device, ActivityKind.Adjustment, "CLOSING_ADJUSTMENT", difference, now, null, null, null, null, null, null);
            db.CashSettings.Bind(tx, ("@shop", shop), ("@location", fixture.Location)).Row();
        }

        if (db.CloseSession.Bind(tx, ("@time", now), ("@staff", staff), ("@note", null), ("@expected", expected), ("@counted", counted), ("@adjustment", difference), ("@review", null),
            ("@shop", shop), ("@id", device.Session)).Execute() != 1)
        {
            throw new InvalidOperationException("the session was not open");
        }

        device.Balance = counted;
    }

    /// <summary>Session, staff and the session's drawer, as GetSessionContextAsync reads them one by one, then the subscriptions; the drawer's balance.</summary>
    private long Context(DeviceState device, SqliteTransaction tx, string[] topics)
    {
        var (shop, staff) = Ids;
        var session = db.Session.Bind(tx, ("@shop", shop), ("@id", device.Session)).Row(0, 2) ?? throw new InvalidOperationException("no session");
        db.Staff.Bind(tx, ("@shop", shop), ("@id", staff)).Row(0);
        var drawer = Drawer(device, tx, session[1]);
        Subscriptions(tx, topics);
        return drawer.Balance;
    }

    /// <summary>The drawer's row; its ledger head and activity count are where the next booking chains on.</summary>
    private (long Id, long Location, long Balance, long Count) Drawer(DeviceState device, SqliteTransaction tx, long drawerId)
    {
        var row = db.Drawer.Bind(tx, ("@shop", fixture.Shop), ("@id", drawerId)).Values() ?? throw new InvalidOperationException("no drawer");
        device.Head = row[7] as string;
        device.Position = (long)row[5];
        return ((long)row[0], (long)row[1], (long)row[4], (long)row[5]);
    }

    private void Subscriptions(SqliteTransaction tx, string[] topics) =>
        db.Subscriptions[topics.Length - 1].Bind(tx, [("@shop", fixture.Shop), .. topics.Select((t, i) => ($"@topic{i}", (object?)t))]).Values();

    /// <summary>
    /// AppendActivityAsync on SQLite: the activity with its link (chained onto the drawer's head),
    /// then in a statement each the drawer's move, the session's totals and the drawer's period rows.
    /// </summary>
    private void Append(SqliteTransaction tx, DeviceState device, ActivityKind kind, string type, long cash, long time, long? reason, string? note, long? counted, long? expected, long? discrepancy, long? transaction)
    {
        var shop = fixture.Shop;
        var position = device.Position + 1;
        var hash = LedgerChain.Link(device.Head, position, new CashActivity
        {
            ShopId = shop,
            DrawerId = device.Drawer,
            SessionId = device.Session,
            Kind = kind,
            Type = type,
            Cash = cash / 1000m,
            Currency = "USD",
            Time = new DateTimeOffset(time, TimeSpan.Zero),
            StaffId = fixture.Staff,
            ReasonCodeId = reason,
            Note = note,
            Counted = counted / 1000m,
            Expected = expected / 1000m,
            Discrepancy = discrepancy / 1000m,
            TransactionId = transaction,
        });
        db.InsertActivity.Bind(tx, ("@shop", shop), ("@drawer", device.Drawer), ("@session", device.Session), ("@kind", kind.ToString()), ("@type", type), ("@cash", cash), ("@currency", "USD"),
            ("@time", time), ("@staff", fixture.Staff), ("@reason", reason), ("@note", note), ("@counted", counted), ("@expected", expected), ("@discrepancy", discrepancy), ("@transaction", transaction),
            ("@denominations", null), ("@reverses", null), ("@hash", hash)).Id();
        device.Head = hash;
        device.Position = position;
        db.MoveDrawer.Bind(tx, ("@cash", cash), ("@hash", hash), ("@shop", shop), ("@drawer", device.Drawer)).Execute();

        // The figure each type counts in (src/Till/Sessions/LedgerFigures.cs), written out for the types the mix books.
        long sales = type == "SALE" ? cash : 0, adjustments = type is "ADJUSTMENT" or "CASH_PAYOUT" ? cash : 0, off = discrepancy ?? 0;
        MoveSession(tx, device.Session, cashSales: sales, adjustments: adjustments, discrepancy: off);
        db.MovePeriods.Bind(tx, ("@shop", shop), ("@drawer", device.Drawer), ("@pQuarter", time - (time % QuarterTicks)), ("@pDay", time - (time % TimeSpan.TicksPerDay)),
            ("@pCash", cash), ("@pCashSales", sales), ("@pCashChange", 0L), ("@pCashRefunds", 0L), ("@pAdjustments", adjustments), ("@pDiscrepancy", off)).Execute();
    }

    private void MoveSession(SqliteTransaction tx, long session, long cashSales = 0, long adjustments = 0, long discrepancy = 0, long allSales = 0) =>
        db.MoveSession.Bind(tx, ("@dCashSales", cashSales), ("@dCashChange", 0L), ("@dCashRefunds", 0L), ("@dAdjustments", adjustments), ("@dDiscrepancy", discrepancy),
            ("@dAllSales", allSales), ("@dAllChange", 0L), ("@dAllRefunds", 0L), ("@shop", fixture.Shop), ("@session", session)).Execute();
}
