using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Till.Storage.Postgres;

namespace Till.Testing;

/// <summary>
/// A fresh, empty database for one test: a SQLite file by default, or — when
/// <c>TILL_TEST_BACKEND=postgres</c> — a new database on the PostgreSQL server that
/// <c>TILL_TEST_POSTGRES</c> names (an admin URL such as postgres://till:till@127.0.0.1:5432/postgres).
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
        var adminConnectionString = PostgresStore.ToConnectionString(admin);
        var name = "till_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var uri = new UriBuilder(admin) { Path = "/" + name };
        return new TestDatabase(directory, uri.Uri.ToString(), adminConnectionString, name);
    }

    /// <summary>A direct connection to the database, for tests that inspect or seed rows. Parameters are written @name.</summary>
    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = IsPostgres
            ? new NpgsqlConnection(PostgresStore.ToConnectionString(Url))
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

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {postgresName} WITH (FORCE)", connection);
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
