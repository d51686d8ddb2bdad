using System.Globalization;
using System.Text.Json;
using Till.Sessions;

namespace Till.Baseline;

/// <summary>The result of a step: the new or changed row's ID, or why it was refused.</summary>
internal sealed record Outcome(long? Id, long Session, string? Error);

internal sealed record Setup(long Shop, long Location, long Staff, IReadOnlyList<(long Device, long Drawer)> Devices);

internal sealed record SessionRow(long Id, string Status, long OpeningTime, long? ClosingTime, long CountedAtOpen, long? ClosingAdjustment);

internal sealed record DrawerView(long Id, string Name, long LocationId, string LocationName, IReadOnlyList<long> Devices, IReadOnlyList<(long Time, long Cash)> Activities);

/// <summary>
/// The same rows Till reads and writes for each step (see src/Till/Sessions/SessionLedger.cs,
/// src/Till/Transactions/TransactionRecorder.cs, src/Till.Storage.Sql/SqlUnitOfWork.cs and
/// KeptFigures.cs), in hand-written SQL sent one statement at a time: amounts in thousandths, times
/// in UTC ticks. Each booking writes what Till's does: the activity with its ledger link (hashed
/// with Till's own <see cref="LedgerChain"/>, the one piece of Till's code the baseline runs), the
/// drawer's balance, count and head, the session's kept totals and the drawer's period rows.
/// </summary>
internal sealed class Ledger(Db db)
{
    private static readonly string[] SystemCodes = ["FLOAT_SETUP", "CASH_PAYOUT", "OTHER"];

    private string Lock => db.LockRows;

