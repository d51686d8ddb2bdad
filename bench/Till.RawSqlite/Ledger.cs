using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Till.Sessions;

namespace Till.RawSqlite;

/// <summary>One prepared statement, kept for the whole run; its parameters are rebound for each use.</summary>
internal sealed class Statement : IDisposable
{
    private readonly Ledger owner;

    public Statement(Ledger owner, SqliteConnection connection, string sql)
    {
        this.owner = owner;
        Command = connection.CreateCommand();
        Command.CommandText = sql;
        foreach (var name in Program.ParameterName().Matches(sql).Select(m => m.Value).Distinct(StringComparer.Ordinal))
        {
            Command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        Command.Prepare();
    }

    public SqliteCommand Command { get; }

    public Statement Bind(SqliteTransaction? transaction, params (string Name, object? Value)[] values)
    {
        Command.Transaction = transaction;
        foreach (var (name, value) in values)
        {
            Command.Parameters[name].Value = value ?? DBNull.Value;
        }

        owner.Statements++;
        return this;
    }

    /// <summary>The first row's columns as 64-bit integers (only those given), or null when there is no row.</summary>
    public long[]? Row(params int[] columns) => Values() is { } values ? columns.Select(c => (long)values[c]).ToArray() : null;

    /// <summary>Every column of the first row (DBNull for NULL), or null when there is no row; the rows after it are read too, as Till reads a list.</summary>
    public object[]? Values()
    {
        using var reader = Command.ExecuteReader();
        object[]? first = null;
        while (reader.Read())
        {
            // Read every column, as Till maps the whole row.
            var values = new object[reader.FieldCount];
            reader.GetValues(values);
            first ??= values;
        }

        return first;
    }

    public long Id() => (long)Command.ExecuteScalar()!;

    public int Execute() => Command.ExecuteNonQuery();

    public void Dispose() => Command.Dispose();
}

/// <summary>
/// The connections and the statements, copied from Till's SQLite path (src/Till.Storage.Sql/SqlUnitOfWork.cs,
/// src/Till.Storage.Sql/KeptFigures.cs and src/Till/Storage/OneByOne.cs: SQLite sends one statement at a
/// time, and a booking moves the drawer (its balance, count and ledger head), the session's kept totals
/// and the drawer's two period rows in a statement each after the activity's insert). When Till's write
/// path changes, change these with it; tests/Till.Tests/Storage/BookingReadsTests.cs prints the
/// statements Till sends for each step.
/// </summary>
internal sealed class Ledger : IDisposable
{
    private const string DeviceColumns = "id, location_id, name, cash_drawer_id, fiscal_device_identifier";
    private const string StaffColumns = "id, first_name, last_name, email, active, is_owner, role";
    private const string LocationColumns = "id, name, currency, created_at, deactivated_at, pos_pro";
    private const string DrawerColumns = "id, location_id, name, currency, balance, activity_count, created_at, ledger_head";
    private const string SessionColumns = "id, device_id, drawer_id, location_id, currency, status, opening_time, opening_staff_id, opening_note, expected_at_open, counted_at_open, closing_time, closing_staff_id, closing_note, expected_at_close, counted_at_close, closing_adjustment, " +
        "review_status, review_staff_id, review_reason_code_id, review_note, review_time, cash_sales, cash_change, cash_refunds, adjustments, discrepancy, all_sales, all_change, all_refunds";
    private const string SubscriptionColumns = "s.id, s.token_id, s.topic, s.uri, s.format, s.include_fields, s.metafields, s.filter, s.name, s.api_version, s.created_at, s.updated_at";
    private const string PeriodFigures = "cash, cash_sales, cash_change, cash_refunds, adjustments, discrepancy";

    private readonly SqliteConnection writer;
    private readonly SqliteConnection reader;

