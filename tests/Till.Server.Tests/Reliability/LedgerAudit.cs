using System.Data.Common;
using System.Globalization;
using Till.Ids;
using Till.Testing;

namespace Till.Server.Tests.Reliability;

internal sealed record ActivityRow(long Id, long ShopId, long SessionId, long DrawerId, string Type, long Cash, string? Note, long? Counted, long? Expected, long? Discrepancy, long? TransactionId, long Time);

internal sealed record SessionRow(long Id, long ShopId, long DeviceId, long DrawerId, string Status, long ExpectedAtOpen, long CountedAtOpen, long? ClosingTime, long? ClosingStaffId, long? ExpectedAtClose, long? CountedAtClose, long? ClosingAdjustment, string? OpeningNote, string? ClosingNote);

internal sealed record TransactionRow(long Id, long? SessionId, string Kind, string Gateway, long Amount);

internal sealed record DrawerRow(long Id, long Balance, long ActivityCount);

/// <summary>
/// Everything of the ledger read straight from a test database (amounts in thousandths, as stored),
/// and the invariants every state of it must satisfy, whatever happened to the process writing it.
/// </summary>
internal sealed class LedgerAudit
{
    /// <summary>The drawers whose book balance is not the sum of their activities (the brief's query, verbatim).</summary>
    public const string UnbalancedDrawersSql =
        "SELECT d.id FROM cash_drawers d WHERE d.balance <> (SELECT CAST(COALESCE(SUM(a.cash),0) AS BIGINT) FROM cash_activities a WHERE a.drawer_id = d.id)";

    private static readonly long[] PeriodSpans = [15, 1440];

    private LedgerAudit(List<ActivityRow> activities, List<SessionRow> sessions, List<TransactionRow> transactions, List<DrawerRow> drawers, Dictionary<long, string> keptTotals, List<string> keptPeriods)
    {
        KeptTotals = keptTotals;
        KeptPeriods = keptPeriods;
        Activities = activities;
        Sessions = sessions;
        Transactions = transactions;
        Drawers = drawers;
        SessionsById = sessions.ToDictionary(s => s.Id);
        TransactionsById = transactions.ToDictionary(t => t.Id);
        ActivitiesBySession = activities.ToLookup(a => a.SessionId);
        ActivitiesByNote = activities.Where(a => a.Note is not null).ToLookup(a => a.Note!, StringComparer.Ordinal);
        ActivitiesByTransaction = activities.Where(a => a.TransactionId is not null).ToLookup(a => a.TransactionId!.Value);
    }

    public IReadOnlyList<ActivityRow> Activities { get; }

    public IReadOnlyList<SessionRow> Sessions { get; }

    public IReadOnlyList<TransactionRow> Transactions { get; }

    public IReadOnlyList<DrawerRow> Drawers { get; }

    public IReadOnlyDictionary<long, SessionRow> SessionsById { get; }

    /// <summary>The totals kept on each session row, by session: cash sales, change, refunds, adjustments, discrepancy, all-tender sales, change, refunds.</summary>
    public IReadOnlyDictionary<long, string> KeptTotals { get; }

    /// <summary>The kept period rows: drawer, span, period start, then its figures.</summary>
    public IReadOnlyList<string> KeptPeriods { get; }

    public IReadOnlyDictionary<long, TransactionRow> TransactionsById { get; }

    public ILookup<long, ActivityRow> ActivitiesBySession { get; }

    public ILookup<string, ActivityRow> ActivitiesByNote { get; }

    public ILookup<long, ActivityRow> ActivitiesByTransaction { get; }

    /// <summary>The number inside a global ID.</summary>
    public static long Number(string gid)
    {
        GlobalId.TryParse(gid, out var id).ShouldBeTrue(gid);
        return id.Id;
    }

    /// <summary>A decimal string such as "-12.5" in thousandths.</summary>
    public static long Thousandths(string amount) => (long)(decimal.Parse(amount, NumberStyles.Number, CultureInfo.InvariantCulture) * 1000m);

