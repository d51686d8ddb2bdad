using Microsoft.Data.Sqlite;

namespace Till.RawSqlite;

/// <summary>
/// The load driver's loop, device after device: open with the float (or the drawer's balance),
/// N sales of 1.25, adjust by -5.00, count the expected balance, close 0.50 short (a closing
/// adjustment). Each mutation reads and writes what Till's use case does
/// (src/Till/Sessions/SessionLedger.cs, src/Till/Transactions/TransactionRecorder.cs), in the same
/// order, with the statements of <see cref="Ledger"/>.
/// </summary>
internal sealed class Mix(Ledger db, Fixture fixture, int sales, bool tokenLookups)
{
    private const long Float = 100_000, Sale = 1_250, BankRun = -5_000, Shortfall = -500; // thousandths
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
            db.Savepoint(group, "m");
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
            db.Release(group, "m");
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
    // new drawer, the session, its OPENING count, the drawer's move.
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

        var drawer = db.Drawer.Bind(tx, ("@shop", shop), ("@id", found[2])).Row(0, 1, 4, 5) ?? throw new InvalidOperationException("no drawer");
        var floatSetup = drawer[3] == 0;
        var expected = floatSetup ? counted : drawer[2];
        long? reason = floatSetup ? db.SystemCode.Bind(tx, ("@shop", shop), ("@code", "FLOAT_SETUP")).Row(0)![0] : null;
        device.Session = db.InsertSession.Bind(tx, ("@shop", shop), ("@device", device.Device), ("@drawer", drawer[0]), ("@location", drawer[1]), ("@currency", "USD"),
            ("@time", now), ("@staff", staff), ("@note", null), ("@expected", expected), ("@counted", counted)).Id();
        Append(tx, device, "Count", "OPENING", floatSetup ? counted : counted - expected, now, reason, null, counted, expected, counted - expected, null);
        device.Balance = counted;
        device.Fresh = false;
    }

    // Sale: device, staff, open session, location, the session's drawer; the transaction, its activity, the drawer's move.
    private void Sell(DeviceState device, SqliteTransaction tx)
    {
        var (shop, staff) = Ids;
        var now = Ledger.Now();
        var found = db.Device.Bind(tx, ("@shop", shop), ("@id", device.Device)).Row(0, 1) ?? throw new InvalidOperationException("no device");
        db.Staff.Bind(tx, ("@shop", shop), ("@id", staff)).Row(0);
        var session = db.OpenSession.Bind(tx, ("@shop", shop), ("@device", device.Device)).Row(0, 2) ?? throw new InvalidOperationException("no open session");
        db.Location.Bind(tx, ("@shop", shop), ("@id", found[1])).Row(0);
        db.Drawer.Bind(tx, ("@shop", shop), ("@id", session[1])).Row(0);
        var transaction = db.InsertTransaction.Bind(tx, ("@shop", shop), ("@device", device.Device), ("@location", found[1]), ("@session", session[0]), ("@kind", "SALE"),
            ("@gateway", "cash"), ("@amount", Sale), ("@currency", "USD"), ("@staff", staff), ("@processed", now), ("@created", now)).Id();
        Append(tx, device, "Transaction", "SALE", Sale, now, null, null, null, null, null, transaction);
        device.Balance += Sale;
    }

    // Adjust: session, staff, drawer; the ADJUSTMENT, the drawer's move.
    private void Adjust(DeviceState device, SqliteTransaction tx)
    {
        var now = Ledger.Now();
        Context(device, tx);
        Append(tx, device, "Adjustment", "ADJUSTMENT", BankRun, now, null, "bank run", null, null, null, null);
        device.Balance += BankRun;
    }

    // Count: session, staff, drawer; the MID_SESSION count (it agrees, so it moves the drawer by 0).
    private void Count(DeviceState device, SqliteTransaction tx)
    {
        var now = Ledger.Now();
        var expected = Context(device, tx);
        var counted = device.Balance;
        Append(tx, device, "Count", "MID_SESSION", counted - expected, now, null, null, counted, expected, counted - expected, null);
    }

    // Close: session, staff, drawer; the CLOSING count, the CLOSING_ADJUSTMENT (0.50 short), each with
    // its drawer move, and the session's close.
    private void Close(DeviceState device, SqliteTransaction tx)
    {
        var (shop, staff) = Ids;
        var now = Ledger.Now();
        var expected = Context(device, tx);
        var counted = device.Balance + Shortfall;
        var difference = counted - expected;
        Append(tx, device, "Count", "CLOSING", 0, now, null, null, counted, expected, difference, null);
        if (difference != 0)
        {
            Append(tx, device, "Adjustment", "CLOSING_ADJUSTMENT", difference, now, null, null, null, null, null, null);
        }

        if (db.CloseSession.Bind(tx, ("@time", now), ("@staff", staff), ("@note", null), ("@expected", expected), ("@counted", counted), ("@adjustment", difference),
            ("@shop", shop), ("@id", device.Session)).Execute() != 1)
        {
            throw new InvalidOperationException("the session was not open");
        }

        device.Balance = counted;
    }

    /// <summary>Session, staff and the session's drawer, as GetSessionContextAsync reads them one by one; the drawer's balance.</summary>
    private long Context(DeviceState device, SqliteTransaction tx)
    {
        var (shop, staff) = Ids;
        var session = db.Session.Bind(tx, ("@shop", shop), ("@id", device.Session)).Row(0, 2) ?? throw new InvalidOperationException("no session");
        db.Staff.Bind(tx, ("@shop", shop), ("@id", staff)).Row(0);
        return db.Drawer.Bind(tx, ("@shop", shop), ("@id", session[1])).Row(4)![0];
    }

    /// <summary>AppendActivityAsync on SQLite: the activity, then the drawer's move in a statement of its own.</summary>
    private void Append(SqliteTransaction tx, DeviceState device, string kind, string type, long cash, long time, long? reason, string? note, long? counted, long? expected, long? discrepancy, long? transaction)
    {
        var shop = fixture.Shop;
        db.InsertActivity.Bind(tx, ("@shop", shop), ("@drawer", device.Drawer), ("@session", device.Session), ("@kind", kind), ("@type", type), ("@cash", cash), ("@currency", "USD"),
            ("@time", time), ("@staff", fixture.Staff), ("@reason", reason), ("@note", note), ("@counted", counted), ("@expected", expected), ("@discrepancy", discrepancy), ("@transaction", transaction)).Id();
        db.MoveDrawer.Bind(tx, ("@cash", cash), ("@shop", shop), ("@drawer", device.Drawer)).Execute();
    }
}