    public Ledger(string path)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        writer = Open(connectionString);
        reader = Open(connectionString);
        Device = new(this, writer, $"SELECT {DeviceColumns} FROM devices WHERE shop_id = @shop AND id = @id");
        Staff = new(this, writer, $"SELECT {StaffColumns} FROM staff WHERE shop_id = @shop AND id = @id");
        OpenSession = new(this, writer, $"SELECT {SessionColumns} FROM payment_sessions WHERE shop_id = @shop AND device_id = @device AND status = 'OPEN'");
        Session = new(this, writer, $"SELECT {SessionColumns} FROM payment_sessions WHERE shop_id = @shop AND id = @id");
        Location = new(this, writer, $"SELECT {LocationColumns} FROM locations WHERE shop_id = @shop AND id = @id");
        Drawer = new(this, writer, $"SELECT {DrawerColumns} FROM cash_drawers WHERE shop_id = @shop AND id = @id");
        SystemCode = new(this, writer, "SELECT id, kind, code, deleted FROM reason_codes WHERE shop_id = @shop AND kind = 'System' AND code = @code");
        Subscriptions = [.. Enumerable.Range(1, 3).Select(n => new Statement(this, writer,
            $"SELECT {SubscriptionColumns} FROM webhook_subscriptions s JOIN tokens t ON t.id = s.token_id " +
            $"WHERE s.shop_id = @shop AND s.topic IN ({string.Join(", ", Enumerable.Range(0, n).Select(i => $"@topic{i}"))}) AND t.revoked = 0 ORDER BY s.id"))];
        CashSettings = new(this, writer, "SELECT blind_counts, reveal_after_close, variance_amount, variance_percent FROM location_cash_settings WHERE shop_id = @shop AND location_id = @location");
        InsertSession = new(this, writer,
            "INSERT INTO payment_sessions (shop_id, device_id, drawer_id, location_id, currency, status, opening_time, opening_staff_id, opening_note, expected_at_open, counted_at_open, created_at) " +
            "VALUES (@shop, @device, @drawer, @location, @currency, 'OPEN', @time, @staff, @note, @expected, @counted, @created) RETURNING id");
        InsertActivity = new(this, writer,
            "INSERT INTO cash_activities (shop_id, drawer_id, session_id, kind, type, cash, currency, time, staff_id, reason_code_id, note, counted, expected, discrepancy, transaction_id, denominations, reverses_id, hash) " +
            "VALUES (@shop, @drawer, @session, @kind, @type, @cash, @currency, @time, @staff, @reason, @note, @counted, @expected, @discrepancy, @transaction, @denominations, @reverses, @hash) RETURNING id");
        MoveDrawer = new(this, writer, "UPDATE cash_drawers SET balance = balance + @cash, activity_count = activity_count + 1, ledger_head = @hash WHERE shop_id = @shop AND id = @drawer");
        MoveSession = new(this, writer,
            "UPDATE payment_sessions SET cash_sales = cash_sales + @dCashSales, cash_change = cash_change + @dCashChange, cash_refunds = cash_refunds + @dCashRefunds, " +
            "adjustments = adjustments + @dAdjustments, discrepancy = discrepancy + @dDiscrepancy, " +
            "all_sales = all_sales + @dAllSales, all_change = all_change + @dAllChange, all_refunds = all_refunds + @dAllRefunds " +
            "WHERE shop_id = @shop AND id = @session");
        MovePeriods = new(this, writer,
            $"INSERT INTO drawer_periods (shop_id, drawer_id, span, period_start, {PeriodFigures}) VALUES " +
            "(@shop, @drawer, 15, @pQuarter, @pCash, @pCashSales, @pCashChange, @pCashRefunds, @pAdjustments, @pDiscrepancy), " +
            "(@shop, @drawer, 1440, @pDay, @pCash, @pCashSales, @pCashChange, @pCashRefunds, @pAdjustments, @pDiscrepancy) " +
            "ON CONFLICT (shop_id, drawer_id, span, period_start) DO UPDATE SET " +
            string.Join(", ", PeriodFigures.Split(", ").Select(c => $"{c} = drawer_periods.{c} + excluded.{c}")));
        InsertTransaction = new(this, writer,
            "INSERT INTO order_transactions (shop_id, device_id, location_id, session_id, kind, gateway, amount, currency, staff_id, processed_at, created_at) " +
            "VALUES (@shop, @device, @location, @session, @kind, @gateway, @amount, @currency, @staff, @processed, @created) RETURNING id");
        CloseSession = new(this, writer,
            "UPDATE payment_sessions SET status = 'CLOSED', closing_time = @time, closing_staff_id = @staff, closing_note = @note, expected_at_close = @expected, counted_at_close = @counted, closing_adjustment = @adjustment, review_status = @review " +
            "WHERE shop_id = @shop AND id = @id AND status = 'OPEN'");
        Token = new(this, reader, "SELECT id, shop_id, hash, scopes FROM tokens WHERE hash = @hash AND revoked = 0");

        // Prepared once, as Till's writer loop keeps its savepoint statements.
        SavepointStatement = new(this, writer, "SAVEPOINT m");
        ReleaseStatement = new(this, writer, "RELEASE m");
    }

    private Statement SavepointStatement { get; }

    private Statement ReleaseStatement { get; }

    /// <summary>Statements executed so far, BEGIN, COMMIT and savepoints included.</summary>
    public long Statements { get; set; }

    public Statement Device { get; }

    public Statement Staff { get; }

    public Statement OpenSession { get; }

    public Statement Session { get; }

    public Statement Location { get; }

    public Statement Drawer { get; }

    public Statement SystemCode { get; }

    /// <summary>The shop's live subscriptions to 1, 2 or 3 topics (index 0, 1, 2), read with each booking's context.</summary>
    public IReadOnlyList<Statement> Subscriptions { get; }

