using Microsoft.Data.Sqlite;
using Till.Storage;
using Till.Storage.Sql;

namespace Till.Storage.Sqlite;

/// <summary>
/// The embedded SQLite backend: one database file in WAL mode and one writer at a time inside the
/// process (other processes wait on the file lock). Readers take a pooled connection per unit of
/// work; writers share one connection that stays open with its statements prepared, since only
/// one of them runs at a time anyway.
/// </summary>
public sealed class SqliteStore : ITillStore, IDisposable
{
    private readonly string connectionString;
    private readonly SemaphoreSlim writeLock = new(1, 1);

    // The writer's connection and its prepared statements; only touched while writeLock is held.
    private SqliteConnection? writer;
    private StatementCache? writerStatements;

    /// <summary>Opens (or will create) the database file at <paramref name="path"/>.</summary>
    public SqliteStore(string path)
    {
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <inheritdoc />
    public string Kind => "sqlite";

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);", cancellationToken).ConfigureAwait(false);
            foreach (var (version, sql) in MigrationScripts.Read(typeof(SqliteStore).Assembly))
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using var check = connection.CreateCommand();
                check.Transaction = transaction;
                check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = $v";
                check.Parameters.AddWithValue("$v", version);
                if ((long)(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0)
                {
                    continue;
                }

                await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
                await using var record = connection.CreateCommand();
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES ($v, $t)";
                record.Parameters.AddWithValue("$v", version);
                record.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IUnitOfWork> BeginAsync(bool write, CancellationToken cancellationToken = default)
    {
        if (!write)
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return new SqlUnitOfWork(connection, connection.BeginTransaction(deferred: true), SqliteDialect.Instance, write: false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (writer is null)
            {
                writer = await OpenAsync(cancellationToken).ConfigureAwait(false);
                writerStatements = new StatementCache();
            }

            // Microsoft.Data.Sqlite issues BEGIN IMMEDIATE for a writable transaction, so the
            // file's write lock is taken before any read and writers of other processes queue.
            var transaction = writer.BeginTransaction(deferred: false);
            return new SqlUnitOfWork(writer, transaction, SqliteDialect.Instance, write: true, writerStatements, ReleaseWriter);
        }
        catch
        {
            DropWriter();
            writeLock.Release();
            throw;
        }
    }

    /// <summary>
    /// Recomputes one shop's kept figures (session totals, drawer period rows) from its
    /// activities and order transactions, in one write unit: for history written straight into
    /// the tables, as the seeder does. The same statements as the migration that added them.
    /// </summary>
    public async Task RebuildKeptFiguresAsync(long shopId, CancellationToken cancellationToken = default)
    {
        await using var work = (SqlUnitOfWork)await BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        await work.RebuildKeptFiguresAsync(shopId).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        DropWriter();
        writeLock.Dispose();
    }

    // The end of a write unit: a connection whose commit or rollback failed is closed, and the
    // next writer opens a fresh one.
    private ValueTask ReleaseWriter(bool healthy)
    {
        if (!healthy)
        {
            DropWriter();
        }

        writeLock.Release();
        return ValueTask.CompletedTask;
    }

    private void DropWriter()
    {
        writerStatements?.Dispose();
        writerStatements = null;
        writer?.Dispose();
        writer = null;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
