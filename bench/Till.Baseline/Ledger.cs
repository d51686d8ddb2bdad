using System.Globalization;
using System.Text.Json;

namespace Till.Baseline;

/// <summary>The result of a step: the new or changed row's ID, or why it was refused.</summary>
internal sealed record Outcome(long? Id, long Session, string? Error);

internal sealed record Setup(long Shop, long Location, long Staff, IReadOnlyList<(long Device, long Drawer)> Devices);

internal sealed record SessionRow(long Id, string Status, long OpeningTime, long? ClosingTime, long CountedAtOpen, long? ClosingAdjustment);

internal sealed record DrawerView(long Id, string Name, long LocationId, string LocationName, IReadOnlyList<long> Devices, IReadOnlyList<(long Time, long Cash)> Activities);

/// <summary>
/// The same rows Till reads and writes for each step (see src/Till/Sessions/SessionLedger.cs,
/// src/Till/Transactions/TransactionRecorder.cs and src/Till.Storage.Sql/SqlUnitOfWork.cs), in
/// hand-written SQL: amounts in thousandths, times in UTC ticks.
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

    private Task<(long Id, long Location, long Balance, long Count)?> DrawerAsync(Tx tx, long shop, long drawer) =>
        tx.RowAsync($"SELECT id, location_id, balance, activity_count FROM cash_drawers WHERE shop_id = @shop AND id = @id{Lock}",
            r => ((long, long, long, long)?)(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3)), ("@shop", shop), ("@id", drawer));

    private Task<(long Id, long Drawer, string Status, long OpeningTime)?> SessionAsync(Tx tx, long shop, long session) =>
        tx.RowAsync($"SELECT id, drawer_id, status, opening_time FROM payment_sessions WHERE shop_id = @shop AND id = @id{Lock}",
            r => ((long, long, string, long)?)(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt64(3)), ("@shop", shop), ("@id", session));

    private static async Task<long> AppendAsync(Tx tx, long shop, long drawer, long session, string kind, string type, long cash, long time, long staff, long? reason, string? note, long? counted, long? expected, long? discrepancy, long? transaction)
    {
        var id = await tx.InsertAsync(
            "INSERT INTO cash_activities (shop_id, drawer_id, session_id, kind, type, cash, currency, time, staff_id, reason_code_id, note, counted, expected, discrepancy, transaction_id) " +
            "VALUES (@shop, @drawer, @session, @kind, @type, @cash, 'USD', @time, @staff, @reason, @note, @counted, @expected, @discrepancy, @transaction)",
            ("@shop", shop), ("@drawer", drawer), ("@session", session), ("@kind", kind), ("@type", type), ("@cash", cash), ("@time", time), ("@staff", staff),
            ("@reason", reason), ("@note", note), ("@counted", counted), ("@expected", expected), ("@discrepancy", discrepancy), ("@transaction", transaction));
        await tx.ExecuteAsync("UPDATE cash_drawers SET balance = balance + @cash, activity_count = activity_count + 1 WHERE shop_id = @shop AND id = @id", ("@cash", cash), ("@shop", shop), ("@id", drawer));
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
        await AppendAsync(tx, shop, drawer.Id, session, "Count", "OPENING", floatSetup ? counted : counted - expected, now, staff, reason, null, counted, expected, counted - expected, null);
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
        await DrawerAsync(tx, shop, session.Value.Drawer);
        var transaction = await tx.InsertAsync(
            "INSERT INTO order_transactions (shop_id, device_id, location_id, session_id, kind, gateway, amount, currency, staff_id, processed_at, created_at) " +
            "VALUES (@shop, @device, @location, @session, @kind, @gateway, @amount, 'USD', @staff, @now, @now)",
            ("@shop", shop), ("@device", deviceId), ("@location", device.Value.Location), ("@session", session.Value.Id), ("@kind", kind), ("@gateway", gateway.ToLowerInvariant()),
            ("@amount", amount), ("@staff", staff), ("@now", now));
        await AppendAsync(tx, shop, session.Value.Drawer, session.Value.Id, "Transaction", kind, kind == "SALE" ? amount : -amount, now, staff, null, null, null, null, null, transaction);
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

        await AppendAsync(tx, shop, drawer.Id, session.Id, "Adjustment", "ADJUSTMENT", cash, now, staff, null, note, null, null, null, null);
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
        await AppendAsync(tx, shop, drawer.Id, session.Id, "Count", closing ? "CLOSING" : "MID_SESSION", closing ? 0 : difference, now, staff, null, null, counted, expected, difference, null);
        if (closing)
        {
            if (difference != 0)
            {
                await AppendAsync(tx, shop, drawer.Id, session.Id, "Adjustment", "CLOSING_ADJUSTMENT", difference, now, staff, null, null, null, null, null, null);
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
