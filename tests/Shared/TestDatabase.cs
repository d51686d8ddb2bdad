using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Till.Storage.Postgres;

namespace Till.Testing;

/// <summary>
/// A fresh, empty database for one test: a SQLite file by default, or — when
/// <c>TILL_TEST_BACKEND=postgres</c> — a new schema in the database <c>till_tests</c> on the
/// PostgreSQL server that <c>TILL_TEST_POSTGRES</c> names (an admin URL such as
/// postgres://till:till@127.0.0.1:5432/postgres). A schema per test keeps tests apart as a
/// database would, and is much quicker to create and drop.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? adminConnectionString;
    private readonly string? postgresName;
    private readonly string directory;

    private TestDatabase(string directory, string url, string? adminConnectionString, string? postgresName)
    {
        this.directory = directory;
        Url = url;
        this.adminConnectionString = adminConnectionString;
        this.postgresName = postgresName;
    }

    /// <summary>True when tests run against PostgreSQL.</summary>
    public static bool UsePostgres => string.Equals(Environment.GetEnvironmentVariable("TILL_TEST_BACKEND"), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>What <c>--database</c> takes: a file path or a postgres:// URL.</summary>
    public string Url { get; }

    /// <summary>True for a PostgreSQL database.</summary>
    public bool IsPostgres => postgresName is not null;

    /// <summary>A scratch folder that is removed with the database.</summary>
    public string Directory => directory;

    public static async Task<TestDatabase> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "till-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        if (!UsePostgres)
        {
            return new TestDatabase(directory, Path.Combine(directory, "till.db"), null, null);
        }

        var admin = Environment.GetEnvironmentVariable("TILL_TEST_POSTGRES")
            ?? throw new InvalidOperationException("TILL_TEST_BACKEND=postgres needs TILL_TEST_POSTGRES, an admin URL such as postgres://till:till@127.0.0.1:5432/postgres.");
        await EnsureTestDatabaseAsync(Unpooled(PostgresStore.ToConnectionString(admin)));
        var testsUrl = new UriBuilder(admin) { Path = "/" + TestsDatabase, Query = string.Empty }.Uri.ToString();
        var testsConnectionString = Unpooled(PostgresStore.ToConnectionString(testsUrl));
        var name = "t_" + Guid.NewGuid().ToString("N")[..20];
        await using (var connection = new NpgsqlConnection(testsConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        // A small pool per test server: many run at once against one PostgreSQL.
        return new TestDatabase(directory, testsUrl + "?Search%20Path=" + name + "&Maximum%20Pool%20Size=20", testsConnectionString, name);
    }

    private const string TestsDatabase = "till_tests";

    /// <summary>Direct test connections are not pooled: a pool per test schema would keep idle connections open long after the test.</summary>
    private static string Unpooled(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    private static async Task EnsureTestDatabaseAsync(string adminConnectionString)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{TestsDatabase}'", connection);
        if (await exists.ExecuteScalarAsync() is not null)
        {
            return;
        }

        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {TestsDatabase}", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another test process created it first.
        }
    }

    /// <summary>A direct connection to the database, for tests that inspect or seed rows. Parameters are written @name.</summary>
    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = IsPostgres
            ? new NpgsqlConnection(Unpooled(PostgresStore.ToConnectionString(Url)))
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Url, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs one statement and returns its first value.</summary>
    public async Task<object?> ScalarAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    /// <summary>Every row a query returns, each value as a long (NULL as null).</summary>
    public async Task<List<long?[]>> RowsAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        return await RowsAsync(connection, sql, parameters);
    }

    /// <summary>Every row a query returns on an open connection, each value as a long (NULL as null).</summary>
    public static async Task<List<long?[]>> RowsAsync(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        var rows = new List<long?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new long?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            }

            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (postgresName is not null)
        {
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {postgresName} CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }

        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean up.
        }
    }
}
