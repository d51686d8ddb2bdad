using System.Data.Common;
using System.Globalization;
using Till.Money;
using Till.Seeding;
using Till.Sessions;
using Till.Storage;

namespace Till.Storage.Sql;

/// <summary>
/// The SQL both stores share for history written in bulk (the seeder's): the columns of the
/// history tables in the order the loaders write them, the drawers' balances afterwards, and the
/// ledger check. The check recomputes every figure with SQL of its own, naming the activity types
/// and transaction kinds itself rather than taking them from <c>LedgerFigures</c>, so that it is
/// a second opinion on the kept figures and not a copy of the code that keeps them.
/// </summary>
internal static class HistorySql
{
    /// <summary>A session row's columns: its own, then its kept totals.</summary>
    public const string SessionColumns = "id, shop_id, device_id, drawer_id, location_id, currency, status, opening_time, opening_staff_id, opening_note, expected_at_open, counted_at_open, closing_time, closing_staff_id, closing_note, expected_at_close, counted_at_close, closing_adjustment, " + KeptFigures.SessionColumns + ", created_at";

    /// <summary>A drawer period row's columns.</summary>
    public const string PeriodColumns = "shop_id, drawer_id, span, period_start, " + KeptFigures.PeriodColumns;

    public const string TransactionColumns = "id, shop_id, device_id, location_id, session_id, kind, gateway, amount, currency, staff_id, processed_at, created_at";

    public const string ActivityColumns = "id, shop_id, drawer_id, session_id, kind, type, cash, currency, time, staff_id, reason_code_id, note, counted, expected, discrepancy, transaction_id, hash";

    /// <summary>The three tables whose IDs a batch takes, in the order of <see cref="Ids"/>.</summary>
    public static readonly string[] Tables = ["payment_sessions", "order_transactions", "cash_activities"];

    /// <summary>The values of one session row, in <see cref="SessionColumns"/> order.</summary>
    public static object?[] Values(long shop, string currency, SeedSession s, long id, long[] totals) =>
        [id, shop, s.Device, s.Drawer, s.Location, currency, s.Status, s.OpeningTime, s.OpeningStaff, null, s.ExpectedAtOpen, s.CountedAtOpen,
            s.ClosingTime, s.ClosingStaff, null, s.ExpectedAtClose, s.CountedAtClose, s.ClosingAdjustment,
            totals[0], totals[1], totals[2], totals[3], totals[4], totals[5], totals[6], totals[7], s.OpeningTime];

    /// <summary>The values of one drawer period row, in <see cref="PeriodColumns"/> order.</summary>
    public static object?[] Values(long shop, KeptPeriod p) =>
        [shop, p.Drawer, p.Span, p.Start, p.Figures[0], p.Figures[1], p.Figures[2], p.Figures[3], p.Figures[4], p.Figures[5]];

    /// <summary>The values of one order transaction row, in <see cref="TransactionColumns"/> order.</summary>
    public static object?[] Values(long shop, string currency, SeedTransaction t, long id, long session) =>
        [id, shop, t.Device, t.Location, session, t.Kind, t.Gateway, t.Amount, currency, t.Staff, t.Time, t.Time];

    /// <summary>The values of one activity row, in <see cref="ActivityColumns"/> order, with its ledger link.</summary>
    public static object?[] Values(long shop, string currency, SeedActivity a, long id, long session, long? transaction, string hash) =>
        [id, shop, a.Drawer, session, a.Kind, a.Type, a.Cash, currency, a.Time, a.Staff, a.ReasonCode, a.Note, a.Counted, a.Expected, a.Discrepancy, transaction, hash];

