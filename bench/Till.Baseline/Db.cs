using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Till.Storage.Postgres;
using Till.Storage.Sqlite;

namespace Till.Baseline;

/// <summary>One connection and (for writes) one transaction; commands written by hand.</summary>
internal sealed class Tx(DbConnection connection, DbTransaction? transaction)
{
    public DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public async Task<long> InsertAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql + " RETURNING id", parameters);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first row mapped, or default when there is none.</summary>
    public async Task<T?> RowAsync<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? map(reader) : default;
    }

    public async Task<List<T>> RowsAsync<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync())
        {
            list.Add(map(reader));
        }

        return list;
    }

    public Task CommitAsync() => transaction!.CommitAsync();
}

/// <summary>The database: SQLite (one writer at a time, connections kept open) or PostgreSQL (pooled, row locks).</summary>
internal abstract class Db : IDisposable
{
    /// <summary>Appended to reads of rows a write will change.</summary>
    public abstract string LockRows { get; }

    public abstract string Kind { get; }

    public abstract Task<T> WriteAsync<T>(Func<Tx, Task<T>> work);

    public abstract Task<T> ReadAsync<T>(Func<Tx, Task<T>> work, bool snapshot);

    public abstract void Dispose();

    public static async Task<Db> OpenAsync(string database)
    {
        if (database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            using (var store = new PostgresStore(database))
            {
                await store.MigrateAsync();
            }

            return new PostgresDb(PostgresStore.ToConnectionString(database));
        }

        using (var store = new SqliteStore(database))
        {
            await store.MigrateAsync();
        }

        return new SqliteDb(database);
    }
}

/// <summary>
/// SQLite as a hand-written server would use it: connections opened once with their pragmas and
/// kept, writes one at a time under BEGIN IMMEDIATE.
/// </summary>
internal sealed class SqliteDb(string path) : Db
{
    private readonly string connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30 }.ToString();
    private readonly ConcurrentBag<SqliteConnection> idle = [];
    private readonly SemaphoreSlim writeLock = new(1, 1);

    public override string LockRows => string.Empty;

    public override string Kind => "sqlite";

    public override async Task<T> WriteAsync<T>(Func<Tx, Task<T>> work)
    {
        await writeLock.WaitAsync();
        var connection = Take();
        try
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            return await work(new Tx(connection, transaction));
        }
        finally
        {
            idle.Add(connection);
            writeLock.Release();
        }
    }

    public override async Task<T> ReadAsync<T>(Func<Tx, Task<T>> work, bool snapshot)
    {
        var connection = Take();
        try
        {
            if (!snapshot)
            {
                return await work(new Tx(connection, null));
            }

            await using var transaction = connection.BeginTransaction(deferred: true);
            return await work(new Tx(connection, transaction));
        }
        finally
        {
            idle.Add(connection);
        }
    }

    private SqliteConnection Take()
    {
        if (idle.TryTake(out var connection))
        {
            return connection;
        }

        connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    public override void Dispose()
    {
        while (idle.TryTake(out var connection))
        {
            connection.Dispose();
        }

        writeLock.Dispose();
    }
}

/// <summary>PostgreSQL through a pooled data source; each write is one READ COMMITTED transaction that locks what it changes.</summary>
internal sealed class PostgresDb(string connectionString) : Db
{
    private readonly NpgsqlDataSource dataSource = NpgsqlDataSource.Create(connectionString);

    public override string LockRows => " FOR UPDATE";

    public override string Kind => "postgres";

    public override async Task<T> WriteAsync<T>(Func<Tx, Task<T>> work)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        return await work(new Tx(connection, transaction));
    }

    public override async Task<T> ReadAsync<T>(Func<Tx, Task<T>> work, bool snapshot)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        if (!snapshot)
        {
            return await work(new Tx(connection, null));
        }

        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        return await work(new Tx(connection, transaction));
    }

    public override void Dispose() => dataSource.Dispose();
}