    public static long? IdOf(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var slash = text.LastIndexOf('/');
        return long.TryParse(slash >= 0 ? text[(slash + 1)..] : text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    public static long Thousandths(JsonElement money) =>
        (long)(decimal.Parse(money.GetProperty("amount").GetString()!, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) * 1000m);

    public static string Amount(long thousandths) => (thousandths / 1000m).ToString("0.0##", CultureInfo.InvariantCulture);

    private static long Now()
    {
        var ticks = DateTime.UtcNow.Ticks;
        return ticks - (ticks % TimeSpan.TicksPerSecond);
    }

    public Task<long?> ShopOfTokenAsync(string hash) =>
        db.ReadAsync(tx => tx.RowAsync("SELECT id, shop_id, hash, scopes FROM tokens WHERE hash = @hash AND revoked = 0", r => (long?)r.GetInt64(1), ("@hash", hash)), snapshot: false);

    public Task<Setup> SetupAsync(long? existingShop, int devices, string tokenHash) => db.WriteAsync(async tx =>
    {
        var now = Now();
        var shop = existingShop ?? await tx.InsertAsync("INSERT INTO shops (name, currency, created_at) VALUES ('Baseline shop', 'USD', @now)", ("@now", now));
        if (existingShop is null)
        {
            foreach (var code in SystemCodes)
            {
                await tx.InsertAsync("INSERT INTO reason_codes (shop_id, kind, code, code_key, deleted) VALUES (@shop, 'System', @code, @key, 0)", ("@shop", shop), ("@code", code), ("@key", code.ToLowerInvariant()));
            }
        }

        var location = await tx.InsertAsync("INSERT INTO locations (shop_id, name, currency, created_at) VALUES (@shop, 'Baseline location', 'USD', @now)", ("@shop", shop), ("@now", now));
        var staff = await tx.InsertAsync("INSERT INTO staff (shop_id, first_name, last_name, email, active, is_owner) VALUES (@shop, 'Base', 'Line', 'base@example.com', 1, 0)", ("@shop", shop));
        await tx.InsertAsync("INSERT INTO tokens (shop_id, hash, scopes, revoked, created_at) VALUES (@shop, @hash, 'read_cash_tracking,write_cash_tracking', 0, @now)", ("@shop", shop), ("@hash", tokenHash), ("@now", now));
        var list = new List<(long, long)>();
        for (var i = 0; i < devices; i++)
        {
            var name = $"Baseline drawer {location}-{i + 1}";
            var drawer = await tx.InsertAsync("INSERT INTO cash_drawers (shop_id, location_id, name, name_key, currency, balance, activity_count, created_at) VALUES (@shop, @location, @name, @key, 'USD', 0, 0, @now)",
                ("@shop", shop), ("@location", location), ("@name", name), ("@key", name.ToLowerInvariant()), ("@now", now));
            var device = await tx.InsertAsync("INSERT INTO devices (shop_id, location_id, name, cash_drawer_id) VALUES (@shop, @location, @name, @drawer)",
                ("@shop", shop), ("@location", location), ("@name", $"Baseline register {i + 1}"), ("@drawer", drawer));
            list.Add((device, drawer));
        }

        await tx.CommitAsync();
        return new Setup(shop, location, staff, list);
    });

    private static Task<bool> StaffActiveAsync(Tx tx, long shop, long staff) =>
        tx.RowAsync("SELECT active FROM staff WHERE shop_id = @shop AND id = @id", r => r.GetInt64(0) != 0, ("@shop", shop), ("@id", staff));

    private Task<Drawer?> DrawerAsync(Tx tx, long shop, long drawer) =>
        tx.RowAsync($"SELECT id, location_id, balance, activity_count, ledger_head FROM cash_drawers WHERE shop_id = @shop AND id = @id{Lock}",
            r => new Drawer(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)) { Head = r.IsDBNull(4) ? null : r.GetString(4) }, ("@shop", shop), ("@id", drawer));

    /// <summary>A drawer as read with its lock; its head and count move with each activity booked on it in the step.</summary>
    private sealed record Drawer(long Id, long Location, long Balance, long Count)
    {
        public string? Head { get; set; }

        public long Position { get; set; } = Count;
    }

    private Task<(long Id, long Drawer, string Status, long OpeningTime)?> SessionAsync(Tx tx, long shop, long session) =>
        tx.RowAsync($"SELECT id, drawer_id, status, opening_time FROM payment_sessions WHERE shop_id = @shop AND id = @id{Lock}",
            r => ((long, long, string, long)?)(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt64(3)), ("@shop", shop), ("@id", session));

    private const long QuarterTicks = 15 * TimeSpan.TicksPerMinute;

    private const string PeriodFigures = "cash, cash_sales, cash_change, cash_refunds, adjustments, discrepancy";

    private static readonly string MovePeriods =
        $"INSERT INTO drawer_periods (shop_id, drawer_id, span, period_start, {PeriodFigures}) VALUES " +
        "(@shop, @drawer, 15, @quarter, @cash, @sales, @change, @refunds, @adjustments, @discrepancy), (@shop, @drawer, 1440, @day, @cash, @sales, @change, @refunds, @adjustments, @discrepancy) " +
        "ON CONFLICT (shop_id, drawer_id, span, period_start) DO UPDATE SET " + string.Join(", ", PeriodFigures.Split(", ").Select(c => $"{c} = drawer_periods.{c} + excluded.{c}"));

    /// <summary>Moves the session's kept totals by the deltas given.</summary>
    private static Task<int> MoveSessionAsync(Tx tx, long shop, long session, (long Sales, long Change, long Refunds) cash = default, long adjustments = 0, long discrepancy = 0, (long Sales, long Change, long Refunds) all = default) =>
        tx.ExecuteAsync(
            "UPDATE payment_sessions SET cash_sales = cash_sales + @cashSales, cash_change = cash_change + @cashChange, cash_refunds = cash_refunds + @cashRefunds, " +
            "adjustments = adjustments + @adjustments, discrepancy = discrepancy + @discrepancy, " +
            "all_sales = all_sales + @allSales, all_change = all_change + @allChange, all_refunds = all_refunds + @allRefunds WHERE shop_id = @shop AND id = @session",
            ("@cashSales", cash.Sales), ("@cashChange", cash.Change), ("@cashRefunds", cash.Refunds), ("@adjustments", adjustments), ("@discrepancy", discrepancy),
            ("@allSales", all.Sales), ("@allChange", all.Change), ("@allRefunds", all.Refunds), ("@shop", shop), ("@session", session));

    /// <summary>Sales, change and refunds: the figure <paramref name="type"/> (an activity type or a transaction kind) counts <paramref name="amount"/> in.</summary>
    private static (long Sales, long Change, long Refunds) Tender(string type, long amount) =>
        (type == "SALE" ? amount : 0, type == "CHANGE" ? amount : 0, type == "REFUND" ? amount : 0);

    private static async Task<long> AppendAsync(Tx tx, long shop, Drawer drawer, long session, ActivityKind kind, string type, long cash, long time, long staff, long? reason, string? note, long? counted, long? expected, long? discrepancy, long? transaction)
    {
        var position = drawer.Position + 1;
        var hash = LedgerChain.Link(drawer.Head, position, new CashActivity
        {
            ShopId = shop,
            DrawerId = drawer.Id,
            SessionId = session,
            Kind = kind,
            Type = type,
            Cash = cash / 1000m,
            Currency = "USD",
            Time = new DateTimeOffset(time, TimeSpan.Zero),
            StaffId = staff,
            ReasonCodeId = reason,
            Note = note,
            Counted = counted / 1000m,
            Expected = expected / 1000m,
            Discrepancy = discrepancy / 1000m,
            TransactionId = transaction,
        });
        var id = await tx.InsertAsync(
            "INSERT INTO cash_activities (shop_id, drawer_id, session_id, kind, type, cash, currency, time, staff_id, reason_code_id, note, counted, expected, discrepancy, transaction_id, hash) " +
            "VALUES (@shop, @drawer, @session, @kind, @type, @cash, 'USD', @time, @staff, @reason, @note, @counted, @expected, @discrepancy, @transaction, @hash)",
            ("@shop", shop), ("@drawer", drawer.Id), ("@session", session), ("@kind", kind.ToString()), ("@type", type), ("@cash", cash), ("@time", time), ("@staff", staff),
            ("@reason", reason), ("@note", note), ("@counted", counted), ("@expected", expected), ("@discrepancy", discrepancy), ("@transaction", transaction), ("@hash", hash));
        drawer.Head = hash;
        drawer.Position = position;
        await tx.ExecuteAsync("UPDATE cash_drawers SET balance = balance + @cash, activity_count = activity_count + 1, ledger_head = @hash WHERE shop_id = @shop AND id = @id",
            ("@cash", cash), ("@hash", hash), ("@shop", shop), ("@id", drawer.Id));

        // What the activity counts in: sales, change and refunds by their type, adjustments (not the closing re-base), and a count's discrepancy.
        var tender = Tender(type, cash);
        long adjustments = type is "ADJUSTMENT" or "CASH_PAYOUT" ? cash : 0, off = discrepancy ?? 0;
        await MoveSessionAsync(tx, shop, session, cash: tender, adjustments: adjustments, discrepancy: off);
        await tx.ExecuteAsync(MovePeriods, ("@shop", shop), ("@drawer", drawer.Id), ("@quarter", time - (time % QuarterTicks)), ("@day", time - (time % TimeSpan.TicksPerDay)),
            ("@cash", cash), ("@sales", tender.Sales), ("@change", tender.Change), ("@refunds", tender.Refunds), ("@adjustments", adjustments), ("@discrepancy", off));
        return id;
    }

    public Task<Outcome> OpenAsync(long shop, long deviceId, long staff, long counted) => db.WriteAsync(async tx =>
    {
        var now = Now();
        var device = await tx.RowAsync($"SELECT id, location_id, cash_drawer_id FROM devices WHERE shop_id = @shop AND id = @id{Lock}",
            r => ((long Id, long? Drawer)?)(r.GetInt64(0), r.IsDBNull(2) ? null : r.GetInt64(2)), ("@shop", shop), ("@id", deviceId));
        if (device is not { Drawer: { } drawerId } || !await StaffActiveAsync(tx, shop, staff))
        {
            return new Outcome(null, 0, "device or staff not found");
        }

        if (await DrawerAsync(tx, shop, drawerId) is not { } drawer)
        {
            return new Outcome(null, 0, "no drawer");
        }

        if (await tx.RowAsync($"SELECT id FROM payment_sessions WHERE shop_id = @shop AND device_id = @device AND status = 'OPEN'{Lock}", r => (long?)r.GetInt64(0), ("@shop", shop), ("@device", deviceId)) is not null)
        {
            return new Outcome(null, 0, "ALREADY_OPEN");
        }

        var floatSetup = drawer.Count == 0;
        var expected = floatSetup ? counted : drawer.Balance;
        long? reason = floatSetup
            ? await tx.RowAsync("SELECT id FROM reason_codes WHERE shop_id = @shop AND kind = 'System' AND code = 'FLOAT_SETUP'", r => (long?)r.GetInt64(0), ("@shop", shop))
            : null;
        var session = await tx.InsertAsync(
            "INSERT INTO payment_sessions (shop_id, device_id, drawer_id, location_id, currency, status, opening_time, opening_staff_id, opening_note, expected_at_open, counted_at_open) " +
            "VALUES (@shop, @device, @drawer, @location, 'USD', 'OPEN', @time, @staff, NULL, @expected, @counted)",
            ("@shop", shop), ("@device", deviceId), ("@drawer", drawer.Id), ("@location", drawer.Location), ("@time", now), ("@staff", staff), ("@expected", expected), ("@counted", counted));
        await AppendAsync(tx, shop, drawer, session, ActivityKind.Count, "OPENING", floatSetup ? counted : counted - expected, now, staff, reason, null, counted, expected, counted - expected, null);
        await tx.CommitAsync();
        return new Outcome(session, session, null);
    });

    public Task<Outcome> SaleAsync(long shop, long deviceId, string kind, string gateway, long amount, long staff) => db.WriteAsync(async tx =>
    {
        var now = Now();
        var device = await tx.RowAsync($"SELECT id, location_id FROM devices WHERE shop_id = @shop AND id = @id{Lock}",
            r => ((long Id, long Location)?)(r.GetInt64(0), r.GetInt64(1)), ("@shop", shop), ("@id", deviceId));
        if (device is null || !await StaffActiveAsync(tx, shop, staff))
        {
            return new Outcome(null, 0, "device or staff not found");
        }

        var session = await tx.RowAsync($"SELECT id, drawer_id FROM payment_sessions WHERE shop_id = @shop AND device_id = @device AND status = 'OPEN'{Lock}",
            r => ((long Id, long Drawer)?)(r.GetInt64(0), r.GetInt64(1)), ("@shop", shop), ("@device", deviceId));
        if (session is null)
        {
            return new Outcome(null, 0, "NO_OPEN_SESSION");
        }

        await tx.RowAsync("SELECT currency FROM locations WHERE shop_id = @shop AND id = @id", r => r.GetString(0), ("@shop", shop), ("@id", device.Value.Location));

        // Till (TransactionRecorder) locks the session's drawer before inserting anything.
        var drawer = await DrawerAsync(tx, shop, session.Value.Drawer) ?? throw new InvalidOperationException("no drawer");
        var transaction = await tx.InsertAsync(
            "INSERT INTO order_transactions (shop_id, device_id, location_id, session_id, kind, gateway, amount, currency, staff_id, processed_at, created_at) " +
            "VALUES (@shop, @device, @location, @session, @kind, @gateway, @amount, 'USD', @staff, @now, @now)",
            ("@shop", shop), ("@device", deviceId), ("@location", device.Value.Location), ("@session", session.Value.Id), ("@kind", kind), ("@gateway", gateway.ToLowerInvariant()),
            ("@amount", amount), ("@staff", staff), ("@now", now));
        await MoveSessionAsync(tx, shop, session.Value.Id, all: Tender(kind, amount));
        await AppendAsync(tx, shop, drawer, session.Value.Id, ActivityKind.Transaction, kind, kind == "SALE" ? amount : -amount, now, staff, null, null, null, null, null, transaction);
        await tx.CommitAsync();
        return new Outcome(transaction, session.Value.Id, null);
    });

    public Task<Outcome> AdjustAsync(long shop, long sessionId, long staff, long cash, string? note) => db.WriteAsync(async tx =>
    {
        var now = Now();
        if (await SessionAsync(tx, shop, sessionId) is not { Status: "OPEN" } session || !await StaffActiveAsync(tx, shop, staff) || await DrawerAsync(tx, shop, session.Drawer) is not { } drawer)
        {
            return new Outcome(null, 0, "session, staff or drawer not found");
        }

        await AppendAsync(tx, shop, drawer, session.Id, ActivityKind.Adjustment, "ADJUSTMENT", cash, now, staff, null, note, null, null, null, null);
        await tx.CommitAsync();
        return new Outcome(session.Id, 0, null);
    });

    public Task<Outcome> CountOrCloseAsync(long shop, long sessionId, long staff, long counted, bool closing) => db.WriteAsync(async tx =>
    {
        var now = Now();
        if (await SessionAsync(tx, shop, sessionId) is not { Status: "OPEN" } session || !await StaffActiveAsync(tx, shop, staff) || await DrawerAsync(tx, shop, session.Drawer) is not { } drawer)
        {
            return new Outcome(null, 0, "session, staff or drawer not found");
        }

        var expected = drawer.Balance;
        var difference = counted - expected;
        await AppendAsync(tx, shop, drawer, session.Id, ActivityKind.Count, closing ? "CLOSING" : "MID_SESSION", closing ? 0 : difference, now, staff, null, null, counted, expected, difference, null);
        if (closing)
        {
            if (difference != 0)
            {
                await AppendAsync(tx, shop, drawer, session.Id, ActivityKind.Adjustment, "CLOSING_ADJUSTMENT", difference, now, staff, null, null, null, null, null, null);
            }

            var updated = await tx.ExecuteAsync(
                "UPDATE payment_sessions SET status = 'CLOSED', closing_time = @time, closing_staff_id = @staff, closing_note = NULL, expected_at_close = @expected, counted_at_close = @counted, closing_adjustment = @adjustment " +
                "WHERE shop_id = @shop AND id = @id AND status = 'OPEN'",
                ("@time", now), ("@staff", staff), ("@expected", expected), ("@counted", counted), ("@adjustment", difference), ("@shop", shop), ("@id", session.Id));
            if (updated != 1)
            {
                return new Outcome(null, 0, "SESSION_ALREADY_CLOSED");
            }
        }

        await tx.CommitAsync();
        return new Outcome(session.Id, difference, null);
    });

    public Task<List<SessionRow>> ListSessionsAsync(long shop, int first) => db.ReadAsync(tx => tx.RowsAsync(
        "SELECT id, status, opening_time, closing_time, counted_at_open, closing_adjustment FROM payment_sessions WHERE shop_id = @shop ORDER BY id DESC LIMIT @limit",
        r => new SessionRow(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.GetInt64(4), r.IsDBNull(5) ? null : r.GetInt64(5)),
        ("@shop", shop), ("@limit", first + 1)), snapshot: false);

    public Task<DrawerView?> ReadDrawerAsync(long shop, long drawerId) => db.ReadAsync(async tx =>
    {
        var drawer = await tx.RowAsync("SELECT id, name, location_id FROM cash_drawers WHERE shop_id = @shop AND id = @id",
            r => ((long Id, string Name, long Location)?)(r.GetInt64(0), r.GetString(1), r.GetInt64(2)), ("@shop", shop), ("@id", drawerId));
        if (drawer is null)
        {
            return null;
        }

        var locationName = await tx.RowAsync("SELECT name FROM locations WHERE shop_id = @shop AND id = @id", r => r.GetString(0), ("@shop", shop), ("@id", drawer.Value.Location)) ?? string.Empty;
        var devices = await tx.RowsAsync("SELECT id FROM devices WHERE shop_id = @shop AND cash_drawer_id = @drawer ORDER BY id LIMIT 6", r => r.GetInt64(0), ("@shop", shop), ("@drawer", drawerId));
        var activities = await tx.RowsAsync("SELECT time, cash FROM cash_activities WHERE shop_id = @shop AND drawer_id = @drawer ORDER BY time DESC, id DESC LIMIT 11",
            r => (r.GetInt64(0), r.GetInt64(1)), ("@shop", shop), ("@drawer", drawerId));
        return new DrawerView(drawer.Value.Id, drawer.Value.Name, drawer.Value.Location, locationName, devices.Take(5).ToList(), activities.Take(10).ToList());
    }, snapshot: true);
}
