using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Till.Storage.Postgres;

namespace Till.Seed;

/// <summary>Where batches of history go: fast bulk inserts, each batch in one transaction.</summary>
internal abstract class Sink : IAsyncDisposable
{
    public const string SessionColumns = "id, shop_id, device_id, drawer_id, location_id, currency, status, opening_time, opening_staff_id, opening_note, expected_at_open, counted_at_open, closing_time, closing_staff_id, closing_note, expected_at_close, counted_at_close, closing_adjustment";
    public const string TransactionColumns = "id, shop_id, device_id, location_id, session_id, kind, gateway, amount, currency, staff_id, processed_at, created_at";
    public const string ActivityColumns = "id, shop_id, drawer_id, session_id, kind, type, cash, currency, time, staff_id, reason_code_id, note, counted, expected, discrepancy, transaction_id";

    /// <summary>The next free ID of each history table, so the seed appends after what exists.</summary>
    public abstract Task<(long Session, long Transaction, long Activity)> NextIdsAsync();

    public abstract Task WriteAsync(long shop, Batch batch);

    /// <summary>Sets the drawers' book balances and counts, and (PostgreSQL) moves the ID sequences past the seeded rows.</summary>
    public abstract Task FinishAsync(long shop, IEnumerable<SeedDrawer> drawers);

    /// <summary>For each drawer, its balance and the sum of its activities' cash (they must agree).</summary>
    public abstract Task<List<(long Drawer, long Balance, long Sum, long Count)>> CheckAsync(long shop);

    /// <summary>
    /// The kept figures against figures recomputed here from the activities and transactions, with
    /// SQL of its own: how many sessions, and how many period rows (kept or recomputed), there are,
    /// and how many of each disagree.
    /// </summary>
    public abstract Task<(int Sessions, int SessionsOff, int Periods, int PeriodsOff)> CheckKeptFiguresAsync(long shop);

    public abstract ValueTask DisposeAsync();

    public static async Task<Sink> OpenAsync(string database)
    {
        if (database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            var connection = new NpgsqlConnection(PostgresStore.ToConnectionString(database));
            await connection.OpenAsync();
            return new PostgresSink(connection);
        }

        var sqlite = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        await sqlite.OpenAsync();
        await using (var pragma = sqlite.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000; PRAGMA foreign_keys=ON;";
            await pragma.ExecuteNonQueryAsync();
        }

        return new SqliteSink(sqlite);
    }

