using System.Diagnostics;
using System.Globalization;

namespace Till.LoadDriver;

/// <summary>The operations the report lists, in order.</summary>
internal static class Ops
{
    public const string Open = "open";
    public const string Sale = "sale";
    public const string Adjust = "adjust";
    public const string Count = "count";
    public const string Close = "close";
    public const string List = "list";
    public const string Drawer = "drawer";

    public static readonly string[] All = [Open, Sale, Adjust, Count, Close, List, Drawer];

    /// <summary>Operations that write: GraphQL mutations and control API transactions.</summary>
    public static readonly HashSet<string> Mutations = new(StringComparer.Ordinal) { Open, Sale, Adjust, Count, Close };
}

/// <summary>Latencies one client recorded while the measurement window was open (no locks: one recorder per client).</summary>
internal sealed class Recorder
{
    private readonly Dictionary<string, List<long>> samples = Ops.All.ToDictionary(o => o, _ => new List<long>(1024), StringComparer.Ordinal);
    private readonly Dictionary<string, int> errors = Ops.All.ToDictionary(o => o, _ => 0, StringComparer.Ordinal);

    public List<string> Problems { get; } = [];

    public void Record(string op, long ticks, Reply reply, bool measuring)
    {
        if (!measuring)
        {
            return;
        }

        if (reply.Ok)
        {
            samples[op].Add(ticks);
        }
        else
        {
            errors[op]++;
            if (Problems.Count < 3 && reply.Problem is { } problem)
            {
                Problems.Add($"{op}: {(problem.Length > 300 ? problem[..300] : problem)}");
            }
        }
    }

    public void RecordFailure(string op, Exception e, bool measuring)
    {
        if (measuring)
        {
            errors[op]++;
            if (Problems.Count < 3)
            {
                Problems.Add($"{op}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    public static IReadOnlyDictionary<string, OpStats> Merge(IEnumerable<Recorder> recorders, double seconds)
    {
        var list = recorders.ToList();
        var result = new Dictionary<string, OpStats>(StringComparer.Ordinal);
        foreach (var op in Ops.All)
        {
            var all = list.SelectMany(r => r.samples[op]).Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
            Array.Sort(all);
            var errorCount = list.Sum(r => r.errors[op]);
            result[op] = new OpStats(all.Length, errorCount, all.Length / seconds, Percentile(all, 0.50), Percentile(all, 0.95), Percentile(all, 0.99), all.Length == 0 ? 0 : all[^1]);
        }

        return result;
    }

    private static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}

/// <summary>Figures of one operation: count, errors, per second, latency percentiles in milliseconds.</summary>
internal sealed record OpStats(int Count, int Errors, double PerSecond, double P50, double P95, double P99, double Max);

/// <summary>CPU time of processes from /proc (Linux), and the machine's load.</summary>
internal static class Proc
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

    /// <summary>utime + stime of a process in seconds, or null when it cannot be read.</summary>
    public static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may contain spaces; fields after the closing parenthesis are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12 here.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Summed CPU seconds of every process whose name starts with <paramref name="prefix"/> (e.g. PostgreSQL's backends).</summary>
    public static double CpuSecondsOfNamed(string prefix)
    {
        double total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var comm = File.ReadAllText($"/proc/{pid}/comm").Trim();
                if (comm.StartsWith(prefix, StringComparison.Ordinal) && CpuSeconds(pid) is { } cpu)
                {
                    total += cpu;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return total;
    }

    /// <summary>Busy and total jiffies of the whole machine (first line of /proc/stat).</summary>
    public static (double Busy, double Total) MachineCpu()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First();
            var values = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var idle = values[3] + (values.Length > 4 ? values[4] : 0);
            var total = values.Take(8).Sum();
            return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return (0, 0);
        }
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
