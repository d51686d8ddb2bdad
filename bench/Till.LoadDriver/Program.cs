using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Till.LoadDriver;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Options.Usage);
            return 0;
        }

        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Options.Usage);
            return 2;
        }

        Process? server = null;
        try
        {
            if (options.Serve is { } command)
            {
                server = Start(command, options.ServeLog);
                options = options with { ServerPid = server.Id };
            }

            using var http = new Http(options.Url, options.Concurrency + options.Readers + 8);
            ITarget target = options.Target == "till" ? new TillTarget(http, options) : new BaselineTarget(http, options);
            await WaitForHealthAsync(http, target, server);
            var run = await RunAsync(options, target);
            var report = Report.Text(options, run);
            Console.WriteLine(report);
            if (options.Out is { } path)
            {
                await File.WriteAllTextAsync(path, Report.Json(options, run));
            }

            return run.Stats.Values.Sum(s => s.Count) == 0 ? 1 : 0;
        }
        finally
        {
            if (server is not null)
            {
                try
                {
                    server.Kill();
                    await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                {
                    // Already gone.
                }

                server.Dispose();
            }
        }
    }

    private static Process Start(string command, string? log)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec " + command);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start: " + command);
        var writer = log is null ? TextWriter.Null : TextWriter.Synchronized(new StreamWriter(log, append: false) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { writer.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { writer.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForHealthAsync(Http http, ITarget target, Process? server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (server is { HasExited: true })
            {
                throw new InvalidOperationException($"The server exited with code {server.ExitCode} before answering.");
            }

            try
            {
                var (status, document) = await http.SendAsync(HttpMethod.Get, target.HealthPath, null, [], CancellationToken.None);
                document?.Dispose();
                if (status == 200)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The server did not answer its health check within 90 s.");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Shared between the clients: whether latencies count yet, and whether to stop.</summary>
    private sealed class Phase
    {
        private volatile bool measuring;
        private volatile bool stopping;

        public bool Measuring { get => measuring; set => measuring = value; }

        public bool Stopping { get => stopping; set => stopping = value; }
    }

    private static async Task<RunResult> RunAsync(Options options, ITarget target)
    {
        var provisionClock = Stopwatch.StartNew();
        var devices = options.ListOnly ? 1 : options.Concurrency;
        var fixture = await target.ProvisionAsync(devices, CancellationToken.None);
        Console.WriteLine($"provisioned shop {fixture.ShopId} with {fixture.Devices.Count} devices in {provisionClock.Elapsed.TotalSeconds:F1} s; warming up {options.Warmup} s, measuring {options.Duration} s");

        var phase = new Phase();
        var recorders = new List<Recorder>();
        var tasks = new List<Task>();
        if (!options.ListOnly)
        {
            foreach (var device in fixture.Devices)
            {
                var recorder = new Recorder();
                recorders.Add(recorder);
                tasks.Add(Task.Run(() => DeviceLoopAsync(options, target, device, recorder, phase)));
            }
        }

        var drawers = fixture.Devices.Select(d => d.DrawerId).ToArray();
        for (var i = 0; i < options.Readers; i++)
        {
            var recorder = new Recorder();
            recorders.Add(recorder);
            var seed = i;
            tasks.Add(Task.Run(() => ReaderLoopAsync(options, target, options.ListOnly ? [] : drawers, recorder, phase, seed)));
        }

        await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
        var before = await Snapshot.TakeAsync(options);
        var window = Stopwatch.StartNew();
        phase.Measuring = true;
        await Task.Delay(TimeSpan.FromSeconds(options.Duration));
        phase.Measuring = false;
        var seconds = window.Elapsed.TotalSeconds;
        var after = await Snapshot.TakeAsync(options);
        phase.Stopping = true;
        await Task.WhenAll(tasks);

        var stats = Recorder.Merge(recorders, seconds);
        return new RunResult(fixture, stats, seconds, before, after, recorders.SelectMany(r => r.Problems).Take(5).ToList());
    }

    private static async Task DeviceLoopAsync(Options options, ITarget target, DeviceState device, Recorder recorder, Phase phase)
    {
        const long Float = 100_00, Sale = 1_25, BankRun = -5_00, Shortfall = -50;
        while (!phase.Stopping)
        {
            var opening = device.Fresh ? Float : device.BalanceCents;
            if (!(await TimedAsync(Ops.Open, recorder, phase, ct => target.OpenAsync(device, Cents.Format(opening), ct))).Ok)
            {
                await Task.Delay(20);
                continue;
            }

            device.BalanceCents = opening;
            device.Fresh = false;
            for (var i = 0; i < options.Sales && !phase.Stopping; i++)
            {
                if ((await TimedAsync(Ops.Sale, recorder, phase, ct => target.SaleAsync(device, Cents.Format(Sale), ct))).Ok)
                {
                    device.BalanceCents += Sale;
                }
            }

            if (phase.Stopping)
            {
                break;
            }

            if ((await TimedAsync(Ops.Adjust, recorder, phase, ct => target.AdjustAsync(device, Cents.Format(BankRun), ct))).Ok)
            {
                device.BalanceCents += BankRun;
            }

            await TimedAsync(Ops.Count, recorder, phase, ct => target.CountAsync(device, Cents.Format(device.BalanceCents), ct));

            // Closing 0.50 short books a closing adjustment as well as the closing count.
            for (var attempt = 0; attempt < 5 && !phase.Stopping; attempt++)
            {
                if ((await TimedAsync(Ops.Close, recorder, phase, ct => target.CloseAsync(device, Cents.Format(device.BalanceCents + Shortfall), ct))).Ok)
                {
                    device.BalanceCents += Shortfall;
                    break;
                }
            }
        }
    }

    private static async Task ReaderLoopAsync(Options options, ITarget target, string[] drawers, Recorder recorder, Phase phase, int seed)
    {
        var random = new Random(seed);
        while (!phase.Stopping)
        {
            await TimedAsync(Ops.List, recorder, phase, ct => target.ListSessionsAsync(options.ListFirst, ct));
            if (drawers.Length > 0 && !phase.Stopping)
            {
                var drawer = drawers[random.Next(drawers.Length)];
                await TimedAsync(Ops.Drawer, recorder, phase, ct => target.ReadDrawerAsync(drawer, ct));
            }

            if (options.ReaderPause > 0)
            {
                await Task.Delay(options.ReaderPause);
            }
        }
    }

    private static async Task<Reply> TimedAsync(string op, Recorder recorder, Phase phase, Func<CancellationToken, Task<Reply>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var reply = await call(CancellationToken.None);
            recorder.Record(op, Stopwatch.GetTimestamp() - started, reply, phase.Measuring);
            return reply;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            recorder.RecordFailure(op, e, phase.Measuring);
            return new Reply(false, default, e.Message);
        }
    }
}

/// <summary>CPU counters (and the optional external counters) at one instant.</summary>
internal sealed record Snapshot(double? Server, double Driver, double Database, double MachineBusy, double MachineTotal, string Load, IReadOnlyDictionary<string, double> Counters)
{
    private static readonly HttpClient CounterClient = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static async Task<Snapshot> TakeAsync(Options options)
    {
        var counters = options.CountersUrl is { } url ? await CountersAsync(url) : new Dictionary<string, double>();
        var (busy, total) = Proc.MachineCpu();
        return new Snapshot(
            options.ServerPid is { } pid ? Proc.CpuSeconds(pid) : null,
            Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
            options.DbProcess.Length > 0 ? Proc.CpuSecondsOfNamed(options.DbProcess, options.DbName) : 0,
            busy,
            total,
            Proc.LoadAverage(),
            counters);
    }

    /// <summary>The numeric properties of the JSON object at <paramref name="url"/>.</summary>
    private static async Task<Dictionary<string, double>> CountersAsync(string url)
    {
        using var document = JsonDocument.Parse(await CounterClient.GetStringAsync(new Uri(url)));
        return document.RootElement.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
    }
}

/// <summary>What one run measured.</summary>
internal sealed record RunResult(Fixture Fixture, IReadOnlyDictionary<string, OpStats> Stats, double Seconds, Snapshot Before, Snapshot After, IReadOnlyList<string> Problems)
{
    public int MutationCount => Stats.Where(p => Ops.Mutations.Contains(p.Key)).Sum(p => p.Value.Count);

    public double MutationsPerSecond => MutationCount / Seconds;

    /// <summary>Open, adjust, count and close: GraphQL mutations on Till.</summary>
    public double SessionStepsPerSecond => Stats.Where(p => Ops.SessionSteps.Contains(p.Key)).Sum(p => p.Value.Count) / Seconds;

    /// <summary>Sales: control API calls on Till.</summary>
    public double SalesPerSecond => Stats[Ops.Sale].Count / Seconds;

    /// <summary>How much each external counter grew during the measured window.</summary>
    public IReadOnlyDictionary<string, double> CounterDeltas => After.Counters
        .Where(p => Before.Counters.ContainsKey(p.Key))
        .ToDictionary(p => p.Key, p => p.Value - Before.Counters[p.Key], StringComparer.Ordinal);

    public double? ServerCpuSeconds => Before.Server is { } b && After.Server is { } a ? a - b : null;

    public double DatabaseCpuSeconds => After.Database - Before.Database;

    public double DriverCpuSeconds => After.Driver - Before.Driver;

    public double MachineBusySeconds => After.MachineBusy - Before.MachineBusy;

    /// <summary>CPU seconds the machine spent on processes other than server, driver and database: other people's work.</summary>
    public double OtherCpuSeconds => Math.Max(0, MachineBusySeconds - (ServerCpuSeconds ?? 0) - DriverCpuSeconds - DatabaseCpuSeconds);
}

/// <summary>The printed and JSON forms of a run.</summary>
internal static class Report
{
    public static string Text(Options options, RunResult run)
    {
        var s = new StringBuilder();
        var title = options.Label ?? $"{options.Target} on {options.Database}";
        var clients = options.ListOnly ? "no devices (list only)" : $"{options.Concurrency} devices";
        s.AppendLine(CultureInfo.InvariantCulture, $"== {title}: {clients}, {options.Readers} readers (list first: {options.ListFirst}, pause {options.ReaderPause} ms), {options.Sales} sales per session, {run.Seconds:F1} s measured");
        s.AppendLine(CultureInfo.InvariantCulture, $"load average before {run.Before.Load}, after {run.After.Load}; {Environment.ProcessorCount} cores");
        s.AppendLine("operation      ops/s   errors   p50 ms   p95 ms   p99 ms   max ms");
        foreach (var op in Ops.All)
        {
            var o = run.Stats[op];
            if (o.Count == 0 && o.Errors == 0)
            {
                continue;
            }

            s.AppendLine(CultureInfo.InvariantCulture, $"{op,-10} {o.PerSecond,9:F1} {o.Errors,8} {o.P50,8:F2} {o.P95,8:F2} {o.P99,8:F2} {o.Max,8:F1}");
        }

        var mutationP99 = MutationPercentile(run);
        var (steps, sales) = options.Target == "till" ? ("GraphQL mutations (open, adjust, count, close)", "control API sales") : ("session steps (open, adjust, count, close)", "sales");
        s.AppendLine(CultureInfo.InvariantCulture, $"{steps}/s: {run.SessionStepsPerSecond:F1}; {sales}/s: {run.SalesPerSecond:F1}");
        s.AppendLine(CultureInfo.InvariantCulture, $"mutations/s (both together): {run.MutationsPerSecond:F1}  (worst per-operation p99 of mutations: {mutationP99:F2} ms)");
        if (run.ServerCpuSeconds is { } cpu && run.MutationCount > 0)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"server CPU: {cpu:F2} s = {cpu / run.Seconds * 100:F0}% of one core; {cpu * 1e6 / run.MutationCount:F0} µs per mutation (all requests included)");
        }

        if (run.DatabaseCpuSeconds > 0.05 && run.MutationCount > 0)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"'{options.DbProcess}*' processes CPU: {run.DatabaseCpuSeconds:F2} s = {run.DatabaseCpuSeconds * 1e6 / run.MutationCount:F0} µs per mutation");
        }

        if (run.MutationCount > 0)
        {
            foreach (var (name, delta) in run.CounterDeltas)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"counter {name}: {delta:F0} = {delta / run.MutationCount:F2} per mutation");
            }
        }

        s.AppendLine(CultureInfo.InvariantCulture, $"driver CPU: {run.DriverCpuSeconds:F2} s; machine busy {run.MachineBusySeconds / run.Seconds * 100 / Environment.ProcessorCount:F0}% of {Environment.ProcessorCount} cores; other processes {run.OtherCpuSeconds:F2} CPU s");
        if (options.Compare is { } path && File.Exists(path))
        {
            using var baseline = JsonDocument.Parse(File.ReadAllText(path));
            var root = baseline.RootElement;
            var baseRate = root.GetProperty("mutationsPerSecond").GetDouble();
            var other = root.TryGetProperty("label", out var label) ? label.GetString() : path;
            s.AppendLine(CultureInfo.InvariantCulture, $"compared with '{other}':");
            if (baseRate > 0 && run.MutationCount > 0)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"  mutations/s {run.MutationsPerSecond / baseRate:F2}x ({run.MutationsPerSecond:F0} / {baseRate:F0})");
            }

            if (root.TryGetProperty("sessionStepsPerSecond", out var baseSteps) && baseSteps.GetDouble() > 0 && run.SessionStepsPerSecond > 0)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"  session steps/s {run.SessionStepsPerSecond / baseSteps.GetDouble():F2}x ({run.SessionStepsPerSecond:F0} / {baseSteps.GetDouble():F0}); sales/s {run.SalesPerSecond / Math.Max(root.GetProperty("salesPerSecond").GetDouble(), 1e-9):F2}x");
            }

            foreach (var op in Ops.All)
            {
                if (root.GetProperty("ops").TryGetProperty(op, out var b) && b.GetProperty("perSecond").GetDouble() > 0 && run.Stats[op].Count > 0)
                {
                    s.AppendLine(CultureInfo.InvariantCulture, $"  {op,-8} ops/s {run.Stats[op].PerSecond / b.GetProperty("perSecond").GetDouble(),5:F2}x   p50 {run.Stats[op].P50:F2} vs {b.GetProperty("p50").GetDouble():F2} ms ({run.Stats[op].P50 / b.GetProperty("p50").GetDouble():F2}x)");
                }
            }
        }

        foreach (var problem in run.Problems)
        {
            s.AppendLine("error sample: " + problem);
        }

        return s.ToString();
    }

    private static double MutationPercentile(RunResult run) =>
        run.Stats.Where(p => Ops.Mutations.Contains(p.Key) && p.Value.Count > 0).Select(p => p.Value.P99).DefaultIfEmpty(0).Max();

    public static string Json(Options options, RunResult run)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("label", options.Label ?? $"{options.Target} on {options.Database}");
            w.WriteString("target", options.Target);
            w.WriteString("database", options.Database);
            w.WriteNumber("concurrency", options.Concurrency);
            w.WriteNumber("readers", options.Readers);
            w.WriteNumber("listFirst", options.ListFirst);
            w.WriteNumber("seconds", run.Seconds);
            w.WriteString("loadBefore", run.Before.Load);
            w.WriteString("loadAfter", run.After.Load);
            w.WriteString("shop", run.Fixture.ShopId);
            w.WriteNumber("mutationsPerSecond", run.MutationsPerSecond);
            w.WriteNumber("sessionStepsPerSecond", run.SessionStepsPerSecond);
            w.WriteNumber("salesPerSecond", run.SalesPerSecond);
            w.WriteNumber("mutationP99Max", MutationPercentile(run));
            if (run.ServerCpuSeconds is { } cpu && run.MutationCount > 0)
            {
                w.WriteNumber("serverCpuMicrosPerMutation", cpu * 1e6 / run.MutationCount);
                w.WriteNumber("serverCpuCores", cpu / run.Seconds);
            }

            w.WriteNumber("databaseCpuMicrosPerMutation", run.MutationCount > 0 ? run.DatabaseCpuSeconds * 1e6 / run.MutationCount : 0);
            w.WriteNumber("driverCpuCores", run.DriverCpuSeconds / run.Seconds);
            w.WriteNumber("otherCpuCores", run.OtherCpuSeconds / run.Seconds);
            w.WriteNumber("machineBusyCores", run.MachineBusySeconds / run.Seconds);
            if (run.CounterDeltas.Count > 0 && run.MutationCount > 0)
            {
                w.WriteStartObject("countersPerMutation");
                foreach (var (name, delta) in run.CounterDeltas)
                {
                    w.WriteNumber(name, delta / run.MutationCount);
                }

                w.WriteEndObject();
            }

            w.WriteStartObject("ops");
            foreach (var op in Ops.All)
            {
                var o = run.Stats[op];
                w.WriteStartObject(op);
                w.WriteNumber("count", o.Count);
                w.WriteNumber("errors", o.Errors);
                w.WriteNumber("perSecond", o.PerSecond);
                w.WriteNumber("p50", o.P50);
                w.WriteNumber("p95", o.P95);
                w.WriteNumber("p99", o.P99);
                w.WriteNumber("max", o.Max);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
