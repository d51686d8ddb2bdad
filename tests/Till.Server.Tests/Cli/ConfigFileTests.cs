using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Till.Server.Tests.Cli;

/// <summary>
/// Settings from till.json (or --config FILE) and TILL_* variables, in a real process: the command
/// line wins over the environment, which wins over the file, which wins over the defaults.
/// </summary>
[Trait("Backend", "None")] // Touches no test database: the PostgreSQL pass leaves it out (scripts/test).
public sealed class ConfigFileTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string directory = Directory.CreateTempSubdirectory("till-config-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task Database_ComesFromTheCommandLine_ThenTheEnvironment_ThenTheFile_ThenTheDefault()
    {
        var env = new Dictionary<string, string> { ["TILL_DATABASE"] = "from-env.db" };

        (await MigrateAsync([], new Dictionary<string, string>())).ShouldContain(Path.Combine(directory, "till.db"));

        File.WriteAllText(Path.Combine(directory, "till.json"), """{ "database": "from-file.db" }""");
        (await MigrateAsync([], new Dictionary<string, string>())).ShouldContain(Path.Combine(directory, "from-file.db"));
        (await MigrateAsync([], env)).ShouldContain(Path.Combine(directory, "from-env.db"));
        (await MigrateAsync(["--database", "from-cli.db"], env)).ShouldContain(Path.Combine(directory, "from-cli.db"));

        // --config names another file, which then takes the place of till.json.
        File.WriteAllText(Path.Combine(directory, "other.json"), """{ "database": "from-other.db" }""");
        (await MigrateAsync(["--config", "other.json"], new Dictionary<string, string>())).ShouldContain(Path.Combine(directory, "from-other.db"));
        (await MigrateAsync([], new Dictionary<string, string> { ["TILL_CONFIG"] = "other.json" })).ShouldContain(Path.Combine(directory, "from-other.db"));
    }

    [Fact]
    public async Task Serve_TakesEverySettingFromTheFile_AndTheEnvironmentOverridesOne()
    {
        var filePort = FreePort();
        File.WriteAllText(Path.Combine(directory, "till.json"), $$"""
            {
              // Comments and a trailing comma are allowed.
              "urls": "http://127.0.0.1:{{filePort}}",
              "database": "served.db",
              "admin-key": "key-from-file",
              "no-demo": true,
              "throttle-maximum": 50,
              "log-format": "json",
            }
            """);
        await using var serve = TillCommand.StartTillWith(directory, new Dictionary<string, string> { ["TILL_ADMIN_KEY"] = "key-from-env" }, "serve");
        var listening = await serve.WaitForLineAsync(l => l.StartsWith("Till is listening on ", StringComparison.Ordinal), StartTimeout);
        listening.ShouldContain($"http://127.0.0.1:{filePort}");
        listening.ShouldContain(Path.Combine(directory, "served.db"));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{filePort}") };
        (await ShopsStatusAsync(http, "key-from-env")).ShouldBe(HttpStatusCode.OK);
        (await ShopsStatusAsync(http, "key-from-file")).ShouldBe(HttpStatusCode.Unauthorized);

        // no-demo from the file: the new database has no shop, so no demo token was printed.
        serve.Output.ShouldNotContain("shpat_");

        // log-format from the file: the request lines are JSON.
        await serve.WaitForLineAsync(l => l.StartsWith('{') && l.Contains("Till.Requests", StringComparison.Ordinal), StartTimeout);
    }

    [Fact]
    public async Task UnknownSettingInTheFile_IsAUsageError()
    {
        File.WriteAllText(Path.Combine(directory, "till.json"), """{ "databse": "typo.db" }""");
        var (exit, _, error) = await TillCommand.RunTillAsync(directory, "migrate");
        exit.ShouldBe(2);
        error.ShouldContain("unknown setting 'databse'");

        var (missingExit, _, missing) = await TillCommand.RunTillAsync(directory, "migrate", "--config", "nowhere.json");
        missingExit.ShouldBe(2);
        missing.ShouldContain("nowhere.json does not exist");
    }

    private async Task<string> MigrateAsync(string[] args, Dictionary<string, string> environment)
    {
        await using var command = TillCommand.StartTillWith(directory, environment, ["migrate", .. args]);
        var exit = await command.WaitForExitAsync(StartTimeout);
        exit.ShouldBe(0, command.Error);
        return command.Output;
    }

    private static async Task<HttpStatusCode> ShopsStatusAsync(HttpClient http, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/till/v1/shops") { Content = new StringContent("""{"name":"S","currency":"USD"}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.Created ? HttpStatusCode.OK : response.StatusCode;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
