using System.Data.Common;
using System.Globalization;

namespace Till.Storage.Sql;

/// <summary>
/// Fewer round trips for a write unit on a server database: the transaction's BEGIN travels with
/// the unit's first statement, and the writes whose answers the unit already knows wait to travel
/// with COMMIT. The keys of the rows a mutation will insert are taken from their sequences in the
/// batch that reads (and locks) what it needs, so an insert's answer is known before it is sent.
/// </summary>
/// <remarks>
/// Used when the dialect <see cref="ISqlDialect.PipelinesCommit"/> and the store opened the unit
/// without a driver transaction. Any statement sent while writes wait sends them first, so a
/// unit always reads its own writes. A refused or failed unit sends ROLLBACK if it began.
/// </remarks>
internal sealed partial class SqlUnitOfWork
{
    private readonly List<Deferred> deferred = [];

    private readonly Dictionary<string, Queue<long>> reservedIds = new(StringComparer.Ordinal);

    private bool begun;

    // A write unit whose BEGIN and COMMIT this class sends itself.
    private bool Pipelined => write && transaction is null && dialect.PipelinesCommit;

    /// <summary>A write held back until the next statement or the commit.</summary>
    private sealed record Deferred(string Sql, (string Name, object? Value)[] Parameters);

    /// <summary>Prefixes BEGIN to the unit's first statement.</summary>
    private string BeginWith(string sql)
    {
        if (!Pipelined || begun)
        {
            return sql;
        }

        begun = true;
        return "BEGIN; " + sql;
    }

    /// <summary>Whether the next insert into <paramref name="table"/> can be held back: a key for it was reserved.</summary>
    private bool TryReservedId(string table, out long id)
    {
        id = 0;
        return Pipelined && reservedIds.TryGetValue(table, out var ids) && ids.TryDequeue(out id);
    }

    /// <summary>An <c>INSERT INTO t (columns) VALUES (values)</c> (or a <c>name AS (INSERT ...)</c> part of a WITH) that also sets <c>id</c> to <paramref name="key"/>.</summary>
    private static string WithId(string insert, string key)
    {
        var columns = insert.IndexOf('(', insert.IndexOf("INSERT INTO ", StringComparison.Ordinal)) + 1;
        insert = insert.Insert(columns, "id, ");
        var values = insert.IndexOf("VALUES (", StringComparison.Ordinal) + "VALUES (".Length;
        return insert.Insert(values, key + ", ");
    }

    /// <summary>The statement that reserves keys, added to a locking read batch of a pipelined unit.</summary>
    private static string ReserveStatement((string Table, int Count)[] reserve) =>
        "SELECT " + string.Join(", ", reserve.SelectMany(r => Enumerable.Repeat($"nextval(pg_get_serial_sequence('{r.Table}', 'id'))", r.Count)));

    private async Task ReadReservedAsync(DbDataReader reader, (string Table, int Count)[] reserve)
    {
        await reader.ReadAsync().ConfigureAwait(false);
        var column = 0;
        foreach (var (table, count) in reserve)
        {
            if (!reservedIds.TryGetValue(table, out var ids))
            {
                reservedIds[table] = ids = new Queue<long>();
            }

            for (var i = 0; i < count; i++)
            {
                ids.Enqueue(Convert.ToInt64(reader.GetValue(column++), CultureInfo.InvariantCulture));
            }
        }
    }

    /// <summary>
    /// Holds a write back until the commit (or the next statement). A write that must fail the
    /// unit when it changes nothing says so in its SQL (it raises an error), since its answer is
    /// only known once COMMIT went with it.
    /// </summary>
    private void Defer(string sql, (string Name, object? Value)[] parameters) => deferred.Add(new Deferred(sql, parameters));

    /// <summary>Sends the held-back writes (after BEGIN if none went yet), and COMMIT when <paramref name="commit"/>.</summary>
    private async Task SendDeferredAsync(bool commit, CancellationToken cancellationToken)
    {
        if (deferred.Count == 0 && !commit)
        {
            return;
        }

        if (commit && !begun && deferred.Count == 0)
        {
            return; // Nothing was read or written: nothing to end.
        }

        await using var batch = connection.CreateBatch();
        if (!begun)
        {
            Add(batch, "BEGIN", []);
            begun = true;
        }

        foreach (var write in deferred)
        {
            Add(batch, write.Sql, write.Parameters);
        }

        deferred.Clear();
        if (commit)
        {
            Add(batch, "COMMIT", []);
        }

        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            healthy = healthy && !commit;
            throw;
        }

        if (commit)
        {
            begun = false;
        }
    }

    /// <summary>Ends a pipelined unit that was not committed: its writes are dropped and its transaction rolled back.</summary>
    private async Task AbandonPipelinedAsync()
    {
        deferred.Clear();
        if (!begun)
        {
            return;
        }

        try
        {
            await using var rollback = connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (DbException)
        {
            healthy = false;
        }
        catch (InvalidOperationException)
        {
            // A connection the server dropped (a lost primary) is already closed, which Npgsql says
            // with InvalidOperationException; the server discarded the transaction with it.
            healthy = false;
        }
    }

    private static void Add(DbBatch batch, string sql, (string Name, object? Value)[] parameters)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        Bind(command.Parameters, command.CreateParameter, sql, parameters);

        batch.BatchCommands.Add(command);
    }
}