    protected static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected static async Task<List<(long, long, long, long)>> CheckAsync(DbConnection connection, long shop)
    {
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT d.id, d.balance, CAST(COALESCE(SUM(a.cash), 0) AS BIGINT), COUNT(a.id) FROM cash_drawers d LEFT JOIN cash_activities a ON a.shop_id = d.shop_id AND a.drawer_id = d.id " +
            $"WHERE d.shop_id = {shop} GROUP BY d.id, d.balance ORDER BY d.id";
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<(long, long, long, long)>();
        while (await reader.ReadAsync())
        {
            list.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return list;
    }

    protected static async Task<(int, int, int, int)> CheckKeptFiguresAsync(DbConnection connection, long shop)
    {
        var sessionsOff =
            "SELECT COUNT(*) FROM payment_sessions s " +
            "LEFT JOIN (SELECT session_id, SUM(CASE WHEN type = 'SALE' THEN cash ELSE 0 END) AS sales, SUM(CASE WHEN type = 'CHANGE' THEN cash ELSE 0 END) AS change, " +
            "SUM(CASE WHEN type = 'REFUND' THEN cash ELSE 0 END) AS refunds, SUM(CASE WHEN type IN ('ADJUSTMENT', 'CASH_PAYOUT') THEN cash ELSE 0 END) AS adjustments, " +
            $"SUM(COALESCE(discrepancy, 0)) AS discrepancy FROM cash_activities WHERE shop_id = {shop} GROUP BY session_id) a ON a.session_id = s.id " +
            "LEFT JOIN (SELECT session_id, SUM(CASE WHEN kind = 'SALE' THEN amount ELSE 0 END) AS sales, SUM(CASE WHEN kind = 'CHANGE' THEN amount ELSE 0 END) AS change, " +
            $"SUM(CASE WHEN kind = 'REFUND' THEN amount ELSE 0 END) AS refunds FROM order_transactions WHERE shop_id = {shop} GROUP BY session_id) t ON t.session_id = s.id " +
            $"WHERE s.shop_id = {shop} AND (s.cash_sales <> COALESCE(a.sales, 0) OR s.cash_change <> COALESCE(a.change, 0) OR s.cash_refunds <> COALESCE(a.refunds, 0) " +
            "OR s.adjustments <> COALESCE(a.adjustments, 0) OR s.discrepancy <> COALESCE(a.discrepancy, 0) " +
            "OR s.all_sales <> COALESCE(t.sales, 0) OR s.all_change <> COALESCE(t.change, 0) OR s.all_refunds <> COALESCE(t.refunds, 0))";
        string Recomputed(int span) =>
            $"SELECT drawer_id, CAST({span} AS BIGINT), CAST(time - time % {span * TimeSpan.TicksPerMinute} AS BIGINT), CAST(SUM(cash) AS BIGINT), " +
            "CAST(SUM(CASE WHEN type = 'SALE' THEN cash ELSE 0 END) AS BIGINT), CAST(SUM(CASE WHEN type = 'CHANGE' THEN cash ELSE 0 END) AS BIGINT), " +
            "CAST(SUM(CASE WHEN type = 'REFUND' THEN cash ELSE 0 END) AS BIGINT), CAST(SUM(CASE WHEN type IN ('ADJUSTMENT', 'CASH_PAYOUT') THEN cash ELSE 0 END) AS BIGINT), " +
            $"CAST(SUM(COALESCE(discrepancy, 0)) AS BIGINT) FROM cash_activities WHERE shop_id = {shop} GROUP BY drawer_id, time - time % {span * TimeSpan.TicksPerMinute}";
        var recomputed = $"{Recomputed(15)} UNION ALL {Recomputed(1440)}";
        var kept = $"SELECT drawer_id, span, period_start, cash, cash_sales, cash_change, cash_refunds, adjustments, discrepancy FROM drawer_periods WHERE shop_id = {shop}";
        return (
            (int)await ScalarAsync(connection, $"SELECT COUNT(*) FROM payment_sessions WHERE shop_id = {shop}"),
            (int)await ScalarAsync(connection, sessionsOff),
            (int)await ScalarAsync(connection, $"SELECT COUNT(*) FROM ({recomputed}) r"),
            (int)await ScalarAsync(connection, $"SELECT COUNT(*) FROM (SELECT * FROM ({recomputed}) r EXCEPT SELECT * FROM ({kept}) k) x") +
            (int)await ScalarAsync(connection, $"SELECT COUNT(*) FROM (SELECT * FROM ({kept}) k EXCEPT SELECT * FROM ({recomputed}) r) x"));
    }

    protected static async Task UpdateDrawersAsync(DbConnection connection, DbTransaction transaction, long shop, IEnumerable<SeedDrawer> drawers)
    {
        foreach (var drawer in drawers)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE cash_drawers SET balance = @balance, activity_count = @count WHERE shop_id = @shop AND id = @id";
            Add(command, "@balance", drawer.Balance);
            Add(command, "@count", drawer.ActivityCount);
            Add(command, "@shop", shop);
            Add(command, "@id", drawer.Id);
            await command.ExecuteNonQueryAsync();
        }
    }

    protected static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}

