using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Till.Storage;
using Till.Storage.Sql;

namespace Till.Storage.Sqlite;

/// <summary>
/// The embedded SQLite backend: one database file in WAL mode and one writer at a time inside the
/// process (other processes wait on the file lock).
/// </summary>
/// <remarks>
/// Write units (<see cref="WriteAsync{T}"/>) queue for one writer loop on a thread of its own (a
/// thread-pool loop waited behind the requests' work each time it woke), which runs them back to
/// back on one open connection inside one transaction, each unit under a savepoint of its own
/// (released when it commits, rolled back when it refuses or fails), and commits the group when
/// the queue is empty or <see cref="MaxGroup"/> units are in it. Every caller is answered only
/// after the commit that holds its writes: if that commit fails, every unit of the group fails.
/// Readers keep their connections open with their statements prepared, up to
/// <see cref="MaxIdleReaders"/> idle ones.
/// </remarks>
public sealed class SqliteStore : ITillStore, IHistoryStore, IDisposable
{
    /// <summary>The most write units one commit holds.</summary>
    /// <remarks>
    /// Small enough that a group's callers are answered while the units queued behind them run:
    /// with 64, fifty devices' requests all waited on one commit, then came back at once while the
    /// writer sat idle (docs/benchmarks.md, "The SQLite writer's group size").
    /// </remarks>
    public const int MaxGroup = 16;

    /// <summary>The most reader connections kept open while idle.</summary>
    public static readonly int MaxIdleReaders = Math.Max(4, Environment.ProcessorCount * 4);

    private readonly string connectionString;
    private readonly SemaphoreSlim writeLock = new(1, 1);
    private readonly Channel<WriteJob> writes = Channel.CreateUnbounded<WriteJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentBag<Reader> idleReaders = [];
    private readonly Lazy<Thread> writerLoop;

