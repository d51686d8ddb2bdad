using Microsoft.Data.Sqlite;
using Till.Storage.Sqlite;

namespace Till.Server.Cli;

/// <summary>`till backup` and `till restore`: SQLite's online backup, and putting one back.</summary>
public static partial class CommandLine
{
    private const string BackupUsage = "backup --to FILE [--database DB]";

    private const string RestoreUsage = "restore --from FILE [--database DB] [--force]";

    private const string PostgresBackup =
        "till backup copies SQLite databases; for PostgreSQL use pg_dump (a logical copy) or pg_basebackup (the whole cluster, with WAL for point-in-time recovery), see docs/deploy.md";

    private static async Task<int> BackupAsync(Dictionary<string, string?> options, TextWriter output)
    {
        var database = DatabaseOf(options);
        if (TillHost.IsPostgres(database))
        {
            throw new FailureException(PostgresBackup);
        }

        var target = Path.GetFullPath(Require(options, "--to"));
        var bytes = await SqliteOperationAsync(database, () => SqliteBackup.BackupAsync(database, target)).ConfigureAwait(false);
        await output.WriteLineAsync($"Backed up {database} to {target} ({bytes} bytes).").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> RestoreAsync(Dictionary<string, string?> options, TextWriter output)
    {
        var database = DatabaseOf(options);
        if (TillHost.IsPostgres(database))
        {
            throw new FailureException(PostgresBackup.Replace("till backup", "till restore", StringComparison.Ordinal));
        }

        var backup = Path.GetFullPath(Require(options, "--from"));
        await SqliteOperationAsync(backup, async () =>
        {
            await SqliteBackup.RestoreAsync(backup, database, options.ContainsKey("--force")).ConfigureAwait(false);
            return 0L;
        }).ConfigureAwait(false);
        await output.WriteLineAsync($"Restored {database} from {backup}.").ConfigureAwait(false);
        return 0;
    }

    private static async Task<long> SqliteOperationAsync(string path, Func<Task<long>> operation)
    {
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (BackupRefusedException e)
        {
            throw new FailureException(e.Message);
        }
        catch (SqliteException e)
        {
            throw new FailureException(e.SqliteErrorCode == 26 ? $"{path} is not a SQLite database" : $"{path}: {OneLine(e)}");
        }
    }
}
