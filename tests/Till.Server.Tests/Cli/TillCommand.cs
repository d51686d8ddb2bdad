using System.Diagnostics;
using System.Text;

namespace Till.Server.Tests.Cli;

/// <summary>
/// The command line as a user runs it: a real process, <c>dotnet Till.Server.dll ARGS</c> (or any
/// other program, such as <c>dotnet run</c>), in a working directory of the test's choosing, with
/// none of the TILL_* settings of the test's own environment. Its output is collected line by line.
/// </summary>
internal sealed class TillCommand : IAsyncDisposable
{
    private static readonly string[] TillVariables = ["TILL_URLS", "TILL_DATABASE", "TILL_ADMIN_KEY", "TILL_THROTTLE_MAXIMUM", "TILL_THROTTLE_RESTORE_RATE", "TILL_NO_DEMO", "TILL_LOG_FORMAT", "TILL_NO_REQUEST_LOG", "TILL_CONFIG"];

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();
    private readonly Lock gate = new();
    private readonly TaskCompletionSource outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> waiters = [];

    private TillCommand(Process process) => this.process = process;

    /// <summary>The server build next to the tests (the test project references src/Till.Server).</summary>
    public static string ServerDll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "Till.Server.dll");
            File.Exists(dll).ShouldBeTrue($"{dll} is missing: the test project references src/Till.Server, whose build output should be copied next to the tests.");
            return dll;
        }
    }

    public string Output
    {
        get
        {
            lock (gate)
            {
                return output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (gate)
            {
                return error.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet Till.Server.dll ARGS</c> in <paramref name="workingDirectory"/>.</summary>
    public static TillCommand StartTill(string workingDirectory, params string[] args) => Start(workingDirectory, DotnetHost(), [ServerDll, .. args]);

    /// <summary>Starts <c>dotnet Till.Server.dll ARGS</c> in <paramref name="workingDirectory"/> with these environment variables set.</summary>
    public static TillCommand StartTillWith(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start(workingDirectory, DotnetHost(), environment, [ServerDll, .. args]);

    /// <summary>Starts <paramref name="program"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>.</summary>
    public static TillCommand Start(string workingDirectory, string program, params string[] args) =>
        Start(workingDirectory, program, new Dictionary<string, string>(), args);

    /// <summary>Starts <paramref name="program"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>, with these environment variables set.</summary>
    public static TillCommand Start(string workingDirectory, string program, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in TillVariables)
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var command = new TillCommand(new Process { StartInfo = info });
        command.process.OutputDataReceived += (_, e) => command.Received(e.Data, command.output, command.outputClosed);
        command.process.ErrorDataReceived += (_, e) => command.Received(e.Data, command.error, command.errorClosed);
        command.process.Start();
        command.process.StandardInput.Close();
        command.process.BeginOutputReadLine();
        command.process.BeginErrorReadLine();
        return command;
    }

    /// <summary>Runs <c>dotnet Till.Server.dll ARGS</c> to its end (at most 60 s) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunTillAsync(string workingDirectory, params string[] args)
    {
        await using var command = StartTill(workingDirectory, args);
        var exit = await command.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exit, command.Output, command.Error);
    }

    /// <summary>Waits for the process to end and for all its output; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            await Task.WhenAll(outputClosed.Task, errorClosed.Task).WaitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the command did not end within {timeout.TotalSeconds} s\nstdout:\n{Output}\nstderr:\n{Error}");
        }

        return process.ExitCode;
    }

    /// <summary>The first line of standard output that matches, waiting for it; fails if the process ends first or the time is up.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            var line = output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(match);
            if (line is not null)
            {
                return line;
            }

            waiters.Add((match, found));
        }

        var ended = outputClosed.Task.ContinueWith(_ => (string?)null, TaskScheduler.Default);
        var first = await Task.WhenAny(found.Task, ended, Task.Delay(timeout));
        if (first == found.Task)
        {
            return await found.Task;
        }

        throw new InvalidOperationException($"{(first == ended ? "the command ended" : $"{timeout.TotalSeconds} s passed")} before it printed the line awaited\nstdout:\n{Output}\nstderr:\n{Error}");
    }

    private void Received(string? line, StringBuilder into, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        lock (gate)
        {
            into.Append(line).Append('\n');
            if (into == output)
            {
                foreach (var waiter in waiters.Where(w => w.Match(line)).ToList())
                {
                    waiters.Remove(waiter);
                    waiter.Found.TrySetResult(line);
                }
            }
        }
    }

    public static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(15_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }

        process.Dispose();
        return ValueTask.CompletedTask;
    }
}
