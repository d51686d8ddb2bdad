using System.Diagnostics;
using System.Globalization;
using System.Net;
using Till.Server.Cli;
using Till.Server.Tests.Support;
using Xunit.Abstractions;

namespace Till.Server.Tests.Attack;

/// <summary>
/// Two Till servers on one database (SQLite file or PostgreSQL): <c>till admin-key rotate</c> run
/// against that database makes the new key work, and the old one stop working, on both within one
/// second, without a restart.
/// </summary>
public sealed class AdminKeyRotationTests(ITestOutputHelper output)
{
    private static async Task<HttpStatusCode> StatusAsync(TillServer node, string key)
    {
        // An empty shop is refused as INVALID (422) once the key is accepted: nothing is written.
        using var response = await node.ControlAsync(HttpMethod.Post, "/shops", new { }, adminKey: key);
        return response.StatusCode;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await CommandLine.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Rotate_TakesEffectOnEveryNodeWithinOneSecond()
    {
        await using var first = await TillServer.StartAsync();
        var second = await TillServer.StartAsync(reuse: first.Database);
        try
        {
            const string old = TillServer.AdminKeyValue;
            (await StatusAsync(first, old)).ShouldBe(HttpStatusCode.UnprocessableEntity);
            (await StatusAsync(second, old)).ShouldBe(HttpStatusCode.UnprocessableEntity);

            var clock = Stopwatch.StartNew();
            var (exit, printed, error) = await RunAsync("admin-key", "rotate", "--database", first.DatabasePath);
            exit.ShouldBe(0, error);
            var key = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ShouldHaveSingleItem();
            key.ShouldStartWith("tilladm_");
            var rotatedAt = clock.Elapsed;

            var switched = new TimeSpan[2];
            TillServer[] nodes = [first, second];
            for (var n = 0; n < nodes.Length; n++)
            {
                while (clock.Elapsed < rotatedAt + TimeSpan.FromSeconds(3)
                    && (await StatusAsync(nodes[n], key) != HttpStatusCode.UnprocessableEntity || await StatusAsync(nodes[n], old) != HttpStatusCode.Unauthorized))
                {
                    await Task.Delay(10);
                }

                switched[n] = clock.Elapsed - rotatedAt;
            }

            output.WriteLine($"rotation seen by the nodes {switched[0].TotalMilliseconds:F0} ms and {switched[1].TotalMilliseconds:F0} ms after it was committed");
            foreach (var node in nodes)
            {
                (await StatusAsync(node, key)).ShouldBe(HttpStatusCode.UnprocessableEntity, "the new key works");
                (await StatusAsync(node, old)).ShouldBe(HttpStatusCode.Unauthorized, "the old key is refused");
            }

            switched.Max().ShouldBeLessThan(TimeSpan.FromSeconds(1));

            // A second rotation revokes the first rotated key the same way.
            var (again, next, _) = await RunAsync("admin-key", "rotate", "--database", first.DatabasePath);
            again.ShouldBe(0);
            var newest = next.Trim();
            newest.ShouldNotBe(key);
            await Task.Delay(TimeSpan.FromSeconds(1));
            foreach (var node in nodes)
            {
                (await StatusAsync(node, key)).ShouldBe(HttpStatusCode.Unauthorized);
                (await StatusAsync(node, newest)).ShouldBe(HttpStatusCode.UnprocessableEntity);
            }
        }
        finally
        {
            await second.StopKeepingDatabaseAsync();
        }
    }

    [Fact]
    public async Task Rotate_OnAFreshDatabase_PrintsOneKey()
    {
        await using var database = await Till.Testing.TestDatabase.CreateAsync();

        var (exit, printed, error) = await RunAsync("admin-key", "rotate", "--database", database.Url);

        exit.ShouldBe(0, error);
        printed.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldHaveSingleItem().Trim().ShouldMatch("^tilladm_[0-9a-f]{40}$");
        (await RunAsync("admin-key", "rotate", "--bogus")).Exit.ShouldBe(2);
    }
}
