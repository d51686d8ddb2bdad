using Microsoft.Data.Sqlite;

namespace Till.Storage.Sqlite;

/// <summary>Why a backup or restore was refused, in one line naming what to change.</summary>
public sealed class BackupRefusedException(string message) : Exception(message);

/// <summary>
/// Backups of a SQLite database with SQLite's online backup API, and restores of them.
/// </summary>
/// <remarks>
/// A backup copies every page in one step under one read transaction of the source, so it is the
/// database as of one commit (every write committed before the backup began, none half-done) while
/// servers go on writing: in WAL mode a reader never blocks a writer. It is written to a temporary
/// file next to the target, made a single file (rollback journal, no WAL), checked, and only then
/// renamed to the target, so a failed backup leaves no file that looks like one.
/// A restore replaces a database only when nothing has it open: it first takes the database out
/// of WAL mode, which SQLite allows only to its one connection, and refuses when that fails.
/// </remarks>
public static class SqliteBackup
{
    /// <summary>Copies the database at <paramref name="source"/> to the new file <paramref name="target"/>; returns its size in bytes.</summary>
    public static async Task<long> BackupAsync(string source, string target, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(target);
        if (!File.Exists(source))
        {
            throw new BackupRefusedException($"there is no database {source}; give the --database the server uses");
        }

        if (File.Exists(target) || Directory.Exists(target))
        {
            throw new BackupRefusedException($"{target} already exists; give a new file to --to");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(target))!;
        if (!Directory.Exists(folder))
        {
            throw new BackupRefusedException($"the folder {folder} does not exist; create it, or give another --to");
        }

        var partial = Path.Combine(folder, $".{Path.GetFileName(target)}.partial-{Guid.NewGuid():N}");
        try
        {
            await using (var from = await OpenAsync(source, SqliteOpenMode.ReadWrite, cancellationToken).ConfigureAwait(false))
            {
                await RequireTillAsync(from, source, cancellationToken).ConfigureAwait(false);
                await using var to = await OpenAsync(partial, SqliteOpenMode.ReadWriteCreate, cancellationToken).ConfigureAwait(false);
                from.BackupDatabase(to);
                await ScalarAsync(to, "PRAGMA journal_mode=DELETE", cancellationToken).ConfigureAwait(false);
                await CheckAsync(to, partial, cancellationToken).ConfigureAwait(false);
            }

            File.Move(partial, target);
            return new FileInfo(target).Length;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Replaces the database at <paramref name="database"/> with the backup <paramref name="backup"/>
    /// (or creates it). An existing database is replaced only with <paramref name="force"/>, and never
    /// while anything has it open.
    /// </summary>
    public static async Task RestoreAsync(string backup, string database, bool force, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(backup);
        ArgumentException.ThrowIfNullOrEmpty(database);
        if (!File.Exists(backup))
        {
            throw new BackupRefusedException($"there is no backup {backup}; give the file till backup wrote to --from");
        }

        await using var from = await OpenAsync(backup, SqliteOpenMode.ReadOnly, cancellationToken).ConfigureAwait(false);
        {
            await CheckAsync(from, backup, cancellationToken).ConfigureAwait(false);
            await RequireTillAsync(from, backup, cancellationToken).ConfigureAwait(false);
            if (File.Exists(database))
            {
                if (!force)
                {
                    throw new BackupRefusedException($"{database} already exists; add --force to replace it with the backup");
                }

                // Out of WAL mode first: SQLite refuses that while any other connection has the file open.
                await using var to = await OpenAsync(database, SqliteOpenMode.ReadWrite, cancellationToken, busyTimeout: false).ConfigureAwait(false);
                string? mode;
                try
                {
                    mode = (await ScalarAsync(to, "PRAGMA journal_mode=DELETE", cancellationToken).ConfigureAwait(false))?.ToString();
                }
                catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
                {
                    mode = null;
                }

                if (!string.Equals(mode, "delete", StringComparison.OrdinalIgnoreCase))
                {
                    throw new BackupRefusedException($"{database} is in use (a server or another process has it open); stop it, then restore");
                }

                from.BackupDatabase(to);
                await ScalarAsync(to, "PRAGMA journal_mode=WAL", cancellationToken).ConfigureAwait(false);
                return;
            }

            var folder = Path.GetDirectoryName(Path.GetFullPath(database))!;
            var partial = Path.Combine(folder, $".{Path.GetFileName(database)}.partial-{Guid.NewGuid():N}");
            try
            {
                await using (var to = await OpenAsync(partial, SqliteOpenMode.ReadWriteCreate, cancellationToken).ConfigureAwait(false))
                {
                    from.BackupDatabase(to);
                    await ScalarAsync(to, "PRAGMA journal_mode=WAL", cancellationToken).ConfigureAwait(false);
                }

                File.Move(partial, database);
            }
            finally
            {
                File.Delete(partial);
                File.Delete(partial + "-wal");
                File.Delete(partial + "-shm");
            }
        }
    }

    private static async Task<SqliteConnection> OpenAsync(string path, SqliteOpenMode mode, CancellationToken cancellationToken, bool busyTimeout = true)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = busyTimeout ? 30 : 1 }.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await ScalarAsync(connection, busyTimeout ? "PRAGMA busy_timeout=30000" : "PRAGMA busy_timeout=0", cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static async Task RequireTillAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        var tables = await ScalarAsync(connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('schema_migrations', 'cash_activities')", cancellationToken).ConfigureAwait(false);
        if (Convert.ToInt64(tables, System.Globalization.CultureInfo.InvariantCulture) != 2)
        {
            throw new BackupRefusedException($"{path} is not a Till database (it has no Till tables)");
        }
    }

    private static async Task CheckAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        var answer = (await ScalarAsync(connection, "PRAGMA quick_check", cancellationToken).ConfigureAwait(false))?.ToString();
        if (!string.Equals(answer, "ok", StringComparison.Ordinal))
        {
            throw new BackupRefusedException($"{path} fails SQLite's integrity check: {answer}");
        }
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