    public static async Task<LedgerAudit> LoadAsync(TestDatabase database)
    {
        await using var connection = await database.OpenAsync();
        var activities = await ReadAsync(connection, "SELECT id, shop_id, session_id, drawer_id, type, cash, note, counted, expected, discrepancy, transaction_id, time FROM cash_activities ORDER BY id", r =>
            new ActivityRow(Long(r, 0), Long(r, 1), Long(r, 2), Long(r, 3), r.GetString(4), Long(r, 5), Text(r, 6), NullableLong(r, 7), NullableLong(r, 8), NullableLong(r, 9), NullableLong(r, 10), Long(r, 11)));
        var sessions = await ReadAsync(connection, "SELECT id, shop_id, device_id, drawer_id, status, expected_at_open, counted_at_open, closing_time, closing_staff_id, expected_at_close, counted_at_close, closing_adjustment, opening_note, closing_note FROM payment_sessions ORDER BY id", r =>
            new SessionRow(Long(r, 0), Long(r, 1), Long(r, 2), Long(r, 3), r.GetString(4), Long(r, 5), Long(r, 6), NullableLong(r, 7), NullableLong(r, 8), NullableLong(r, 9), NullableLong(r, 10), NullableLong(r, 11), Text(r, 12), Text(r, 13)));
        var transactions = await ReadAsync(connection, "SELECT id, session_id, kind, gateway, amount FROM order_transactions ORDER BY id", r =>
            new TransactionRow(Long(r, 0), NullableLong(r, 1), r.GetString(2), r.GetString(3), Long(r, 4)));
        var drawers = await ReadAsync(connection, "SELECT id, balance, activity_count FROM cash_drawers ORDER BY id", r =>
            new DrawerRow(Long(r, 0), Long(r, 1), Long(r, 2)));
        var kept = await ReadAsync(connection, "SELECT id, cash_sales, cash_change, cash_refunds, adjustments, discrepancy, all_sales, all_change, all_refunds FROM payment_sessions", r =>
            (Id: Long(r, 0), Totals: string.Join(',', Enumerable.Range(1, 8).Select(i => Long(r, i)))));
        var periods = await ReadAsync(connection, "SELECT drawer_id, span, period_start, cash, cash_sales, cash_change, cash_refunds, adjustments, discrepancy FROM drawer_periods", r =>
            string.Join(',', Enumerable.Range(0, 9).Select(i => Long(r, i))));
        return new LedgerAudit(activities, sessions, transactions, drawers, kept.ToDictionary(k => k.Id, k => k.Totals), periods);
    }

    /// <summary>Runs <see cref="UnbalancedDrawersSql"/> and returns the drawer IDs it finds (none, when the ledger is sound).</summary>
    public static async Task<List<long>> UnbalancedDrawersAsync(TestDatabase database)
    {
        await using var connection = await database.OpenAsync();
        return await ReadAsync(connection, UnbalancedDrawersSql, r => Long(r, 0));
    }

