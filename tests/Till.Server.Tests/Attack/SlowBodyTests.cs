using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Till.Server.Tests.Support;
using Xunit.Abstractions;

namespace Till.Server.Tests.Attack;

/// <summary>
/// A body trickled in below Kestrel's minimum data rate is answered 408 in the protocol's shape, and
/// a client that resets its connection mid-body gets nothing; neither leaves an error or a stack
/// trace in the log, so a client cannot flood it.
/// </summary>
public sealed class SlowBodyTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TillServer server = null!;
    private TestShop shop = null!;
    private LogCapture logs = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync(configure: o => o with { RequestBodyGracePeriod = TimeSpan.FromSeconds(1.5) });
        shop = await server.CreateShopAsync(scopes: ["read_cash_tracking"]);
        logs = LogCapture.Attach(server);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private sealed record RawAnswer(string StatusLine, IReadOnlyDictionary<string, string> Headers, string Body);

    private static RawAnswer Parse(string raw)
    {
        var end = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        end.ShouldBeGreaterThan(0, $"no complete answer: '{raw}'");
        var lines = raw[..end].Split("\r\n");
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = raw[(end + 4)..];
        return new RawAnswer(lines[0], headers, headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding == "chunked" ? Unchunk(body) : body);
    }

    /// <summary>The content of a chunked body (chunk sizes are counted in characters: the answers are ASCII).</summary>
    private static string Unchunk(string chunked)
    {
        var content = new StringBuilder();
        var at = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = int.Parse(chunked[at..lineEnd], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return content.ToString();
            }

            content.Append(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static string Head(Uri uri, string path, string extraHeaders) =>
        $"POST {path} HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n{extraHeaders}\r\n";

    /// <summary>Sends the head of a request whose body is announced as 4,096 bytes, then one byte every 100 ms, until the server answers.</summary>
    private async Task<RawAnswer> TrickleAsync(string path, string extraHeaders)
    {
        var uri = new Uri(server.BaseUrl);
        using var client = new TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(Head(uri, path, extraHeaders)));
        var answer = ReadToEndAsync(stream);
        var clock = Stopwatch.StartNew();
        var body = Encoding.ASCII.GetBytes("{\"query\": \"{ __typename }\"" + new string(' ', 4000));
        for (var i = 0; i < body.Length && !answer.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(15); i++)
        {
            try
            {
                await stream.WriteAsync(body.AsMemory(i, 1));
            }
            catch (IOException)
            {
                break;
            }

            await Task.WhenAny(answer, Task.Delay(100));
        }

        var raw = await answer.WaitAsync(TimeSpan.FromSeconds(15));
        output.WriteLine($"{path}: answered after {clock.Elapsed.TotalSeconds:F1} s: {raw.Split("\r\n")[0]}");
        return Parse(raw);
    }

    /// <summary>Reads until the server closes the connection, which it does after refusing a body (<c>Connection: close</c>).</summary>
    private static async Task<string> ReadToEndAsync(NetworkStream stream)
    {
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // The server reset the connection after answering.
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    private void ShouldHaveLoggedNoErrors()
    {
        var entries = logs.Entries;
        entries.Where(e => e.Level >= LogLevel.Error || e.Exception is not null).ShouldBeEmpty(string.Join("\n", entries));
        // Besides the one line per request (Till.Requests), at most two.
        entries.Count(e => e.Category != "Till.Requests").ShouldBeLessThanOrEqualTo(2, string.Join("\n", entries));
    }

    [Fact]
    public async Task TrickledBody_AdminApi_Is408InItsShapeWithoutAnErrorInTheLog()
    {
        var answer = await TrickleAsync("/admin/api/2026-04/graphql.json", $"X-Shopify-Access-Token: {shop.Token}\r\n");

        answer.StatusLine.ShouldStartWith("HTTP/1.1 408");
        answer.Headers["Connection"].ShouldBe("close");
        answer.Headers.ShouldContainKey("X-Request-Id");
        answer.Headers["X-Shopify-API-Version"].ShouldBe("2026-04");
        using var json = JsonDocument.Parse(answer.Body);
        json.RootElement.GetProperty("errors")[0].GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        ShouldHaveLoggedNoErrors();
    }

    [Fact]
    public async Task TrickledBody_ControlApi_Is408InItsEnvelopeWithoutAnErrorInTheLog()
    {
        var answer = await TrickleAsync("/till/v1/shops", $"Authorization: Bearer {TillServer.AdminKeyValue}\r\n");

        answer.StatusLine.ShouldStartWith("HTTP/1.1 408");
        answer.Headers.ShouldContainKey("X-Request-Id");
        using var json = JsonDocument.Parse(answer.Body);
        json.RootElement.GetProperty("error").GetProperty("code").GetString().ShouldBe("REQUEST_TIMEOUT");
        ShouldHaveLoggedNoErrors();
    }

    [Theory]
    [InlineData("/admin/api/2026-04/graphql.json", "X-Shopify-Access-Token")]
    [InlineData("/till/v1/shops", "Authorization")]
    public async Task ResetMidBody_LeavesNoErrorInTheLog(string path, string credential)
    {
        var uri = new Uri(server.BaseUrl);
        var value = credential == "Authorization" ? "Bearer " + TillServer.AdminKeyValue : shop.Token;
        for (var i = 0; i < 5; i++)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(uri.Host, uri.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(Head(uri, path, $"{credential}: {value}\r\n") + "{\"query\": \"{ __ty"));
            await Task.Delay(100);
            client.Client.LingerState = new LingerOption(true, 0);
            client.Close();
        }

        // The server is still serving, and has had the time to finish with the reset requests.
        await Task.Delay(500);
        using var response = await server.PostGraphQLAsync(shop.Token, "{ __typename }");
        response.IsSuccessStatusCode.ShouldBeTrue();
        ShouldHaveLoggedNoErrors();
    }
}