/// <summary>SQLite: one prepared INSERT per table, parameters rebound per row, one transaction per batch.</summary>
internal sealed class SqliteSink(SqliteConnection connection) : Sink
{
    public override async Task<(long Session, long Transaction, long Activity)> NextIdsAsync() => (
        await ScalarAsync(connection, "SELECT COALESCE(MAX(id), 0) + 1 FROM payment_sessions"),
        await ScalarAsync(connection, "SELECT COALESCE(MAX(id), 0) + 1 FROM order_transactions"),
        await ScalarAsync(connection, "SELECT COALESCE(MAX(id), 0) + 1 FROM cash_activities"));

    public override async Task WriteAsync(long shop, Batch batch)
    {
        await using var transaction = connection.BeginTransaction();
        await using (var command = Prepare(transaction, "payment_sessions", SessionColumns))
        {
            var p = command.Parameters;
            foreach (var s in batch.Sessions)
            {
                Set(p, s.Id, shop, s.Device, s.Drawer, s.Location, "USD", s.Status, s.OpeningTime, s.OpeningStaff, null, s.ExpectedAtOpen, s.CountedAtOpen,
                    s.ClosingTime, s.ClosingStaff, null, s.ExpectedAtClose, s.CountedAtClose, s.ClosingAdjustment);
                await command.ExecuteNonQueryAsync();
            }
        }

        await using (var command = Prepare(transaction, "order_transactions", TransactionColumns))
        {
            var p = command.Parameters;
            foreach (var t in batch.Transactions)
            {
                Set(p, t.Id, shop, t.Device, t.Location, t.Session, t.Kind, "cash", t.Amount, "USD", t.Staff, t.Time, t.Time);
                await command.ExecuteNonQueryAsync();
            }
        }

        await using (var command = Prepare(transaction, "cash_activities", ActivityColumns))
        {
            var p = command.Parameters;
            foreach (var a in batch.Activities)
            {
                Set(p, a.Id, shop, a.Drawer, a.Session, a.Kind, a.Type, a.Cash, "USD", a.Time, a.Staff, a.ReasonCode, a.Note, a.Counted, a.Expected, a.Discrepancy, a.Transaction);
                await command.ExecuteNonQueryAsync();
            }
        }

        await transaction.CommitAsync();
    }

    private SqliteCommand Prepare(SqliteTransaction transaction, string table, string columns)
    {
        var names = columns.Split(", ");
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} ({columns}) VALUES ({string.Join(", ", names.Select((_, i) => "$p" + i))})";
        for (var i = 0; i < names.Length; i++)
        {
            command.Parameters.Add(new SqliteParameter("$p" + i, DBNull.Value));
        }

        command.Prepare();
        return command;
    }

    private static void Set(SqliteParameterCollection parameters, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    public override async Task FinishAsync(long shop, IEnumerable<SeedDrawer> drawers)
    {
        await using var transaction = connection.BeginTransaction();
        await UpdateDrawersAsync(connection, transaction, shop, drawers);
        await transaction.CommitAsync();
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);";
        await analyze.ExecuteNonQueryAsync();
    }

    public override Task<List<(long Drawer, long Balance, long Sum, long Count)>> CheckAsync(long shop) => CheckAsync(connection, shop);

    public override Task<(int Sessions, int SessionsOff, int Periods, int PeriodsOff)> CheckKeptFiguresAsync(long shop) => CheckKeptFiguresAsync(connection, shop);

    public override ValueTask DisposeAsync() => connection.DisposeAsync();
}

/// <summary>PostgreSQL: binary COPY per table, one transaction per batch.</summary>
internal sealed class PostgresSink(NpgsqlConnection connection) : Sink
{
    public override async Task<(long Session, long Transaction, long Activity)> NextIdsAsync() => (
        await ScalarAsync(connection, "SELECT COALESCE(MAX(id), 0) + 1 FROM payment_sessions"),
        await ScalarAsync(connection, "SELECT COALESCE(MAX(id), 0) + 1 FROM order_transactions"),
        await ScalarAsync(connection, "SELECT COALESCE(MAX(id), 0) + 1 FROM cash_activities"));

