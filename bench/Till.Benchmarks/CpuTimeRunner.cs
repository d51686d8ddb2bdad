using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Till.Benchmarks;

/// <summary>
/// <c>--cpu-time</c>: runs every [Benchmark] method sequentially and reports the process CPU time per
/// call (median of 7 rounds) beside the wall time. On a shared machine wall time stretches with other
/// people's load; CPU time much less so, which makes it the figure to compare there.
/// </summary>
internal static class CpuTimeRunner
{
    public static void Run(string? filter)
    {
        Console.WriteLine($"{"benchmark",-62} {"CPU µs/op",10} {"wall µs/op",11} {"alloc B/op",11}");
        foreach (var type in typeof(CpuTimeRunner).Assembly.GetTypes().Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var methods = type.GetMethods().Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null && (filter is null || $"{type.Name}.{m.Name}".Contains(filter, StringComparison.OrdinalIgnoreCase))).ToList();
            if (methods.Count == 0)
            {
                continue;
            }

            var instance = Activator.CreateInstance(type)!;
            type.GetMethods().FirstOrDefault(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null)?.Invoke(instance, null);
            try
            {
                foreach (var method in methods)
                {
                    var call = Caller(instance, method);
                    var (cpu, wall, bytes) = Measure(call);
                    Console.WriteLine($"{type.Name + "." + method.Name,-62} {cpu.ToString("F1", CultureInfo.InvariantCulture),10} {wall.ToString("F1", CultureInfo.InvariantCulture),11} {bytes.ToString("F0", CultureInfo.InvariantCulture),11}");
                }
            }
            finally
            {
                type.GetMethods().FirstOrDefault(m => m.GetCustomAttribute<GlobalCleanupAttribute>() is not null)?.Invoke(instance, null);
            }
        }
    }

    private static Action Caller(object instance, MethodInfo method)
    {
        if (typeof(Task).IsAssignableFrom(method.ReturnType))
        {
            return () => ((Task)method.Invoke(instance, null)!).GetAwaiter().GetResult();
        }

        return () => method.Invoke(instance, null);
    }

    private static (double CpuMicros, double WallMicros, double Bytes) Measure(Action call)
    {
        // Calibrate: enough calls for about 200 ms of wall time per round, after a warm-up.
        var warm = Stopwatch.StartNew();
        var calls = 0;
        while (warm.ElapsedMilliseconds < 1000 || calls < 20)
        {
            call();
            calls++;
        }

        var perRound = Math.Max(10, (int)(calls * 200.0 / warm.ElapsedMilliseconds));
        var cpu = new List<double>();
        var wall = new List<double>();
        var bytes = new List<double>();
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < 7; round++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < perRound; i++)
            {
                call();
            }

            clock.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMicroseconds / perRound);
            wall.Add(clock.Elapsed.TotalMicroseconds / perRound);
            bytes.Add((double)allocated / perRound);
        }

        return (Median(cpu), Median(wall), Median(bytes));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }
}
