using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Till.Testing;

namespace Till.Server.Tests.Cli;

/// <summary>
/// README.md's "A session from open to close with curl", done as a reader does it: start `till
/// serve` on a new database, check the token with the curl the banner printed, put the banner's
/// TOKEN=, ADMIN_KEY= and BASE= lines in place of the block's first three, run the block with bash,
/// and compare every answer with the `# =>` line the README shows under its step.
/// </summary>
public sealed class ReadmeWalkthroughTests
{
    private const string Heading = "## A session from open to close with curl";

    [Fact]
    public async Task ReadmeWalkthrough_OnANewDatabase_AnswersWhatTheReadmeShows()
    {
        var script = WalkthroughBlock(await File.ReadAllTextAsync(Path.Combine(ServeStartTests.RepositoryRoot(), "README.md")));
        var expected = script.Where(l => l.StartsWith("# => ", StringComparison.Ordinal)).Select(l => l["# => ".Length..]).ToList();
        expected.Count.ShouldBe(5, "the README's walkthrough shows the answers of open, sale, adjust, count and close");

        await using var database = await TestDatabase.CreateAsync();
        await using var serve = TillCommand.StartTill(database.Directory, "serve", "--urls", $"http://127.0.0.1:{FreePort()}", "--database", database.Url);
        var baseLine = await serve.WaitForLineAsync(l => l.StartsWith("  BASE=", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var banner = serve.Output.Split('\n');

        // The banner's own curl: the token works, and there is no session yet.
        var check = banner.SkipWhile(l => !l.StartsWith("Check the token", StringComparison.Ordinal)).Skip(1).First();
        check.ShouldStartWith("  curl -s ");
        var device = JsonNode.Parse(await BashAsync(check, database.Directory))!;
        device["errors"].ShouldBeNull(device.ToJsonString());
        device["data"]!["pointOfSaleDevice"]!["cashDrawer"]!["name"]!.GetValue<string>().ShouldBe("Front drawer");
        device["data"]!["pointOfSaleDevice"]!["activePaymentSession"].ShouldBeNull();

        // The reader's paste: the banner's three lines in place of the block's.
        var pasted = banner.SkipWhile(l => !l.StartsWith("To follow README.md", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        pasted.Select(l => l.Split('=')[0]).ShouldBe(["TOKEN", "ADMIN_KEY", "BASE"]);
        pasted[2].ShouldBe(baseLine.Trim());
        script.Take(3).Select(l => l.Split('=')[0]).ShouldBe(["TOKEN", "ADMIN_KEY", "BASE"], "the block starts with the three lines the banner prints");
        var answers = (await BashAsync(string.Join('\n', pasted.Concat(script.Skip(3))), database.Directory))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);

        answers.Length.ShouldBe(expected.Count, string.Join('\n', answers));
        for (var step = 0; step < expected.Count; step++)
        {
            var answer = JsonNode.Parse(answers[step])!.AsObject();
            var shown = JsonNode.Parse(expected[step])!.AsObject();
            answer["errors"].ShouldBeNull($"step {step + 1}: {answers[step]}");
            UserErrors(answer).ShouldBeEmpty($"step {step + 1}: {answers[step]}");
            foreach (var (name, value) in shown)
            {
                JsonNode.DeepEquals(answer[name], value).ShouldBeTrue($"step {step + 1}: the README shows {expected[step]}\nTill answered {answers[step]}");
            }
        }
    }

    /// <summary>The code lines (indented four spaces) between the walkthrough's heading and the next heading.</summary>
    private static List<string> WalkthroughBlock(string readme)
    {
        var lines = readme.ReplaceLineEndings("\n").Split('\n');
        var start = Array.IndexOf(lines, Heading);
        start.ShouldBeGreaterThanOrEqualTo(0, $"README.md has the heading '{Heading}'");
        return lines.Skip(start + 1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => l.StartsWith("    ", StringComparison.Ordinal))
            .Select(l => l[4..])
            .ToList();
    }

    private static IEnumerable<string> UserErrors(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "userErrors" && p.Value is JsonArray { Count: > 0 } errors ? [errors.ToJsonString()] : UserErrors(p.Value)),
        JsonArray a => a.SelectMany(UserErrors),
        _ => [],
    };

    private static async Task<string> BashAsync(string script, string workingDirectory)
    {
        await using var bash = TillCommand.Start(workingDirectory, "bash", "-c", script);
        var exit = await bash.WaitForExitAsync(TimeSpan.FromSeconds(60));
        exit.ShouldBe(0, $"bash: {bash.Error}");
        bash.Error.ShouldBeEmpty();
        return bash.Output;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
