using Npgsql;
using Till.Server.Tests.Cli;

namespace Till.Server.Tests.Reliability;

/// <summary>
/// Two PostgreSQL servers on this machine, in a temporary folder: a primary and a synchronous
/// streaming standby made from it with <c>pg_basebackup -R</c> (<c>synchronous_standby_names</c>
/// names it, so the primary acknowledges a commit only once the standby has it). The primary can
/// be killed (<c>pg_ctl stop -m immediate</c>) and the standby promoted (<c>pg_ctl promote</c>).
/// As root the servers run as the postgres user, as initdb requires. Its waits are generous
/// (minutes): the suite runs beside another suite on two cores, where a start can take over a minute.
/// </summary>
internal sealed class StandbyPair : IAsyncDisposable
{
    /// <summary>
    /// The two servers' ports, free ones picked when the pair is made: a fixed port can be taken
    /// by then (by a test's Till, or the ephemeral port of any connection on the machine), and
    /// PostgreSQL then refuses to start.
    /// </summary>
    public int PrimaryPort { get; }

    public int StandbyPort { get; }

    // How long a server's start, a promotion or the standby's catching up may take.
    private const int MostAStepMayTakeSeconds = 180;

    private readonly string bin;
    private readonly string directory;

    private StandbyPair(string bin, string directory)
    {
        this.bin = bin;
        this.directory = directory;
        PrimaryPort = TillProcess.FreePort();
        do
        {
            StandbyPort = TillProcess.FreePort();
        }
        while (StandbyPort == PrimaryPort);
    }

    private string Primary => Path.Combine(directory, "primary");

    private string Standby => Path.Combine(directory, "standby");

    /// <summary>An admin connection string to one of the two servers' database <c>till</c>.</summary>
    public static string ConnectionString(int port, string database = "till") => $"Host=127.0.0.1;Port={port};Username=till;Database={database};Pooling=false;Timeout=5";

    public static async Task<StandbyPair> StartAsync()
    {
        var bin = FindBin() ?? throw new InvalidOperationException("PostgreSQL's initdb was not found (/usr/lib/postgresql/*/bin)");
        var directory = Directory.CreateTempSubdirectory("till-standby-").FullName;
        var pair = new StandbyPair(bin, directory);
        try
        {
            await pair.SetUpAsync();
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }

        return pair;
    }

    public Task KillPrimaryAsync() => PgAsync("pg_ctl", "-D", Primary, "-m", "immediate", "stop");

    public Task PromoteStandbyAsync() => PgAsync("pg_ctl", "-D", Standby, "-w", "-t", $"{MostAStepMayTakeSeconds}", "promote");

    public async ValueTask DisposeAsync()
    {
        foreach (var data in new[] { Standby, Primary })
        {
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                try
                {
                    await PgAsync("pg_ctl", "-D", data, "-m", "immediate", "stop");
                }
                catch (ShouldAssertException)
                {
                    // Already stopped.
                }
            }
        }

        Directory.Delete(directory, recursive: true);
    }

    private async Task SetUpAsync()
    {
        if (IsRoot)
        {
            await RunAsync("chown", "postgres", directory);
        }

        await PgAsync("initdb", "-D", Primary, "-U", "till", "--auth=trust", "-E", "UTF8", "--no-sync");
        await File.AppendAllTextAsync(Path.Combine(Primary, "postgresql.conf"), $"""

            port = {PrimaryPort}
            listen_addresses = '127.0.0.1'
            unix_socket_directories = '{directory}'
            wal_level = replica
            max_wal_senders = 4
            synchronous_standby_names = 'standby1'
            synchronous_commit = on
            max_connections = 100
            # The servers are killed, never the machine: the OS keeps what was written, so fsync only costs time here.
            fsync = off

            """);
        await PgAsync("pg_ctl", "-D", Primary, "-l", Path.Combine(directory, "primary.log"), "-w", "-t", $"{MostAStepMayTakeSeconds}", "start");
        await PgAsync("pg_basebackup", "-h", "127.0.0.1", "-p", $"{PrimaryPort}", "-U", "till", "-D", Standby, "-R", "-X", "stream", "--checkpoint=fast");
        await PgAsync("bash", "-c", $"""
            printf "\nport = {StandbyPort}\nsynchronous_standby_names = ''\n" >> '{Standby}/postgresql.conf' &&
            echo "primary_conninfo = 'host=127.0.0.1 port={PrimaryPort} user=till application_name=standby1'" >> '{Standby}/postgresql.auto.conf'
            """);
        await PgAsync("pg_ctl", "-D", Standby, "-l", Path.Combine(directory, "standby.log"), "-w", "-t", $"{MostAStepMayTakeSeconds}", "start");

        // Synchronous once the primary says so; then the database Till uses.
        await using var primary = new NpgsqlConnection(ConnectionString(PrimaryPort, "postgres"));
        await primary.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(MostAStepMayTakeSeconds);
        while (true)
        {
            await using var check = new NpgsqlCommand("SELECT count(*) FROM pg_stat_replication WHERE application_name = 'standby1' AND sync_state = 'sync'", primary);
            if ((long)(await check.ExecuteScalarAsync())! == 1)
            {
                break;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"the standby did not become synchronous within {MostAStepMayTakeSeconds} s");
            await Task.Delay(100);
        }

        await using var create = new NpgsqlCommand("CREATE DATABASE till", primary);
        await create.ExecuteNonQueryAsync();
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task PgAsync(string program, params string[] args)
    {
        var path = program == "bash" ? "/bin/bash" : Path.Combine(bin, program);
        return IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }

    private async Task RunAsync(string program, params string[] args)
    {
        await using var command = TillCommand.Start(directory, program, args);
        var exit = await command.WaitForExitAsync(TimeSpan.FromSeconds(240));
        exit.ShouldBe(0, $"{program} {string.Join(' ', args)}\n{command.Output}\n{command.Error}");
    }

    private static string? FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .LastOrDefault()
            : null;
}
