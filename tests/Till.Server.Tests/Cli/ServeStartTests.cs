using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Till.Server.Tests.Cli;

/// <summary>
/// `till serve` started as a user starts it (a real process, a working directory of its own): where
/// the database goes, what a failed start prints, and when the one-time secrets are shown.
/// </summary>
[Trait("Backend", "None")] // Touches no test database: the PostgreSQL pass leaves it out (scripts/test).
public sealed class ServeStartTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "till-serve-tests", Guid.NewGuid().ToString("N"));

    public ServeStartTests() => Directory.CreateDirectory(directory);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean up.
        }
    }

    private static bool IsListening(string line) => line.StartsWith("Till is listening on ", StringComparison.Ordinal);

    private static void ShouldBeOneLineWithoutTrace(int exitCode, string output, string error)
    {
        var all = $"exit {exitCode}\nstdout:\n{output}\nstderr:\n{error}";
        exitCode.ShouldNotBe(0, all);
        error.TrimEnd('\n').ShouldNotContain("\n", customMessage: "one line on stderr: " + all);
        error.ShouldStartWith("till: ", customMessage: all);
        (output + error).ShouldNotContain("   at ", customMessage: "no stack trace: " + all);
        (output + error).ShouldNotContain("Exception", customMessage: "no exception names: " + all);
    }

    [Fact]
    public async Task Serve_RelativeDatabase_IsTakenFromTheWorkingDirectoryAndPrintedInFull()
    {
        Directory.CreateDirectory(Path.Combine(directory, "data"));

        await using var serve = TillCommand.StartTill(directory, "serve", "--urls", "http://127.0.0.1:0", "--database", "data/shop.db", "--admin-key", "k", "--no-demo");
        var listening = await serve.WaitForLineAsync(IsListening, StartTimeout);

        var expected = Path.Combine(directory, "data", "shop.db");
        listening.ShouldContain($"(database: sqlite {expected})");
        File.Exists(expected).ShouldBeTrue();
    }

    [Fact]
    public async Task DotnetRun_FromAnotherDirectory_CreatesTheDatabaseThere()
    {
        // The README's command, `dotnet run --project src/Till.Server -- serve`, typed in a directory
        // of the user's: the default till.db belongs there, not in the project's folder.
        var project = Path.Combine(RepositoryRoot(), "src", "Till.Server");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var before = Directory.GetFiles(project, "till.db*");
        try
        {
            await using var run = TillCommand.Start(directory, TillCommand.DotnetHost(), "run", "--no-build", "-c", configuration, "--project", project, "--", "serve", "--urls", "http://127.0.0.1:0", "--admin-key", "k", "--no-demo");
            var listening = await run.WaitForLineAsync(IsListening, StartTimeout);

            var expected = Path.Combine(directory, "till.db");
            listening.ShouldContain($"(database: sqlite {expected})");
            File.Exists(expected).ShouldBeTrue();
            Directory.GetFiles(project, "till.db*").ShouldBe(before, "no till.db in the project's folder");
        }
        finally
        {
            foreach (var stray in Directory.GetFiles(project, "till.db*").Except(before))
            {
                File.Delete(stray);
            }
        }
    }

    [Fact]
    public async Task Serve_BusyPort_OneLineNamingTheAddressAndNoSecrets()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var (exit, output, error) = await TillCommand.RunTillAsync(directory, "serve", "--urls", url, "--database", "till.db");

        ShouldBeOneLineWithoutTrace(exit, output, error);
        error.ShouldContain(url);
        error.ShouldContain("--urls");
        output.ShouldNotContain("tilladm_", customMessage: "no secret printed by a start that failed");
        output.ShouldNotContain("shpat_", customMessage: "no secret printed by a start that failed");
    }

    [Fact]
    public async Task Serve_AfterAFailedFirstStart_TheNextStartShowsTheAdminKeyAndDemoToken()
    {
        using (var taken = new TcpListener(IPAddress.Loopback, 0))
        {
            taken.Start();
            var (exit, _, _) = await TillCommand.RunTillAsync(directory, "serve", "--urls", $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}", "--database", "till.db");
            exit.ShouldNotBe(0);
        }

        await using var serve = TillCommand.StartTill(directory, "serve", "--urls", "http://127.0.0.1:0", "--database", "till.db");
        await serve.WaitForLineAsync(l => l.TrimStart().StartsWith("BASE=", StringComparison.Ordinal), StartTimeout);

        serve.Output.ShouldContain("Admin key:    tilladm_");
        serve.Output.ShouldContain("Demo token:   shpat_");
        serve.Output.IndexOf("Admin key:", StringComparison.Ordinal).ShouldBeGreaterThan(serve.Output.IndexOf("Till is listening on", StringComparison.Ordinal), "secrets only once the server listens");
    }

    [Theory]
    [InlineData("8080")]
    [InlineData("127.0.0.1:8080")]
    [InlineData("ftp://127.0.0.1:8080")]
    public async Task Serve_UrlsThatAreNotHttpUrls_OneLineSayingHowToWriteThem(string urls)
    {
        var (exit, output, error) = await TillCommand.RunTillAsync(directory, "serve", "--urls", urls, "--database", "till.db");

        ShouldBeOneLineWithoutTrace(exit, output, error);
        exit.ShouldBe(2, "a usage error, not a crash");
        error.ShouldContain("--urls");
        error.ShouldContain("http://127.0.0.1:8080");
        File.Exists(Path.Combine(directory, "till.db")).ShouldBeFalse("nothing is done before the options are checked");
    }

    [Fact]
    public async Task Serve_UnreachablePostgresHost_OneLineNamingTheHost()
    {
        var (exit, output, error) = await TillCommand.RunTillAsync(directory, "serve", "--urls", "http://127.0.0.1:0", "--database", "postgres://till:secret@no-such-host.invalid:5432/till");

        ShouldBeOneLineWithoutTrace(exit, output, error);
        error.ShouldContain("no-such-host.invalid");
        error.ShouldNotContain("secret");
    }

    /// <summary>The checkout the tests were built from: the first folder above them holding Till.sln.</summary>
    internal static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Till.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Till.sln above {AppContext.BaseDirectory}");
    }
}
