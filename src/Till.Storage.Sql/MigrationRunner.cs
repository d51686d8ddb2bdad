using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace Till.Storage.Sql;

/// <summary>
/// Applies a backend's numbered migrations (<see cref="MigrationScripts"/>) that the database has
/// not seen yet, all in one transaction, recording each in <c>schema_migrations</c>.
/// </summary>
internal static class MigrationRunner
{
    /// <summary>
    /// Applies the pending migrations embedded in <paramref name="scripts"/>. <paramref name="lockStatement"/>,
    /// when given, runs first in the transaction so that processes starting together take turns.
    /// </summary>
    public static async Task ApplyAsync(DbConnection connection, Assembly scripts, string? lockStatement, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (lockStatement is not null)
        {
            await ExecuteAsync(connection, transaction, lockStatement, cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)", cancellationToken).ConfigureAwait(false);
        var applied = new HashSet<long>();
        await using (var read = Command(connection, transaction, "SELECT version FROM schema_migrations"))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
            }
        }

        foreach (var (version, sql) in MigrationScripts.Read(scripts))
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
            if (MigrationScripts.ChainsLedger(sql))
            {
                await LedgerBackfill.RunAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            }

            await using var record = Command(connection, transaction, "INSERT INTO schema_migrations (version, applied_at) VALUES (@v, @t)");
            Add(record, "@v", version);
            Add(record, "@t", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 0; // A migration that backfills from a long history may take longer than a request would.
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
