using System.Diagnostics;

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

    /// <summary>The session steps: GraphQL mutations on Till, JSON endpoints on the baseline.</summary>
    public static readonly HashSet<string> SessionSteps = new(StringComparer.Ordinal) { Open, Adjust, Count, Close };
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