    // The writer's connection and its prepared statements; only touched while writeLock is held.
    private SqliteConnection? writer;
    private StatementCache? writerStatements;
    private long groupCommits;

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
        writerLoop = new Lazy<Thread>(() =>
        {
            var thread = new Thread(RunWrites) { IsBackground = true, Name = "Till SQLite writer" };
            thread.Start();
            return thread;
        });
    }

    /// <inheritdoc />
    public string Kind => "sqlite";

    /// <summary>How many group transactions the writer loop has committed.</summary>
    public long GroupCommits => Interlocked.Read(ref groupCommits);

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            await MigrationRunner.ApplyAsync(connection, typeof(SqliteStore).Assembly, lockStatement: null, cancellationToken).ConfigureAwait(false);
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
            var reader = idleReaders.TryTake(out var idle) ? idle : new Reader(await OpenAsync(cancellationToken).ConfigureAwait(false));
            try
            {
                return new SqlUnitOfWork(reader.Connection, reader.Connection.BeginTransaction(deferred: true), SqliteDialect.Instance, write: false, reader.Statements, healthy => ReleaseReader(reader, healthy));
            }
            catch
            {
                reader.Dispose();
                throw;
            }
        }

        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = await WriterAsync(cancellationToken).ConfigureAwait(false);

            // Microsoft.Data.Sqlite issues BEGIN IMMEDIATE for a writable transaction, so the
            // file's write lock is taken before any read and writers of other processes queue.
            var transaction = connection.BeginTransaction(deferred: false);
            return new SqlUnitOfWork(connection, transaction, SqliteDialect.Instance, write: true, writerStatements, ReleaseWriter);
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
    /// activities and order transactions, in one write unit: the statements of the migration
    /// that added them.
    /// </summary>
    public async Task RebuildKeptFiguresAsync(long shopId, CancellationToken cancellationToken = default)
    {
        await using var work = (SqlUnitOfWork)await BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        await work.RebuildKeptFiguresAsync(shopId).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Recomputes every activity's ledger link and every drawer's head from the stored
    /// activities, in one transaction: what migration 0008 runs (<see cref="LedgerBackfill"/>),
    /// for a ledger written without the chain.
    /// </summary>
    public async Task ChainLedgerAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LedgerBackfill.RunAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IHistoryLoader> OpenHistoryLoaderAsync(CancellationToken cancellationToken = default) =>
        new SqliteHistoryLoader(await OpenAsync(cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<LedgerCheck> CheckLedgerAsync(long shopId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await HistorySql.CheckAsync(connection, shopId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<T> WriteAsync<T>(Func<IUnitOfWork, Task<Written<T>>> unit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var job = new WriteJob<T>(unit, cancellationToken);
        _ = writerLoop.Value;
        ObjectDisposedException.ThrowIf(!writes.Writer.TryWrite(job), this);
        return job.Answer;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        writes.Writer.TryComplete();
        if (writerLoop.IsValueCreated)
        {
            writerLoop.Value.Join(TimeSpan.FromSeconds(30));
        }

        DropWriter();
        while (idleReaders.TryTake(out var reader))
        {
            reader.Dispose();
        }

        writeLock.Dispose();
    }

    private void RunWrites()
    {
        while (Wait(writes.Reader.WaitToReadAsync()))
        {
            writeLock.Wait();
            try
            {
                RunGroupAsync().GetAwaiter().GetResult();
            }
            finally
            {
                writeLock.Release();
            }
        }
    }

    // The savepoint statements of a group's units.
    private const string OpenUnit = "SAVEPOINT unit;";
    private const string KeepUnit = "RELEASE unit;";
    private const string UndoUnit = "ROLLBACK TO unit; RELEASE unit;";

    // A savepoint statement of the group's transaction, kept with the writer's other statements
    // (SqliteTransaction.Save and Release compile a new command every time).
    private void Savepoint(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var (command, _, kept) = StatementCache.Lease(writerStatements, connection, sql);
        command.Transaction = transaction;
        try
        {
            command.ExecuteNonQuery();
        }
        finally
        {
            if (!kept)
            {
                command.Dispose();
            }
        }
    }

    // The writer thread blocks while the queue is empty; a new unit wakes it at once.
    private static bool Wait(ValueTask<bool> pending) => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    // One group: one transaction, a savepoint per unit, one commit; then every unit is answered.
    private async Task RunGroupAsync()
    {
        SqliteConnection connection;
        SqliteTransaction transaction;
        try
        {
            connection = await WriterAsync(CancellationToken.None).ConfigureAwait(false);
            transaction = connection.BeginTransaction(deferred: false);
        }
        catch (SqliteException e)
        {
            DropWriter();
            for (var n = 0; n < MaxGroup && writes.Reader.TryRead(out var waiting); n++)
            {
                waiting.Fail(SqlWrites.Map(e, started: false));
            }

            return;
        }

        var ran = new List<WriteJob>();
        var broken = false;
        while (!broken && ran.Count < MaxGroup && writes.Reader.TryRead(out var job))
        {
            if (job.Cancellation.IsCancellationRequested)
            {
                job.Cancel();
                continue;
            }

            var work = new SqlUnitOfWork(connection, transaction, SqliteDialect.Instance, write: true, writerStatements, static _ => ValueTask.CompletedTask, ownsTransaction: false);
            try
            {
                Savepoint(connection, transaction, OpenUnit);
                await using (work.ConfigureAwait(false))
                {
                    if (await job.RunAsync(work).ConfigureAwait(false))
                    {
                        Savepoint(connection, transaction, KeepUnit);
                    }
                    else
                    {
                        Savepoint(connection, transaction, UndoUnit);
                    }
                }

                ran.Add(job);
            }
            catch (Exception e)
            {
                job.Fail(SqlWrites.Map(e));
                try
                {
                    Savepoint(connection, transaction, UndoUnit);
                }
                catch (SqliteException)
                {
                    // The failure ended the whole transaction: what the group did so far is gone.
                    broken = true;
                }
            }
        }

        try
        {
            transaction.Commit();
        }
        catch (Exception e)
        {
            DropWriter();
            foreach (var job in ran)
            {
                job.Fail(SqlWrites.Map(e));
            }

            return;
        }
        finally
        {
            transaction.Dispose();
        }

        Interlocked.Increment(ref groupCommits);
        if (broken)
        {
            // The transaction was gone, so the commit above kept nothing; sqlite does not always say so.
            DropWriter();
            foreach (var job in ran)
            {
                job.Fail(new StorageFailureException("The database failed during the group's transaction; nothing was kept."));
            }

            return;
        }

        foreach (var job in ran)
        {
            job.Complete();
        }
    }

    private async Task<SqliteConnection> WriterAsync(CancellationToken cancellationToken)
    {
        if (writer is null)
        {
            writer = await OpenAsync(cancellationToken).ConfigureAwait(false);
            writerStatements = new StatementCache();
        }

        return writer;
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

    private ValueTask ReleaseReader(Reader reader, bool healthy)
    {
        if (healthy && idleReaders.Count < MaxIdleReaders)
        {
            idleReaders.Add(reader);
        }
        else
        {
            reader.Dispose();
        }

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

    /// <summary>A reader's open connection and the statements prepared on it.</summary>
    private sealed class Reader(SqliteConnection connection) : IDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        public StatementCache Statements { get; } = new();

        public void Dispose()
        {
            Statements.Dispose();
            Connection.Dispose();
        }
    }

    /// <summary>A queued write unit.</summary>
    private abstract class WriteJob(CancellationToken cancellation)
    {
        public CancellationToken Cancellation { get; } = cancellation;

        /// <summary>Runs the unit; true when its writes are to be kept.</summary>
        public abstract Task<bool> RunAsync(IUnitOfWork work);

        /// <summary>Answers the caller once the group is committed.</summary>
        public abstract void Complete();

        public abstract void Fail(Exception e);

        public abstract void Cancel();
    }

    private sealed class WriteJob<T>(Func<IUnitOfWork, Task<Written<T>>> unit, CancellationToken cancellation) : WriteJob(cancellation)
    {
        private readonly TaskCompletionSource<T> answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // The caller's span: the unit's statements are spans of the request that queued it, though the writer loop runs them.
        private readonly System.Diagnostics.Activity? caller = System.Diagnostics.Activity.Current;
        private T? value;

        public Task<T> Answer => answer.Task;

        public override async Task<bool> RunAsync(IUnitOfWork work)
        {
            System.Diagnostics.Activity.Current = caller;
            var written = await unit(work).ConfigureAwait(false);
            value = written.Value;
            return written.Commit;
        }

        public override void Complete() => answer.TrySetResult(value!);

        public override void Fail(Exception e) => answer.TrySetException(e);

        public override void Cancel() => answer.TrySetCanceled(Cancellation);
    }
}