    /// <summary>
    /// The real IDs of a batch's rows: the generator numbers of each table are consecutive within
    /// a batch, so each maps by its offset from the batch's first to the IDs the store reserved.
    /// </summary>
    public sealed class Ids(HistoryBatch batch, IReadOnlyList<long> sessions, IReadOnlyList<long> transactions, IReadOnlyList<long> activities)
    {
        private readonly long firstSession = batch.Sessions.Count > 0 ? batch.Sessions.Min(s => s.Id) : 0;
        private readonly long firstTransaction = batch.Transactions.Count > 0 ? batch.Transactions.Min(t => t.Id) : 0;
        private readonly long firstActivity = batch.Activities.Count > 0 ? batch.Activities.Min(a => a.Id) : 0;

        public long Session(long number) => sessions[checked((int)(number - firstSession))];

        public long Transaction(long number) => transactions[checked((int)(number - firstTransaction))];

        public long Activity(long number) => activities[checked((int)(number - firstActivity))];

        public IReadOnlyList<long> Sessions => sessions;
    }

    /// <summary>A drawer period row: <see cref="KeptFigures.PeriodColumns"/> figures of a span starting at a UTC tick.</summary>
    public readonly record struct KeptPeriod(long Drawer, long Span, long Start, long[] Figures);

    /// <summary>
    /// The kept figures of generated history, worked out as its rows are written, exactly as the
    /// bookings would have moved them: each session's totals from its batch, and the drawers'
    /// period rows summed over every batch (a UTC day's row can take activities of two batches).
    /// Activity types and transaction kinds are classified by <see cref="LedgerFigures"/>.
    /// </summary>
    public sealed class Kept
    {
        private readonly Dictionary<(long Drawer, long Span, long Start), long[]> periods = [];
        private readonly Dictionary<long, (string Head, long Position)> chains = [];

        /// <summary>Each drawer's ledger head after the activities so far (<see cref="LedgerChain"/>).</summary>
        public IReadOnlyDictionary<long, (string Head, long Position)> Chains => chains;

        /// <summary>
        /// The row of an activity, chained on its drawer's previous one: activities come in
        /// recording (ID) order, so each drawer's links are those a booking would have made.
        /// </summary>
        public object?[] Activity(long shop, string currency, SeedActivity a, long id, long session, long? transaction)
        {
            chains.TryGetValue(a.Drawer, out var chain);
            var activity = new CashActivity
            {
                ShopId = shop,
                Id = id,
                DrawerId = a.Drawer,
                SessionId = session,
                Kind = Enum.Parse<ActivityKind>(a.Kind),
                Type = a.Type,
                Cash = MoneyAmount.FromThousandths(a.Cash),
                Currency = currency,
                Time = new DateTimeOffset(a.Time, TimeSpan.Zero),
                StaffId = a.Staff,
                ReasonCodeId = a.ReasonCode,
                Note = a.Note,
                Counted = a.Counted is { } counted ? MoneyAmount.FromThousandths(counted) : null,
                Expected = a.Expected is { } expected ? MoneyAmount.FromThousandths(expected) : null,
                Discrepancy = a.Discrepancy is { } discrepancy ? MoneyAmount.FromThousandths(discrepancy) : null,
                TransactionId = transaction,
            };
            var hash = LedgerChain.Link(chain.Head, chain.Position + 1, activity);
            chains[a.Drawer] = (hash, chain.Position + 1);
            return Values(shop, currency, a, id, session, transaction, hash);
        }

        /// <summary>Every period row so far.</summary>
        public IEnumerable<KeptPeriod> Periods => periods.OrderBy(p => p.Key).Select(p => new KeptPeriod(p.Key.Drawer, p.Key.Span, p.Key.Start, p.Value));

