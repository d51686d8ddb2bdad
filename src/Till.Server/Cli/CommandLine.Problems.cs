using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;
using Till.Storage;

namespace Till.Server.Cli;

/// <summary>Failures of the command line as one line each, naming what to fix.</summary>
public static partial class CommandLine
{
    /// <summary>A failure already described in one line (exit status 1).</summary>
    private sealed class FailureException(string message) : Exception(message);

    /// <summary>
    /// One line saying which database could not be used and why, or null when <paramref name="e"/>
    /// is not a database failure (a schema file that does not compose, say).
    /// </summary>
    private static string? DatabaseProblem(string database, Exception e)
    {
        if (Find<DbException>(e) is null && Find<SocketException>(e) is null && Find<TimeoutException>(e) is null
            && Find<StorageFailureException>(e) is null && Find<IOException>(e) is null && Find<UnauthorizedAccessException>(e) is null)
        {
            return null;
        }

        return TillHost.IsPostgres(database) ? PostgresProblem(database, e) : SqliteProblem(database, e);
    }

    private static string SqliteProblem(string path, Exception e)
    {
        var folder = Path.GetDirectoryName(path);
        var code = Find<SqliteException>(e)?.SqliteErrorCode;
        var why =
            Directory.Exists(path) ? $"it is a folder; give a file path such as {Path.Combine(path, "till.db")}"
            : !string.IsNullOrEmpty(folder) && File.Exists(folder) ? $"{folder} is a file, not a folder; give another --database"
            : !string.IsNullOrEmpty(folder) && !Directory.Exists(folder) ? $"the folder {folder} does not exist; create it, or give another --database"
            : code == 26 ? "the file is not a SQLite database; give another --database"
            : code == 5 ? "another process holds the database locked; try again, or stop it"
            : code == 13 ? "the disk is full"
            : code is 8 or 14 || Find<UnauthorizedAccessException>(e) is not null ? $"{OneLine(Find<SqliteException>(e) ?? e)}; check that this user may write to the file and to {folder}"
            : OneLine(Find<SqliteException>(e) ?? e);
        return $"cannot open the SQLite database {path}: {why}";
    }

    private static string PostgresProblem(string database, Exception e)
    {
        Uri.TryCreate(database, UriKind.Absolute, out var uri);
        var host = string.IsNullOrEmpty(uri?.Host) ? "localhost" : uri.Host;
        var port = uri is { Port: > 0 } ? uri.Port : 5432;
        var name = uri?.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "postgres";
        var user = Uri.UnescapeDataString(uri?.UserInfo.Split(':')[0] ?? string.Empty);
        var at = $"{host}:{port}";

        if (Find<SocketException>(e) is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData =>
                    $"cannot reach PostgreSQL: the host name '{host}' is not known ({OneLine(socket)}); check the host in --database",
                SocketError.ConnectionRefused =>
                    $"cannot reach PostgreSQL at {at}: nothing accepts connections there; is PostgreSQL running, and are the host and port in --database right?",
                _ => $"cannot reach PostgreSQL at {at}: {OneLine(socket)}; check the host, the port and the network",
            };
        }

        if (Find<PostgresException>(e) is { } postgres)
        {
            return postgres.SqlState switch
            {
                PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
                    $"PostgreSQL at {at} refused user '{user}': {postgres.MessageText}; check the user and password in --database",
                PostgresErrorCodes.InvalidCatalogName =>
                    $"PostgreSQL at {at} has no database '{name}'; create it, or name another in --database",
                PostgresErrorCodes.InsufficientPrivilege =>
                    $"user '{user}' may not create Till's tables in the database '{name}' at {at}: {postgres.MessageText}; give it the rights, or use another user in --database",
                _ => $"the PostgreSQL database '{name}' at {at} answered {postgres.SqlState}: {OneLine(postgres)}",
            };
        }

        if (Find<TimeoutException>(e) is not null)
        {
            return $"cannot reach PostgreSQL at {at}: no answer in time; check the host, the port and the network";
        }

        return $"cannot use the PostgreSQL database '{name}' at {at}: {OneLine(Find<NpgsqlException>(e) ?? e)}";
    }

    /// <summary>The exception itself or the first inner exception of type <typeparamref name="T"/>.</summary>
    private static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }

            if (e is AggregateException { InnerExceptions.Count: 1 } aggregate)
            {
                return Find<T>(aggregate.InnerExceptions[0]);
            }
        }

        return null;
    }

    private static string OneLine(Exception e) => e.Message.ReplaceLineEndings(" ").Trim();
}
