using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Till.LoadDriver;

namespace Till.Ratios;

/// <summary>
/// Runs a load tool and writes its figures with the CPU time the server, the database, the tool and
/// everything else used while it ran (from /proc, as the load driver measures).
/// </summary>
internal static class MeasureCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var separator = Array.IndexOf(args, "--");
        if (separator < 0 || separator == args.Length - 1)
        {
            throw new ArgumentException("measure needs -- and the command to run.");
        }

        var own = args[..separator];
        var command = args[(separator + 1)..];
        var name = Program.Required(own, "--name");
        var outFile = Program.Required(own, "--out");
        var pid = Program.Option(own, "--pid") is { } p ? int.Parse(p, CultureInfo.InvariantCulture) : (int?)null;
        var dbProcess = Program.Option(own, "--db-process") ?? "postgres";
        var dbName = Program.Option(own, "--db-name");
        var pgbenchLog = Program.Option(own, "--pgbench-log");

        var database = dbProcess.Length > 0 ? new ProcessGroupCpu(dbProcess, dbName) : null;
        using var polling = new CancellationTokenSource();
        var poller = database is null ? Task.CompletedTask : database.PollAsync(polling.Token);
        var before = Sample(pid, database);
        var wall = Stopwatch.StartNew();
        var output = new StringBuilder();
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in command[1..])
        {
            info.ArgumentList.Add(arg);
        }

        using (var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + command[0]))
        {
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    lock (output)
                    {
                        output.AppendLine(e.Data);
                    }

                    Console.WriteLine(e.Data);
                }
            };
            process.BeginOutputReadLine();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                Console.Error.WriteLine($"{command[0]} exited with code {process.ExitCode}");
                return process.ExitCode;
            }
        }

        var after = Sample(pid, database);
        var wallSeconds = wall.Elapsed.TotalSeconds;
        await polling.CancelAsync();
        await poller;
        var text = output.ToString();
        var figures = text.Contains("{\"wrk\":", StringComparison.Ordinal) ? Wrk(text) : Pgbench(text, pgbenchLog);
        if (figures.Good == 0)
        {
            // Nothing was answered in the window: every latency was at least the window.
            var window = figures.Seconds * 1000;
            figures = figures with { Mean = window, P50 = window, P90 = window, P99 = window, Max = window, NoneCompleted = true };
        }

        await File.WriteAllTextAsync(outFile, Json(name, Program.Option(own, "--label") ?? name, Quote(command), figures, before, after, wallSeconds));
        Console.WriteLine($"{name}: {figures.Good / figures.Seconds:F1}/s good, {figures.Bad} bad; p50 {figures.P50:F2} ms, p99 {figures.P99:F2} ms; server CPU {Per(after.Server - before.Server, figures.Requests)} µs per request");
        return 0;
    }

    private static string Per(double? seconds, long count) => seconds is { } s && count > 0 ? (s * 1e6 / count).ToString("F0", CultureInfo.InvariantCulture) : "-";

    /// <summary>What the tool reported: requests, bad answers, duration and latency in milliseconds.</summary>
    private sealed record Figures(string Tool, long Requests, long Bad, long SocketErrors, double Seconds, double Mean, double P50, double P90, double P99, double Max, string? BadSample)
    {
        /// <summary>No good answer came within the window; the latencies are then the window's length, a lower bound.</summary>
        public bool NoneCompleted { get; init; }

        public long Good => Requests - Bad;
    }

    private static Figures Wrk(string output)
    {
        var line = output.Split('\n').First(l => l.StartsWith("{\"wrk\":", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(line);
        var r = document.RootElement;
        var latency = r.GetProperty("latencyUs");
        double Ms(string p) => latency.GetProperty(p).GetDouble() / 1000.0;
        var socket = r.GetProperty("connectErrors").GetInt64() + r.GetProperty("readErrors").GetInt64() + r.GetProperty("writeErrors").GetInt64() + r.GetProperty("timeouts").GetInt64();
        var sample = r.GetProperty("badSample").GetString();
        return new Figures("wrk", r.GetProperty("requests").GetInt64(), r.GetProperty("bad").GetInt64(), socket, r.GetProperty("durationUs").GetDouble() / 1e6,
            Ms("mean"), Ms("p50"), Ms("p90"), Ms("p99"), Ms("max"), string.IsNullOrEmpty(sample) ? null : sample);
    }

    /// <summary>pgbench's summary, with percentiles from its per-transaction log when one was written (-l).</summary>
    private static Figures Pgbench(string output, string? logPrefix)
    {
        double Number(string label)
        {
            var line = output.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(label, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"No '{label}' in the tool's output.");
            var value = line[(line.IndexOfAny(['=', ':']) + 1)..].Trim().Split(' ')[0];
            return double.Parse(value, CultureInfo.InvariantCulture);
        }

        var transactions = (long)Number("number of transactions actually processed");
        var failed = output.Contains("number of failed transactions", StringComparison.Ordinal) ? (long)Number("number of failed transactions") : 0;
        var duration = Number("duration");
        if (transactions == 0)
        {
            // pgbench prints no rates then; its clients may still have been connecting when the time ran out.
            return new Figures("pgbench", failed, failed, 0, duration, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, null);
        }

        var tps = Number("tps");
        var mean = Number("latency average");
        var latencies = new List<double>();
        if (logPrefix is not null)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(logPrefix))!;
            foreach (var file in Directory.EnumerateFiles(dir, Path.GetFileName(logPrefix) + ".*"))
            {
                foreach (var line in File.ReadLines(file))
                {
                    // client_id transaction_no time script_no time_epoch time_us: time is the latency in µs.
                    var fields = line.Split(' ');
                    if (fields.Length >= 3 && double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var us))
                    {
                        latencies.Add(us / 1000.0);
                    }
                }
            }
        }

        latencies.Sort();
        double Percentile(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Clamp((int)Math.Ceiling(q * latencies.Count) - 1, 0, latencies.Count - 1)];
        return new Figures("pgbench", transactions + failed, failed, 0, transactions / tps, mean, Percentile(0.50), Percentile(0.90), Percentile(0.99),
            latencies.Count == 0 ? double.NaN : latencies[^1], null);
    }

    private sealed record CpuSample(double? Server, double? Database, double Children, double MachineBusy, string Load);

    private static CpuSample Sample(int? pid, ProcessGroupCpu? database) => new(
        pid is { } p ? Proc.CpuSeconds(p) : null,
        database?.Poll(),
        ChildrenCpuSeconds(),
        Proc.MachineCpu().Busy,
        Proc.LoadAverage());

    /// <summary>
    /// The CPU a group of processes (PostgreSQL's) used since the first look, including processes
    /// that started later (pgbench's backends) and, up to the last poll, ones that have ended.
    /// </summary>
    private sealed class ProcessGroupCpu(string prefix, string? database)
    {
        private readonly Dictionary<int, double> first = [];
        private readonly Dictionary<int, double> last = [];
        private bool started;

        public double Poll()
        {
            lock (last)
            {
                foreach (var (pid, cpu) in Proc.ProcessesNamed(prefix, database))
                {
                    if (!started)
                    {
                        first[pid] = cpu;
                    }

                    last[pid] = cpu;
                }

                started = true;
                return last.Sum(p => p.Value - first.GetValueOrDefault(p.Key));
            }
        }

        public async Task PollAsync(CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(200, cancellationToken);
                    Poll();
                }
            }
            catch (OperationCanceledException)
            {
                // Done.
            }
        }
    }

    /// <summary>cutime + cstime of this process: the CPU of the children it has waited for, i.e. the tool once it exited.</summary>
    private static double ChildrenCpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
    }

    private static string Quote(string[] command) => string.Join(' ', command.Select(a =>
        a.Length > 0 && a.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:=,@%+".Contains(c, StringComparison.Ordinal)) ? a : "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

    // CPU per request divides by the requests; CPU in cores divides by the wall time the command ran
    // (for pgbench longer than its measured window: it connects its clients first).
    private static string Json(string name, string label, string command, Figures f, CpuSample before, CpuSample after, double wallSeconds)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            var seconds = f.Seconds;
            var server = after.Server - before.Server;
            var database = after.Database - before.Database;
            var tool = after.Children - before.Children;
            var busy = after.MachineBusy - before.MachineBusy;
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("label", label);
            w.WriteString("tool", f.Tool);
            w.WriteString("command", command);
            w.WriteNumber("seconds", seconds);
            w.WriteNumber("wallSeconds", wallSeconds);
            w.WriteNumber("requests", f.Requests);
            w.WriteNumber("bad", f.Bad);
            w.WriteNumber("socketErrors", f.SocketErrors);
            w.WriteNumber("rate", f.Good / seconds);
            if (f.NoneCompleted)
            {
                w.WriteBoolean("noneCompleted", true);
            }

            w.WriteStartObject("latencyMs");
            Number(w, "mean", f.Mean);
            Number(w, "p50", f.P50);
            Number(w, "p90", f.P90);
            Number(w, "p99", f.P99);
            Number(w, "max", f.Max);
            w.WriteEndObject();
            if (server is { } s && f.Requests > 0)
            {
                w.WriteNumber("serverCpuMicrosPerRequest", s * 1e6 / f.Requests);
                w.WriteNumber("serverCpuCores", s / wallSeconds);
            }

            if (database is { } d && f.Requests > 0)
            {
                w.WriteNumber("databaseCpuMicrosPerRequest", d * 1e6 / f.Requests);
            }

            w.WriteNumber("toolCpuCores", tool / wallSeconds);
            w.WriteNumber("machineBusyCores", busy / wallSeconds);
            w.WriteNumber("otherCpuCores", Math.Max(0, busy - (server ?? 0) - (database ?? 0) - tool) / wallSeconds);
            w.WriteString("loadBefore", before.Load);
            w.WriteString("loadAfter", after.Load);
            if (f.BadSample is { } sample)
            {
                w.WriteString("badSample", sample);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
