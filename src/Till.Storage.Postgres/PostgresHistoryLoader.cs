using Npgsql;
using NpgsqlTypes;
using Till.Seeding;
using Till.Storage.Sql;

namespace Till.Storage.Postgres;

/// <summary>
/// Generated history into PostgreSQL: binary COPY per table, one transaction per batch. A batch's
/// IDs are taken from the tables' own sequences (one <c>nextval</c> per row, in one statement), so
/// servers writing to the same database at the same time never collide with them.
/// </summary>
internal sealed class PostgresHistoryLoader(NpgsqlConnection connection) : IHistoryLoader
{
    private static readonly NpgsqlDbType[] SessionTypes = Types("bbbbb tt bb t bb bb t bbb bbbbbbbb b");
    private static readonly NpgsqlDbType[] PeriodTypes = Types("bbbb bbbbbb");
    private readonly HistorySql.Kept kept = new();
    private static readonly NpgsqlDbType[] TransactionTypes = Types("bbbbb tt b t bbb");
    private static readonly NpgsqlDbType[] ActivityTypes = Types("bbbb tt b t bb b t bbbb t");

    public async Task<IReadOnlyList<long>> WriteAsync(long shopId, string currency, HistoryBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var totals = kept.Add(batch);
        var ids = new HistorySql.Ids(
            batch,
            await ReserveAsync(HistorySql.Tables[0], batch.Sessions.Count, cancellationToken).ConfigureAwait(false),
            await ReserveAsync(HistorySql.Tables[1], batch.Transactions.Count, cancellationToken).ConfigureAwait(false),
            await ReserveAsync(HistorySql.Tables[2], batch.Activities.Count, cancellationToken).ConfigureAwait(false));
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY payment_sessions ({HistorySql.SessionColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var s in batch.Sessions)
            {
                await RowAsync(copy, SessionTypes, HistorySql.Values(shopId, currency, s, ids.Session(s.Id), totals[s.Id]), cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var copy = await connection.BeginBinaryImportAsync($"COPY order_transactions ({HistorySql.TransactionColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var t in batch.Transactions)
            {
                await RowAsync(copy, TransactionTypes, HistorySql.Values(shopId, currency, t, ids.Transaction(t.Id), ids.Session(t.Session)), cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var copy = await connection.BeginBinaryImportAsync($"COPY cash_activities ({HistorySql.ActivityColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var a in batch.Activities)
            {
                var values = kept.Activity(shopId, currency, a, ids.Activity(a.Id), ids.Session(a.Session), a.Transaction is { } n ? ids.Transaction(n) : null);
                await RowAsync(copy, ActivityTypes, values, cancellationToken).ConfigureAwait(false);
            }

            await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return ids.Sessions;
    }

    public async Task FinishAsync(long shopId, IEnumerable<SeedDrawer> drawers, CancellationToken cancellationToken = default)
    {
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await HistorySql.UpdateDrawersAsync(connection, transaction, shopId, drawers, kept, cancellationToken).ConfigureAwait(false);
            await using (var copy = await connection.BeginBinaryImportAsync($"COPY drawer_periods ({HistorySql.PeriodColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
            {
                foreach (var period in kept.Periods)
                {
                    await RowAsync(copy, PeriodTypes, HistorySql.Values(shopId, period), cancellationToken).ConfigureAwait(false);
                }

                await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE payment_sessions, order_transactions, cash_activities, cash_drawers, drawer_periods";
        analyze.CommandTimeout = 0;
        await analyze.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private static NpgsqlDbType[] Types(string shape) =>
        [.. shape.Where(c => c != ' ').Select(c => c == 'b' ? NpgsqlDbType.Bigint : NpgsqlDbType.Text)];

    private async Task<long[]> ReserveAsync(string table, int count, CancellationToken cancellationToken)
    {
        var ids = new long[count];
        if (count == 0)
        {
            return ids;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, @n)";
        command.Parameters.AddWithValue("@n", count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var i = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids[i++] = reader.GetInt64(0);
        }

        Array.Sort(ids);
        return ids;
    }

    private static async Task RowAsync(NpgsqlBinaryImporter copy, NpgsqlDbType[] types, object?[] values, CancellationToken cancellationToken)
    {
        await copy.StartRowAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is null)
            {
                await copy.WriteNullAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (types[i] == NpgsqlDbType.Bigint)
            {
                await copy.WriteAsync(Convert.ToInt64(values[i], System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await copy.WriteAsync((string)values[i]!, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