    public Statement CashSettings { get; }

    public Statement InsertSession { get; }

    public Statement InsertActivity { get; }

    public Statement MoveDrawer { get; }

    /// <summary>Moves the session's kept totals by the <c>@d…</c> deltas.</summary>
    public Statement MoveSession { get; }

    /// <summary>Adds the <c>@p…</c> figures to the drawer's 15-minute and day period rows.</summary>
    public Statement MovePeriods { get; }

    public Statement InsertTransaction { get; }

    public Statement CloseSession { get; }

    public Statement Token { get; }

    /// <summary>BEGIN IMMEDIATE on the writer connection, as Till's writer does.</summary>
    public SqliteTransaction BeginWrite()
    {
        Statements++;
        return writer.BeginTransaction(deferred: false);
    }

    public void Commit(SqliteTransaction transaction)
    {
        Statements++;
        transaction.Commit();
    }

    /// <summary>Opens savepoint <c>m</c> inside the group's transaction.</summary>
    public void Savepoint(SqliteTransaction transaction) => SavepointStatement.Bind(transaction).Execute();

    /// <summary>Releases savepoint <c>m</c>.</summary>
    public void Release(SqliteTransaction transaction) => ReleaseStatement.Bind(transaction).Execute();

    /// <summary>Till's token lookup: a deferred read transaction on a reader connection, rolled back at the end.</summary>
    public void LookUpToken(string hash)
    {
        Statements += 2;
        using var transaction = reader.BeginTransaction(deferred: true);
        Token.Bind(transaction, ("@hash", hash)).Row(0, 1);
        transaction.Rollback();
    }

    /// <summary>A shop with one location, staff member, token, the system reason codes and a device with its own drawer per simulated device.</summary>
    public Fixture Setup(int devices)
    {
        var now = Now();
        using var transaction = writer.BeginTransaction(deferred: false);
        long Insert(string sql, params (string Name, object? Value)[] values)
        {
            using var command = writer.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql + " RETURNING id";
            foreach (var (name, value) in values)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            return (long)command.ExecuteScalar()!;
        }

        var shop = Insert("INSERT INTO shops (name, currency, created_at) VALUES ('Raw shop', 'USD', @now)", ("@now", now));
        foreach (var code in new[] { "FLOAT_SETUP", "CASH_PAYOUT", "OTHER" })
        {
            Insert("INSERT INTO reason_codes (shop_id, kind, code, code_key, deleted) VALUES (@shop, 'System', @code, @key, 0)", ("@shop", shop), ("@code", code), ("@key", code.ToLowerInvariant()));
        }

        var location = Insert("INSERT INTO locations (shop_id, name, currency, created_at) VALUES (@shop, 'Raw location', 'USD', @now)", ("@shop", shop), ("@now", now));
        var staff = Insert("INSERT INTO staff (shop_id, first_name, last_name, email, active, is_owner) VALUES (@shop, 'Raw', 'Staff', 'raw@example.com', 1, 0)", ("@shop", shop));
        var hash = Convert.ToHexStringLower(SHA256.HashData(RandomNumberGenerator.GetBytes(16)));
        Insert("INSERT INTO tokens (shop_id, hash, scopes, revoked, created_at) VALUES (@shop, @hash, 'read_cash_tracking,write_cash_tracking', 0, @now)", ("@shop", shop), ("@hash", hash), ("@now", now));
        var list = new List<DeviceState>();
        for (var i = 0; i < devices; i++)
        {
            var name = $"Raw drawer {i + 1}";
            var drawer = Insert("INSERT INTO cash_drawers (shop_id, location_id, name, name_key, currency, balance, activity_count, created_at) VALUES (@shop, @location, @name, @key, 'USD', 0, 0, @now)",
                ("@shop", shop), ("@location", location), ("@name", name), ("@key", name.ToLowerInvariant()), ("@now", now));
            var device = Insert("INSERT INTO devices (shop_id, location_id, name, cash_drawer_id) VALUES (@shop, @location, @name, @drawer)",
                ("@shop", shop), ("@location", location), ("@name", $"Raw register {i + 1}"), ("@drawer", drawer));
            list.Add(new DeviceState(device, drawer));
        }

        transaction.Commit();
        return new Fixture(shop, location, staff, hash, list);
    }

    /// <summary>How many drawers' balances differ from the sum of their activities' cash or of their period rows of either span (0 when the ledger is right).</summary>
    public int CheckDrawers() => Count(
        "SELECT COUNT(*) FROM cash_drawers d WHERE d.balance <> (SELECT COALESCE(SUM(cash), 0) FROM cash_activities a WHERE a.shop_id = d.shop_id AND a.drawer_id = d.id) " +
        "OR d.balance <> (SELECT COALESCE(SUM(cash), 0) FROM drawer_periods p WHERE p.shop_id = d.shop_id AND p.drawer_id = d.id AND p.span = 15) " +
        "OR d.balance <> (SELECT COALESCE(SUM(cash), 0) FROM drawer_periods p WHERE p.shop_id = d.shop_id AND p.drawer_id = d.id AND p.span = 1440)");