        /// <summary>The totals of each session of <paramref name="batch"/> (by generator number), in <see cref="KeptFigures.SessionColumns"/> order; adds its activities to the period rows.</summary>
        public Dictionary<long, long[]> Add(HistoryBatch batch)
        {
            var totals = batch.Sessions.ToDictionary(s => s.Id, _ => new long[8]);
            foreach (var a in batch.Activities)
            {
                var figure = LedgerFigures.OfActivityType(a.Type);
                var session = totals[a.Session];
                var at = Index(figure);
                if (at >= 0)
                {
                    session[at] += a.Cash;
                }

                session[4] += a.Discrepancy ?? 0;
                Period(a.Drawer, KeptFigures.Quarter, KeptFigures.Floor(a.Time, KeptFigures.QuarterTicks), a.Cash, at, a.Discrepancy ?? 0);
                Period(a.Drawer, KeptFigures.Day, KeptFigures.Floor(a.Time, KeptFigures.DayTicks), a.Cash, at, a.Discrepancy ?? 0);
            }

            foreach (var t in batch.Transactions)
            {
                var at = Index(LedgerFigures.TransactionKinds.GetValueOrDefault(t.Kind, LedgerFigure.None));
                if (at >= 0)
                {
                    totals[t.Session][at + 5] += t.Amount;
                }
            }

            return totals;
        }

        /// <summary>The place of a figure among the cash totals (sales, change, refunds, adjustments), or -1.</summary>
        private static int Index(LedgerFigure figure) => figure switch
        {
            LedgerFigure.Sales => 0,
            LedgerFigure.Change => 1,
            LedgerFigure.Refunds => 2,
            LedgerFigure.Adjustments => 3,
            _ => -1,
        };

        private void Period(long drawer, long span, long start, long cash, int at, long discrepancy)
        {
            if (!periods.TryGetValue((drawer, span, start), out var row))
            {
                row = new long[6];
                periods[(drawer, span, start)] = row;
            }

            row[0] += cash;
            if (at >= 0)
            {
                row[at + 1] += cash;
            }

            row[5] += discrepancy;
        }
    }

