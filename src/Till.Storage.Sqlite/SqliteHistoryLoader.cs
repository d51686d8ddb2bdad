using Microsoft.Data.Sqlite;
using Till.Seeding;
using Till.Storage.Sql;

namespace Till.Storage.Sqlite;

/// <summary>
/// Generated history into SQLite: one prepared INSERT per table with its parameters rebound per
/// row, one <c>BEGIN IMMEDIATE</c> transaction per batch. A batch's IDs follow the largest ones
/// stored, read inside that transaction, so writers of other processes cannot take them.
/// </summary>
internal sealed class SqliteHistoryLoader(SqliteConnection connection) : IHistoryLoader
{
    private readonly HistorySql.Kept kept = new();

    public async Task<IReadOnlyList<long>> WriteAsync(long shopId, string currency, HistoryBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var next = new long[HistorySql.Tables.Length];
        for (var t = 0; t < next.Length; t++)
        {
            next[t] = await HistorySql.ScalarAsync(connection, transaction, $"SELECT COALESCE(MAX(id), 0) + 1 FROM {HistorySql.Tables[t]}", cancellationToken).ConfigureAwait(false);
        }

        var totals = kept.Add(batch);
        var ids = new HistorySql.Ids(batch, Range(next[0], batch.Sessions.Count), Range(next[1], batch.Transactions.Count), Range(next[2], batch.Activities.Count));
        await using (var command = Prepare(transaction, "payment_sessions", HistorySql.SessionColumns))
        {
            foreach (var s in batch.Sessions)
            {
                await RunAsync(command, HistorySql.Values(shopId, currency, s, ids.Session(s.Id), totals[s.Id]), cancellationToken).ConfigureAwait(false);
            }
        }

        await using (var command = Prepare(transaction, "order_transactions", HistorySql.TransactionColumns))
        {
            foreach (var t in batch.Transactions)
            {
                await RunAsync(command, HistorySql.Values(shopId, currency, t, ids.Transaction(t.Id), ids.Session(t.Session)), cancellationToken).ConfigureAwait(false);
            }
        }

        await using (var command = Prepare(transaction, "cash_activities", HistorySql.ActivityColumns))
        {
            foreach (var a in batch.Activities)
            {
                var values = kept.Activity(shopId, currency, a, ids.Activity(a.Id), ids.Session(a.Session), a.Transaction is { } n ? ids.Transaction(n) : null);
                await RunAsync(command, values, cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ids.Sessions;
    }

    public async Task FinishAsync(long shopId, IEnumerable<SeedDrawer> drawers, CancellationToken cancellationToken = default)
    {
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await HistorySql.UpdateDrawersAsync(connection, transaction, shopId, drawers, kept, cancellationToken).ConfigureAwait(false);
            await using var command = Prepare((SqliteTransaction)transaction, "drawer_periods", HistorySql.PeriodColumns);
            foreach (var period in kept.Periods)
            {
                await RunAsync(command, HistorySql.Values(shopId, period), cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        // Fresh statistics for the query planner over the new rows.
        await HistorySql.ScalarAsync(connection, null, "ANALYZE", cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private static long[] Range(long first, int count)
    {
        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = first + i;
        }

        return ids;
    }

    private static async Task RunAsync(SqliteCommand command, object?[] values, CancellationToken cancellationToken)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
}
