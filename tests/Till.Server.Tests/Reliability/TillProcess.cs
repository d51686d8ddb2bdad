using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Till.Server.Tests.Reliability;

/// <summary>
/// A real Till server process: <c>dotnet Till.Server.dll serve</c> from the test's output folder, on
/// a fixed loopback port and a given database. It can be killed (SIGKILL, whole process tree) and
/// started again on the same port and database.
/// </summary>
internal sealed class TillProcess : IAsyncDisposable
{
    public const string AdminKey = "reliability-admin-key";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45);
    private readonly string database;
    private readonly string[] extraArgs;
    private readonly IReadOnlyDictionary<string, string> environment;
    private readonly Queue<string> tail = new();
    private readonly List<string> lines = [];
    private readonly Lock tailLock = new();
    private readonly HttpClient probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private Process? process;

    private TillProcess(string database, int port, string[] extraArgs, IReadOnlyDictionary<string, string>? environment = null)
    {
        this.environment = environment ?? new Dictionary<string, string>();
        this.database = database;
        Port = port;
        this.extraArgs = extraArgs;
    }

    public int Port { get; }

    public string BaseUrl => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    /// <summary>How many times the process was started.</summary>
    public int Starts { get; private set; }

    public bool IsRunning
    {
        get
        {
            try
            {
                return process is { HasExited: false };
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>The folder holding the server build the test project copies next to its own (Till.Server.dll and its runtimeconfig).</summary>
    public static string ServerDll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "Till.Server.dll");
            File.Exists(dll).ShouldBeTrue($"{dll} is missing: the test project references src/Till.Server, whose build output should be copied next to the tests.");
            File.Exists(Path.Combine(AppContext.BaseDirectory, "Till.Server.runtimeconfig.json")).ShouldBeTrue("Till.Server.runtimeconfig.json is missing next to the tests.");
            return dll;
        }
    }

    /// <summary>Starts a server on <paramref name="database"/> (a SQLite path or postgres:// URL) and waits until it is healthy.</summary>
    public static async Task<TillProcess> StartAsync(string database, int? port = null, params string[] extraArgs)
    {
        var server = new TillProcess(database, port ?? FreePort(), extraArgs);
        try
        {
            await server.StartAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Starts a server with extra environment variables (TILL_BULK_* or TILL_WEBHOOK_* settings, say) and waits until it is healthy.</summary>
    public static async Task<TillProcess> StartAsync(string database, IReadOnlyDictionary<string, string> environment, int? port = null)
    {
        var server = new TillProcess(database, port ?? FreePort(), [], environment);
        try
        {
            await server.StartAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts the process (again) and waits for <c>GET /till/v1/health</c> to answer 200.</summary>
    public async Task StartAsync()
    {
        IsRunning.ShouldBeFalse("the server is already running");
        var info = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in new[] { ServerDll, "serve", "--urls", BaseUrl, "--database", database, "--admin-key", AdminKey, "--no-demo" }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "TILL_URLS", "TILL_DATABASE", "TILL_ADMIN_KEY", "TILL_THROTTLE_MAXIMUM", "TILL_THROTTLE_RESTORE_RATE", "TILL_NO_DEMO", "TILL_LOG_FORMAT", "TILL_NO_REQUEST_LOG", "TILL_CONFIG" })
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var started = new Process { StartInfo = info };
        started.OutputDataReceived += (_, e) => Remember(e.Data);
        started.ErrorDataReceived += (_, e) => Remember(e.Data);
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        var previous = process;
        process = started;
        previous?.Dispose();
        Starts++;

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (started.HasExited)
            {
                throw new InvalidOperationException($"Till exited with {started.ExitCode} before it was healthy:\n{OutputTail()}");
            }

            if (await IsHealthyAsync())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Till was not healthy within {StartTimeout.TotalSeconds} s:\n{OutputTail()}");
    }

    /// <summary>True when the health endpoint answers 200 now.</summary>
    public async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await probe.GetAsync(new Uri(BaseUrl + "/till/v1/health"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// After a request lost its connection: waits until the process has either exited (true) or
    /// answers its health check (false). A process that crashes may take a moment to exit after
    /// it stopped accepting connections.
    /// </summary>
    public async Task<bool> DiedAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (!IsRunning)
            {
                return true;
            }

            if (await IsHealthyAsync())
            {
                return false;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the server neither answers nor exits:\n" + OutputTail());
    }

    /// <summary>Kills the process and everything it started (SIGKILL on Unix) and waits for it to be gone.</summary>
    public void Kill()
    {
        if (process is null || process.HasExited)
        {
            return;
        }

        process.Kill(entireProcessTree: true);
        process.WaitForExit(15_000).ShouldBeTrue("the killed server did not exit within 15 s");
    }

    public async Task RestartAsync()
    {
        Kill();
        await StartAsync();
    }

    /// <summary>Every line the process wrote (stdout and stderr, up to 100,000), for tests that read its log.</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (tailLock)
        {
            return [.. lines];
        }
    }

    /// <summary>The last lines the process wrote (stdout and stderr), for failure messages.</summary>
    public string OutputTail()
    {
        lock (tailLock)
        {
            return string.Join('\n', tail);
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }

        process?.Dispose();
        probe.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (tailLock)
        {
            if (lines.Count < 100_000)
            {
                lines.Add(line);
            }

            tail.Enqueue(line.Length > 2000 ? line[..2000] + " [...]" : line);
            while (tail.Count > 60)
            {
                tail.Dequeue();
            }
        }
    }

    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }
}