    public static async Task UpdateDrawersAsync(DbConnection connection, DbTransaction transaction, long shop, IEnumerable<SeedDrawer> drawers, Kept kept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kept);
        foreach (var drawer in drawers)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE cash_drawers SET balance = @balance, activity_count = @count, ledger_head = @head WHERE shop_id = @shop AND id = @id";
            Add(command, "@balance", drawer.Balance);
            Add(command, "@count", drawer.ActivityCount);
            Add(command, "@head", kept.Chains.TryGetValue(drawer.Id, out var chain) ? chain.Head : null);
            Add(command, "@shop", shop);
            Add(command, "@id", drawer.Id);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the ledger check of shop <paramref name="shop"/> on <paramref name="connection"/>.</summary>
    public static async Task<LedgerCheck> CheckAsync(DbConnection connection, long shop, CancellationToken cancellationToken)
    {
        var s = shop.ToString(CultureInfo.InvariantCulture);
        var drawersOff =
            "SELECT COUNT(*) FROM cash_drawers d LEFT JOIN (SELECT drawer_id, SUM(cash) AS cash, COUNT(*) AS n FROM cash_activities " +
            $"WHERE shop_id = {s} GROUP BY drawer_id) a ON a.drawer_id = d.id WHERE d.shop_id = {s} AND (d.balance <> COALESCE(a.cash, 0) OR d.activity_count <> COALESCE(a.n, 0))";
        var sessionsOff =
            "SELECT COUNT(*) FROM payment_sessions s " +
            "LEFT JOIN (SELECT session_id, SUM(CASE WHEN type = 'SALE' THEN cash ELSE 0 END) AS sales, SUM(CASE WHEN type = 'CHANGE' THEN cash ELSE 0 END) AS change, " +
            "SUM(CASE WHEN type = 'REFUND' THEN cash ELSE 0 END) AS refunds, SUM(CASE WHEN type IN ('ADJUSTMENT', 'CASH_PAYOUT') THEN cash ELSE 0 END) AS adjustments, " +
            $"SUM(COALESCE(discrepancy, 0)) AS discrepancy FROM cash_activities WHERE shop_id = {s} GROUP BY session_id) a ON a.session_id = s.id " +
            "LEFT JOIN (SELECT session_id, SUM(CASE WHEN kind = 'SALE' THEN amount ELSE 0 END) AS sales, SUM(CASE WHEN kind = 'CHANGE' THEN amount ELSE 0 END) AS change, " +
            $"SUM(CASE WHEN kind = 'REFUND' THEN amount ELSE 0 END) AS refunds FROM order_transactions WHERE shop_id = {s} GROUP BY session_id) t ON t.session_id = s.id " +
            $"WHERE s.shop_id = {s} AND (s.cash_sales <> COALESCE(a.sales, 0) OR s.cash_change <> COALESCE(a.change, 0) OR s.cash_refunds <> COALESCE(a.refunds, 0) " +
            "OR s.adjustments <> COALESCE(a.adjustments, 0) OR s.discrepancy <> COALESCE(a.discrepancy, 0) " +
            "OR s.all_sales <> COALESCE(t.sales, 0) OR s.all_change <> COALESCE(t.change, 0) OR s.all_refunds <> COALESCE(t.refunds, 0))";
        string Recomputed(int span) =>
            $"SELECT drawer_id, CAST({span} AS BIGINT) AS span, CAST(time - time % {span * TimeSpan.TicksPerMinute} AS BIGINT) AS period_start, CAST(SUM(cash) AS BIGINT) AS cash, " +
            "CAST(SUM(CASE WHEN type = 'SALE' THEN cash ELSE 0 END) AS BIGINT) AS s, CAST(SUM(CASE WHEN type = 'CHANGE' THEN cash ELSE 0 END) AS BIGINT) AS c, " +
            "CAST(SUM(CASE WHEN type = 'REFUND' THEN cash ELSE 0 END) AS BIGINT) AS r, CAST(SUM(CASE WHEN type IN ('ADJUSTMENT', 'CASH_PAYOUT') THEN cash ELSE 0 END) AS BIGINT) AS a, " +
            $"CAST(SUM(COALESCE(discrepancy, 0)) AS BIGINT) AS d FROM cash_activities WHERE shop_id = {s} GROUP BY drawer_id, time - time % {span * TimeSpan.TicksPerMinute}";
        var recomputed = $"{Recomputed(15)} UNION ALL {Recomputed(1440)}";
        var kept = $"SELECT drawer_id, span, period_start, cash, cash_sales, cash_change, cash_refunds, adjustments, discrepancy FROM drawer_periods WHERE shop_id = {s}";
        return new LedgerCheck(
            await CountAsync(connection, $"SELECT COUNT(*) FROM cash_drawers WHERE shop_id = {s}", cancellationToken).ConfigureAwait(false),
            await CountAsync(connection, drawersOff, cancellationToken).ConfigureAwait(false),
            await CountAsync(connection, $"SELECT COUNT(*) FROM payment_sessions WHERE shop_id = {s}", cancellationToken).ConfigureAwait(false),
            await CountAsync(connection, sessionsOff, cancellationToken).ConfigureAwait(false),
            await CountAsync(connection, $"SELECT COUNT(*) FROM ({recomputed}) r", cancellationToken).ConfigureAwait(false),
            await CountAsync(connection, $"SELECT COUNT(*) FROM (SELECT * FROM ({recomputed}) r EXCEPT SELECT * FROM ({kept}) k) x", cancellationToken).ConfigureAwait(false)
                + await CountAsync(connection, $"SELECT COUNT(*) FROM (SELECT * FROM ({kept}) k EXCEPT SELECT * FROM ({recomputed}) r) x", cancellationToken).ConfigureAwait(false));
    }

    public static async Task<long> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public static DbParameter Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static async Task<int> CountAsync(DbConnection connection, string sql, CancellationToken cancellationToken) =>
        (int)await ScalarAsync(connection, null, sql, cancellationToken).ConfigureAwait(false);
}
