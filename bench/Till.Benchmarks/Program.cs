using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Till.Benchmarks;

/// <summary>
/// dotnet run -c Release --project bench/Till.Benchmarks -- --filter '*'
/// Runs in process (the benchmarks call Till.Server's request steps directly), 3 warm-up and 10
/// measured iterations; BenchmarkDotNet's own options (--filter, --job, --exporters ...) apply.
/// dotnet run -c Release --project bench/Till.Benchmarks -- --cpu-time [name filter]
/// reports CPU time per call instead, the steadier figure on a machine shared with other work.
/// </summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--cpu-time")
        {
            CpuTimeRunner.Run(args.Length > 1 ? args[1] : null);
            return;
        }

        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10).AsDefault())
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