    /// <summary>How many sessions' kept totals differ from the sums of their activities and transactions (0 when the figures are right).</summary>
    public int CheckSessions()
    {
        string Cash(string types) => $"(SELECT COALESCE(SUM(cash), 0) FROM cash_activities a WHERE a.shop_id = s.shop_id AND a.session_id = s.id AND a.type IN ({types}))";
        string Amount(string kind) => $"(SELECT COALESCE(SUM(amount), 0) FROM order_transactions t WHERE t.shop_id = s.shop_id AND t.session_id = s.id AND t.kind = '{kind}')";
        return Count(
            $"SELECT COUNT(*) FROM payment_sessions s WHERE s.cash_sales <> {Cash("'SALE'")} OR s.cash_refunds <> {Cash("'REFUND'")} OR s.adjustments <> {Cash("'ADJUSTMENT', 'CASH_PAYOUT'")} " +
            "OR s.discrepancy <> (SELECT COALESCE(SUM(discrepancy), 0) FROM cash_activities a WHERE a.shop_id = s.shop_id AND a.session_id = s.id) " +
            $"OR s.all_sales <> {Amount("SALE")} OR s.all_refunds <> {Amount("REFUND")}");
    }

    /// <summary>How many drawers' ledger chains do not hold: every activity's link recomputed in recording order, and the head the last of them.</summary>
    public int CheckChains()
    {
        var walks = new Dictionary<long, LedgerWalk>();
        using (var drawers = writer.CreateCommand())
        {
            drawers.CommandText = "SELECT id, ledger_head, activity_count FROM cash_drawers";
            using var reader = drawers.ExecuteReader();
            while (reader.Read())
            {
                walks[reader.GetInt64(0)] = new LedgerWalk(reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2));
            }
        }

        using var command = writer.CreateCommand();
        command.CommandText = "SELECT shop_id, drawer_id, session_id, kind, type, cash, currency, time, staff_id, reason_code_id, note, counted, expected, discrepancy, transaction_id, reverses_id, hash, id FROM cash_activities ORDER BY drawer_id, id";
        using (var rows = command.ExecuteReader())
        {
            long? Nullable(int column) => rows.IsDBNull(column) ? null : rows.GetInt64(column);
            while (rows.Read())
            {
                walks[rows.GetInt64(1)].Step(new CashActivity
                {
                    ShopId = rows.GetInt64(0),
                    DrawerId = rows.GetInt64(1),
                    SessionId = rows.GetInt64(2),
                    Kind = Enum.Parse<ActivityKind>(rows.GetString(3)),
                    Type = rows.GetString(4),
                    Cash = rows.GetInt64(5) / 1000m,
                    Currency = rows.GetString(6),
                    Time = new DateTimeOffset(rows.GetInt64(7), TimeSpan.Zero),
                    StaffId = rows.GetInt64(8),
                    ReasonCodeId = Nullable(9),
                    Note = rows.IsDBNull(10) ? null : rows.GetString(10),
                    Counted = Nullable(11) / 1000m,
                    Expected = Nullable(12) / 1000m,
                    Discrepancy = Nullable(13) / 1000m,
                    TransactionId = Nullable(14),
                    ReversesId = Nullable(15),
                    Hash = rows.IsDBNull(16) ? null : rows.GetString(16),
                    Id = rows.GetInt64(17),
                });
            }
        }

        return walks.Values.Count(w => w.Finish() is not null);
    }

    private int Count(string sql)
    {
        using var command = writer.CreateCommand();
        command.CommandText = sql;
        return (int)(long)command.ExecuteScalar()!;
    }

    /// <summary>Now in UTC ticks, whole seconds (as Till stores times).</summary>
    public static long Now()
    {
        var ticks = DateTime.UtcNow.Ticks;
        return ticks - (ticks % TimeSpan.TicksPerSecond);
    }

    public void Dispose()
    {
        foreach (var statement in new[] { Device, Staff, OpenSession, Session, Location, Drawer, SystemCode, CashSettings, InsertSession, InsertActivity, MoveDrawer, MoveSession, MovePeriods, InsertTransaction, CloseSession, Token, SavepointStatement, ReleaseStatement }.Concat(Subscriptions))
        {
            statement.Dispose();
        }

        writer.Dispose();
        reader.Dispose();
    }

    // The pragmas Till runs on every connection it opens (src/Till.Storage.Sqlite/SqliteStore.cs); the
    // migrations have put the file in WAL mode.
    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
