using System.Data;
using System.Globalization;
using Npgsql;
using Till.Storage.Sql;

namespace Till.Storage.Postgres;

/// <summary>
/// The production backend: PostgreSQL through a pooled <see cref="NpgsqlDataSource"/>. Several Till
/// processes may share one database; each write unit of work is one READ COMMITTED transaction whose
/// writes lock the device, session and drawer rows they change.
/// </summary>
public sealed class PostgresStore : ITillStore, IHistoryStore, IDisposable
{
    private const long MigrationLockKey = 0x54494C4C; // "TILL"
    private readonly NpgsqlDataSource dataSource;

    /// <summary>Connects to the database a <c>postgres://user:pass@host:port/db</c> URL names.</summary>
    public PostgresStore(string url)
    {
        dataSource = new NpgsqlDataSourceBuilder(ToConnectionString(url)).Build();
    }

    /// <inheritdoc />
    public string Kind => "postgres";

    /// <summary>
    /// Connections per process unless the URL says otherwise: a few per core. More connections
    /// than the database server has cores to run them only add context switches; requests beyond
    /// the pool wait in the process, which is cheaper than waiting in the database.
    /// </summary>
    public static int DefaultPoolSize => Math.Max(16, Environment.ProcessorCount * 8);

    /// <summary>Turns a <c>postgres://</c> URL into an Npgsql connection string.</summary>
    public static string ToConnectionString(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var hosts = SeveralHosts(ref url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql") || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException("The database URL must look like postgres://user:password@host:5432/database.", nameof(url));
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            MaxPoolSize = DefaultPoolSize,
        };
        var credentials = uri.UserInfo.Split(':', 2);
        if (credentials[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(credentials[0]);
        }

        if (credentials.Length > 1)
        {
            builder.Password = Uri.UnescapeDataString(credentials[1]);
        }

        // Till's statements are few and repeated: let Npgsql prepare them once per connection.
        builder.MaxAutoPrepare = 64;

        // Till keeps no session state (its advisory locks end with their transaction), so a pooled
        // connection needs no reset between uses; the reset would cost the server several statements.
        builder.NoResetOnClose = true;

        // On the same machine TLS only costs CPU; a URL can still ask for it with ?SSL%20Mode=Require.
        if (uri.IsLoopback)
        {
            builder.SslMode = SslMode.Disable;
        }

        if (hosts is not null)
        {
            // Several servers (a primary and its standbys): Npgsql tries them in order and takes the
            // one that accepts writes, so after a failover new connections find the promoted standby.
            // It keeps what it learnt of a host for Host Recheck Seconds (1 here, Npgsql's default is 10).
            builder.Host = hosts;
            builder.TargetSessionAttributes = "read-write";
            builder.HostRecheckSeconds = 1;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(parts[0])] = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// For a URL naming several hosts (<c>postgres://user@h1:5432,h2:5433/db</c>), which
    /// <see cref="Uri"/> cannot read: returns the host list and leaves only the first host in
    /// <paramref name="url"/>. Null for a URL with one host.
    /// </summary>
    private static string? SeveralHosts(ref string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return null;
        }

        var start = scheme + 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        end = end < 0 ? url.Length : end;
        var at = url.LastIndexOf('@', end - 1, end - start);
        var hostStart = at >= 0 ? at + 1 : start;
        var hosts = url[hostStart..end];
        if (!hosts.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }

        url = url[..hostStart] + hosts.Split(',')[0] + url[end..];
        return hosts;
    }

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // Nodes starting together take turns; the second finds the migrations applied.
        await MigrationRunner.ApplyAsync(
            connection, typeof(PostgresStore).Assembly, $"SELECT pg_advisory_xact_lock({MigrationLockKey.ToString(CultureInfo.InvariantCulture)})", cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IUnitOfWork> BeginAsync(bool write, CancellationToken cancellationToken = default)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A read needs no transaction: under READ COMMITTED every statement sees the latest
            // committed rows either way, and this saves a round trip for the ROLLBACK. A write unit
            // sends its own BEGIN with its first statement and COMMIT with its last writes
            // (READ COMMITTED, the server's default), see SqlUnitOfWork.Pipeline.
            return new SqlUnitOfWork(connection, transaction: null, PostgresDialect.Instance, write);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LedgerBackfill.RunAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IHistoryLoader> OpenHistoryLoaderAsync(CancellationToken cancellationToken = default) =>
        new PostgresHistoryLoader(await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<LedgerCheck> CheckLedgerAsync(long shopId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await HistorySql.CheckAsync(connection, shopId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<T> WriteAsync<T>(Func<IUnitOfWork, Task<Written<T>>> unit, CancellationToken cancellationToken = default) =>
        SqlWrites.OneAtATimeAsync(token => BeginAsync(write: true, token), unit, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => dataSource.Dispose();
}
