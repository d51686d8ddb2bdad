using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Till.Storage.Sqlite;

namespace Till.RawSqlite;

/// <summary>
/// The load driver's mix (per device: open, N cash sales, adjust, count, close) done straight
/// against SQLite on one thread: Till's own schema (its migrations), the statements Till's SQLite
/// store runs for each of those mutations, in the same order, prepared once and kept, on one open
/// writer connection in WAL mode with synchronous=NORMAL; by default one transaction per mutation.
/// Each booking writes what Till's does: the activity with its ledger link (computed with Till's
/// own <see cref="Till.Sessions.LedgerChain"/>, the one piece of Till's code this program runs),
/// the drawer's move, the session's kept totals and the drawer's period rows.
/// What Till's single writer could reach if HTTP, GraphQL and the rest cost nothing.
/// </summary>
internal static partial class Program
{
    private const string Usage = """
        Till.RawSqlite --database FILE [--devices 50] [--sales 20] [--per-commit 1] [--warmup 3] [--duration 10]
                       [--token-lookups] [--out FILE] [--label TEXT]
          --database FILE      a new database file (it must not exist); Till's migrations create the schema
          --per-commit N       mutations per transaction (default 1); with more, each is a savepoint of its own,
                               as a group commit would need so one failing mutation does not undo the others
          --token-lookups      add a token lookup (on a read connection) before each GraphQL mutation (open, adjust,
                               count, close), as Till made before it kept identities in memory; Till now reads a
                               token from the database only when its identity cache misses, so the default has none
        """;

    private static async Task<int> Main(string[] args)
    {
        string? database = null, outFile = null, label = null;
        int devices = 50, sales = 20, perCommit = 1, warmup = 3, duration = 10;
        var tokenLookups = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Number() => int.Parse(Value(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--database": database = Value(); break;
                case "--devices": devices = Number(); break;
                case "--sales": sales = Number(); break;
                case "--per-commit": perCommit = Number(); break;
                case "--warmup": warmup = Number(); break;
                case "--duration": duration = Number(); break;
                case "--token-lookups": tokenLookups = true; break;
                case "--out": outFile = Value(); break;
                case "--label": label = Value(); break;
                default: Console.Error.WriteLine(Usage); return 2;
            }
        }

        if (database is null || devices < 1 || perCommit < 1 || File.Exists(database))
        {
            Console.Error.WriteLine(Usage);
            Console.Error.WriteLine(database is not null && File.Exists(database) ? $"{database} exists already." : "--database is required.");
            return 2;
        }

        using (var store = new SqliteStore(database))
        {
            await store.MigrateAsync();
        }

        using var ledger = new Ledger(database);
        var fixture = ledger.Setup(devices);
        var mix = new Mix(ledger, fixture, sales, tokenLookups);
        var title = label ?? $"raw SQLite, {perCommit} mutation{(perCommit == 1 ? string.Empty : "s")} per commit";
        Console.WriteLine($"{title}: {devices} devices, {sales} sales per session, warming up {warmup} s, measuring {duration} s");

        Run(ledger, mix, perCommit, TimeSpan.FromSeconds(warmup));
        mix.ResetCounts();
        ledger.Statements = 0;
        var loadBefore = LoadAverage();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Run(ledger, mix, perCommit, TimeSpan.FromSeconds(duration));
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var mismatched = ledger.CheckDrawers();
        var wrongSessions = ledger.CheckSessions();
        var brokenChains = ledger.CheckChains();

        var mutations = mix.Counts.Values.Sum();
        var steps = mix.Counts.Where(p => p.Key != "sale").Sum(p => p.Value);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"== {title}: {seconds:F1} s measured");
        foreach (var (op, count) in mix.Counts)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"{op,-8} {count / seconds,10:F1}/s");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"session steps (open, adjust, count, close)/s: {steps / seconds:F1}; sales/s: {mix.Counts["sale"] / seconds:F1}");
        report.AppendLine(CultureInfo.InvariantCulture, $"mutations/s: {mutations / seconds:F1}; {seconds * 1e6 / mutations:F1} µs and {cpu * 1e6 / mutations:F1} µs CPU per mutation; {(double)ledger.Statements / mutations:F2} statements per mutation (BEGIN and COMMIT included)");
        report.AppendLine(CultureInfo.InvariantCulture, $"ledger check: {fixture.Drawers.Count - mismatched} of {fixture.Drawers.Count} drawers' balances equal the sum of their activities and of their period rows; {fixture.Drawers.Count - brokenChains} chains hold; {wrongSessions} sessions' kept totals differ from their activities");
        Console.Write(report.ToString());
        if (outFile is not null)
        {
            await File.WriteAllTextAsync(outFile, Json(title, perCommit, devices, tokenLookups, seconds, cpu, mix, ledger.Statements, (loadBefore, LoadAverage())));
        }

        return mismatched == 0 && wrongSessions == 0 && brokenChains == 0 ? 0 : 1;
    }

    private static void Run(Ledger ledger, Mix mix, int perCommit, TimeSpan length)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < length)
        {
            if (perCommit == 1)
            {
                mix.Next(group: null);
                continue;
            }

            using var transaction = ledger.BeginWrite();
            for (var i = 0; i < perCommit; i++)
            {
                mix.Next(transaction);
            }

            ledger.Commit(transaction);
        }
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string Json(string label, int perCommit, int devices, bool tokenLookups, double seconds, double cpu, Mix mix, long statements, (string Before, string After) load)
    {
        var mutations = mix.Counts.Values.Sum();
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("label", label);
            w.WriteNumber("perCommit", perCommit);
            w.WriteNumber("devices", devices);
            w.WriteBoolean("tokenLookups", tokenLookups);
            w.WriteNumber("seconds", seconds);
            w.WriteNumber("mutations", mutations);
            w.WriteNumber("mutationsPerSecond", mutations / seconds);
            w.WriteNumber("sessionStepsPerSecond", mix.Counts.Where(p => p.Key != "sale").Sum(p => p.Value) / seconds);
            w.WriteNumber("salesPerSecond", mix.Counts["sale"] / seconds);
            w.WriteNumber("microsPerMutation", seconds * 1e6 / mutations);
            w.WriteNumber("cpuMicrosPerMutation", cpu * 1e6 / mutations);
            w.WriteNumber("statementsPerMutation", (double)statements / mutations);
            w.WriteString("loadBefore", load.Before);
            w.WriteString("loadAfter", load.After);
            w.WriteStartObject("ops");
            foreach (var (op, count) in mix.Counts)
            {
                w.WriteStartObject(op);
                w.WriteNumber("count", count);
                w.WriteNumber("perSecond", count / seconds);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [GeneratedRegex("@[A-Za-z0-9]+")]
    internal static partial Regex ParameterName();
}

/// <summary>The shop, staff member, token and devices the mix works on.</summary>
internal sealed record Fixture(long Shop, long Location, long Staff, string TokenHash, IReadOnlyList<DeviceState> Drawers);

/// <summary>One simulated device, its drawer, its open session and where it is in its loop.</summary>
internal sealed class DeviceState(long device, long drawer)
{
    public long Device { get; } = device;

    public long Drawer { get; } = drawer;

    public long Session { get; set; }

    /// <summary>The drawer's book balance in thousandths, as the device expects it.</summary>
    public long Balance { get; set; }

    public bool Fresh { get; set; } = true;

    /// <summary>The drawer's ledger head and activity count as last read or booked: the next activity chains onto them.</summary>
    public string? Head { get; set; }

    public long Position { get; set; }

    /// <summary>0 = open, 1..sales = sales, then adjust, count, close.</summary>
    public int Step { get; set; }
}