    public override async Task WriteAsync(long shop, Batch batch)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY payment_sessions ({SessionColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var s in batch.Sessions)
            {
                await copy.StartRowAsync();
                await Longs(copy, s.Id, shop, s.Device, s.Drawer, s.Location);
                await copy.WriteAsync("USD", NpgsqlDbType.Text);
                await copy.WriteAsync(s.Status, NpgsqlDbType.Text);
                await Longs(copy, s.OpeningTime, s.OpeningStaff);
                await copy.WriteNullAsync();
                await Longs(copy, s.ExpectedAtOpen, s.CountedAtOpen);
                await Nullable(copy, s.ClosingTime);
                await Nullable(copy, s.ClosingStaff);
                await copy.WriteNullAsync();
                await Nullable(copy, s.ExpectedAtClose);
                await Nullable(copy, s.CountedAtClose);
                await Nullable(copy, s.ClosingAdjustment);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync($"COPY order_transactions ({TransactionColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var t in batch.Transactions)
            {
                await copy.StartRowAsync();
                await Longs(copy, t.Id, shop, t.Device, t.Location, t.Session);
                await copy.WriteAsync(t.Kind, NpgsqlDbType.Text);
                await copy.WriteAsync("cash", NpgsqlDbType.Text);
                await copy.WriteAsync(t.Amount, NpgsqlDbType.Bigint);
                await copy.WriteAsync("USD", NpgsqlDbType.Text);
                await Longs(copy, t.Staff, t.Time, t.Time);
            }

            await copy.CompleteAsync();
        }

        await using (var copy = await connection.BeginBinaryImportAsync($"COPY cash_activities ({ActivityColumns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var a in batch.Activities)
            {
                await copy.StartRowAsync();
                await Longs(copy, a.Id, shop, a.Drawer, a.Session);
                await copy.WriteAsync(a.Kind, NpgsqlDbType.Text);
                await copy.WriteAsync(a.Type, NpgsqlDbType.Text);
                await copy.WriteAsync(a.Cash, NpgsqlDbType.Bigint);
                await copy.WriteAsync("USD", NpgsqlDbType.Text);
                await Longs(copy, a.Time, a.Staff);
                await Nullable(copy, a.ReasonCode);
                if (a.Note is null)
                {
                    await copy.WriteNullAsync();
                }
                else
                {
                    await copy.WriteAsync(a.Note, NpgsqlDbType.Text);
                }

                await Nullable(copy, a.Counted);
                await Nullable(copy, a.Expected);
                await Nullable(copy, a.Discrepancy);
                await Nullable(copy, a.Transaction);
            }

            await copy.CompleteAsync();
        }

        await transaction.CommitAsync();
    }

    private static async Task Longs(NpgsqlBinaryImporter copy, params long[] values)
    {
        foreach (var value in values)
        {
            await copy.WriteAsync(value, NpgsqlDbType.Bigint);
        }
    }

    private static async Task Nullable(NpgsqlBinaryImporter copy, long? value)
    {
        if (value is { } v)
        {
            await copy.WriteAsync(v, NpgsqlDbType.Bigint);
        }
        else
        {
            await copy.WriteNullAsync();
        }
    }

    public override async Task FinishAsync(long shop, IEnumerable<SeedDrawer> drawers)
    {
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await UpdateDrawersAsync(connection, transaction, shop, drawers);
            await transaction.CommitAsync();
        }

        foreach (var table in new[] { "payment_sessions", "order_transactions", "cash_activities" })
        {
            await ScalarAsync(connection, $"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))");
        }

        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
    }

    public override Task<List<(long Drawer, long Balance, long Sum, long Count)>> CheckAsync(long shop) => CheckAsync(connection, shop);

    public override Task<(int Sessions, int SessionsOff, int Periods, int PeriodsOff)> CheckKeptFiguresAsync(long shop) => CheckKeptFiguresAsync(connection, shop);

    public override ValueTask DisposeAsync() => connection.DisposeAsync();
}