    /// <summary>
    /// Every way the stored ledger could show a half-applied or inconsistent write, as readable lines:
    /// sessions without exactly one opening count, closed sessions without exactly one closing count or
    /// with a closing adjustment that does not match counted − expected, open sessions with closing data,
    /// activities booked after a session's closing, more than one open session on a device, count
    /// activities whose expected cash is not the running book balance, cash transactions without
    /// exactly one matching activity, drawers whose balance or activity count disagrees with their
    /// activities, and kept figures (session totals, drawer period rows) that disagree with the
    /// activities and transactions they sum.
    /// </summary>
    public List<string> Violations()
    {
        var problems = new List<string>();
        foreach (var session in Sessions)
        {
            var own = ActivitiesBySession[session.Id].ToList();
            var openings = own.Count(a => a.Type == "OPENING");
            if (openings != 1)
            {
                problems.Add($"session {session.Id} has {openings} OPENING activities");
            }

            var closings = own.Where(a => a.Type == "CLOSING").ToList();
            var closingAdjustments = own.Where(a => a.Type == "CLOSING_ADJUSTMENT").ToList();
            if (session.Status == "CLOSED")
            {
                if (session.ClosingTime is null || session.ClosingStaffId is null || session.CountedAtClose is null || session.ExpectedAtClose is null || session.ClosingAdjustment is null)
                {
                    problems.Add($"closed session {session.Id} lacks closing fields: {session}");
                    continue;
                }

                if (session.ClosingAdjustment != session.CountedAtClose - session.ExpectedAtClose)
                {
                    problems.Add($"closed session {session.Id}: closing adjustment {session.ClosingAdjustment} is not counted {session.CountedAtClose} - expected {session.ExpectedAtClose}");
                }

                if (closings.Count != 1)
                {
                    problems.Add($"closed session {session.Id} has {closings.Count} CLOSING activities");
                    continue;
                }

                var closing = closings[0];
                if (closing.Counted != session.CountedAtClose || closing.Expected != session.ExpectedAtClose || closing.Cash != 0)
                {
                    problems.Add($"closed session {session.Id}: CLOSING activity {closing} does not match the session {session}");
                }

                var differs = session.CountedAtClose != session.ExpectedAtClose;
                if (closingAdjustments.Count != (differs ? 1 : 0) || (differs && closingAdjustments[0].Cash != session.ClosingAdjustment))
                {
                    problems.Add($"closed session {session.Id} (counted {session.CountedAtClose}, expected {session.ExpectedAtClose}) has CLOSING_ADJUSTMENT activities [{string.Join(", ", closingAdjustments)}]");
                }

                var late = own.Where(a => a.Id > closing.Id && a.Type != "CLOSING_ADJUSTMENT").ToList();
                late.AddRange(closingAdjustments.Where(a => a.Id < closing.Id));
                if (late.Count > 0)
                {
                    problems.Add($"closed session {session.Id} has activities booked after its CLOSING {closing.Id}: {string.Join(", ", late)}");
                }
            }
            else
            {
                if (session.Status != "OPEN")
                {
                    problems.Add($"session {session.Id} has status {session.Status}");
                }

                if (closings.Count > 0 || closingAdjustments.Count > 0 || session.ClosingTime is not null || session.CountedAtClose is not null || session.ClosingAdjustment is not null)
                {
                    problems.Add($"open session {session.Id} carries closing data: {session}; {closings.Count} CLOSING, {closingAdjustments.Count} CLOSING_ADJUSTMENT");
                }
            }
        }

        foreach (var device in Sessions.Where(s => s.Status == "OPEN").GroupBy(s => s.DeviceId).Where(g => g.Count() > 1))
        {
            problems.Add($"device {device.Key} has {device.Count()} open sessions: {string.Join(", ", device.Select(s => s.Id))}");
        }

        foreach (var drawer in Drawers)
        {
            var running = 0L;
            var first = true;
            var count = 0L;
            foreach (var activity in Activities.Where(a => a.DrawerId == drawer.Id))
            {
                if (activity.Type is "OPENING" or "MID_SESSION" or "CLOSING")
                {
                    var floatSetup = first && activity.Type == "OPENING";
                    var expected = floatSetup ? activity.Counted : running;
                    if (activity.Expected != expected || activity.Discrepancy != activity.Counted - activity.Expected)
                    {
                        problems.Add($"drawer {drawer.Id}: {activity.Type} activity {activity.Id} expected {activity.Expected} (discrepancy {activity.Discrepancy}) but the book balance before it was {running}{(floatSetup ? " (float setup)" : string.Empty)}");
                    }

                    var cash = activity.Type == "CLOSING" ? 0 : floatSetup ? activity.Counted : activity.Counted - activity.Expected;
                    if (activity.Cash != cash)
                    {
                        problems.Add($"drawer {drawer.Id}: {activity.Type} activity {activity.Id} booked {activity.Cash}, not {cash}");
                    }
                }

                running += activity.Cash;
                first = false;
                count++;
            }

            if (drawer.Balance != running)
            {
                problems.Add($"drawer {drawer.Id}: balance {drawer.Balance} but its activities sum to {running}");
            }

            if (drawer.ActivityCount != count)
            {
                problems.Add($"drawer {drawer.Id}: activity_count {drawer.ActivityCount} but it has {count} activities");
            }
        }

        foreach (var transaction in Transactions)
        {
            var booked = ActivitiesByTransaction[transaction.Id].ToList();
            var isCash = string.Equals(transaction.Gateway, "cash", StringComparison.OrdinalIgnoreCase) && transaction.SessionId is not null;
            if (booked.Count != (isCash ? 1 : 0))
            {
                problems.Add($"transaction {transaction.Id} ({transaction.Kind} {transaction.Gateway}, session {transaction.SessionId}) has {booked.Count} activities");
                continue;
            }

            if (isCash)
            {
                var activity = booked[0];
                var cash = transaction.Kind == "SALE" ? transaction.Amount : -transaction.Amount;
                if (activity.SessionId != transaction.SessionId || activity.Type != transaction.Kind || activity.Cash != cash)
                {
                    problems.Add($"transaction {transaction} is booked as {activity}");
                }
            }
        }

        // The figures kept with the ledger move in the bookings' own transactions.
        var transactionsBySession = Transactions.Where(t => t.SessionId is not null).ToLookup(t => t.SessionId!.Value);
        foreach (var session in Sessions)
        {
            var own = ActivitiesBySession[session.Id].ToList();
            long Cash(params string[] types) => own.Where(a => types.Contains(a.Type)).Sum(a => a.Cash);
            long Amount(string kind) => transactionsBySession[session.Id].Where(t => t.Kind == kind).Sum(t => t.Amount);
            var recomputed = string.Join(',', new[]
            {
                Cash("SALE"), Cash("CHANGE"), Cash("REFUND"), Cash("ADJUSTMENT", "CASH_PAYOUT"), own.Sum(a => a.Discrepancy ?? 0), Amount("SALE"), Amount("CHANGE"), Amount("REFUND"),
            });
            if (KeptTotals.GetValueOrDefault(session.Id) != recomputed)
            {
                problems.Add($"session {session.Id} keeps totals {KeptTotals.GetValueOrDefault(session.Id)} but its activities and transactions add up to {recomputed}");
            }
        }

        var periods = PeriodSpans.SelectMany(span => Activities.GroupBy(a => (a.DrawerId, Span: span, Start: a.Time - (a.Time % (span * TimeSpan.TicksPerMinute)))))
            .Select(g => string.Join(',', new[]
            {
                g.Key.DrawerId, g.Key.Span, g.Key.Start, g.Sum(a => a.Cash), g.Where(a => a.Type == "SALE").Sum(a => a.Cash), g.Where(a => a.Type == "CHANGE").Sum(a => a.Cash),
                g.Where(a => a.Type == "REFUND").Sum(a => a.Cash), g.Where(a => a.Type is "ADJUSTMENT" or "CASH_PAYOUT").Sum(a => a.Cash), g.Sum(a => a.Discrepancy ?? 0),
            }))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var row in KeptPeriods.Where(r => !periods.Contains(r)))
        {
            problems.Add($"period row {row} does not match the activities in it");
        }

        foreach (var row in periods.Except(KeptPeriods, StringComparer.Ordinal))
        {
            problems.Add($"the activities of period {row} have no matching period row");
        }

        foreach (var orphan in Activities.Where(a => a.Type is "SALE" or "CHANGE" or "REFUND" && (a.TransactionId is null || !TransactionsById.ContainsKey(a.TransactionId.Value))))
        {
            problems.Add($"transaction activity {orphan} has no order transaction");
        }

        return problems;
    }

    private static async Task<List<T>> ReadAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> map)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static long Long(DbDataReader reader, int i) => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);

    private static long? NullableLong(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : Long(reader, i);

    private static string? Text(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
}
