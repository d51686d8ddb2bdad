using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Till.Server.Tests.Reliability;

/// <summary>
/// Throws generated garbage and edge cases at a real Till process and checks that every answer is
/// one the protocol allows: no 5xx, JSON in the documented shape, no internals, and the process
/// alive throughout. Fixed seed, so a failure names a request that can be replayed.
/// </summary>
[Collection(ReliabilityGroup.Name)]
public sealed class FuzzTests(FuzzServer server, ITestOutputHelper output) : IClassFixture<FuzzServer>
{
    private const int Seed = 424_242;
    private const int Requests = 10_000;
    private const int Workers = 6;
    private const int MaxDeaths = 8;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The whole run stops here whatever happens (it takes 10-30 s when the server is healthy).</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    /// <summary>Text that would reveal internals: stack frames, exception type names, source paths, driver names, table names.</summary>
    private static readonly string[] ThrottleFields = ["maximumAvailable", "currentlyAvailable", "restoreRate"];

    private static readonly string[] Internals = ["   at ", "Exception", "/work/", "Npgsql", "Sqlite", "SQLite", "cash_activities", "payment_sessions", "System.", ".cs:line"];

    [Fact]
    public async Task TenThousandGeneratedRequests_NoServerErrorNoLeakAlwaysTheProtocolShape_AndTheLedgerStaysBalanced()
    {
        await server.EnsureRunningAsync();
        var requests = new FuzzCases(Seed, FuzzSchema.Load(), server.World).Generate(Requests);
        requests.Count.ShouldBe(Requests);

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2) }) { BaseAddress = new Uri(server.Process.BaseUrl), Timeout = RequestTimeout };
        var failures = new ConcurrentQueue<(string Kind, string Detail)>();
        var statuses = new ConcurrentDictionary<int, int>();
        var categories = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var inFlight = new ConcurrentDictionary<int, FuzzRequest>();
        var deaths = 0;
        var earlyCloses = 0;
        var resent = 0;
        var slowest = (Took: TimeSpan.Zero, Request: string.Empty);
        var slowestLock = new Lock();
        using var restart = new SemaphoreSlim(1, 1);
        var next = -1;
        var clock = Stopwatch.StartNew();

        async Task WorkAsync()
        {
            while (Volatile.Read(ref deaths) < MaxDeaths && clock.Elapsed < Deadline)
            {
                var index = Interlocked.Increment(ref next);
                if (index >= requests.Count)
                {
                    return;
                }

                var request = requests[index];
                categories.AddOrUpdate(request.Category, 1, (_, n) => n + 1);
                for (var attempt = 0; attempt < 2 && !await SendOnceAsync(index, request); attempt++)
                {
                    // Lost with a process that another request killed: sent once more to the restarted one.
                    Interlocked.Increment(ref resent);
                }
            }
        }

        // Sends one request and checks its answer; false when it was lost with a process that died under another request.
        async Task<bool> SendOnceAsync(int index, FuzzRequest request)
        {
            // Never send into a restart.
            await restart.WaitAsync();
            restart.Release();
            inFlight[index] = request;
            var generation = server.Process.Starts;
            var started = Stopwatch.StartNew();
            try
            {
                var (status, text) = await SendAsync(request.Body.Length > FuzzCases.MiB ? null : http, request);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (Check(request, status, text) is { } problem)
                {
                    failures.Enqueue((problem.Kind, $"{problem.Detail}\n    request {request.Describe()}\n    answer HTTP {status}: {Excerpt(text)}"));
                }
            }
            catch (TaskCanceledException)
            {
                failures.Enqueue(("no answer", $"no answer within {RequestTimeout.TotalSeconds} s\n    request {request.Describe()}"));
            }
            catch (HttpRequestException e)
            {
                if (request.Body.Length > FuzzCases.MiB && !await server.Process.DiedAsync())
                {
                    // The server answered before reading a body it refused, and closed the connection under the upload.
                    Interlocked.Increment(ref earlyCloses);
                    return true;
                }

                await restart.WaitAsync();
                try
                {
                    if (server.Process.Starts != generation)
                    {
                        return false;
                    }

                    if (await server.Process.DiedAsync())
                    {
                        Interlocked.Increment(ref deaths);
                        failures.Enqueue(("process died", $"the process died while serving [{string.Join(" | ", inFlight.Values.Select(r => r.Describe()))}]\n    its last output: {Excerpt(server.Process.OutputTail())}"));
                        await server.Process.StartAsync();
                    }
                    else
                    {
                        failures.Enqueue(("connection", $"{Messages(e)}\n    request {request.Describe()}\n    in flight: [{string.Join(" | ", inFlight.Values.Where(r => r != request).Select(r => r.Describe()[..Math.Min(100, r.Describe().Length)]))}]"));
                    }
                }
                finally
                {
                    restart.Release();
                }
            }
            finally
            {
                inFlight.TryRemove(index, out _);
                lock (slowestLock)
                {
                    if (started.Elapsed > slowest.Took)
                    {
                        slowest = (started.Elapsed, request.Describe()[..Math.Min(160, request.Describe().Length)]);
                    }
                }
            }

            return true;
        }

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkAsync)));
        var elapsed = clock.Elapsed;
        await server.EnsureRunningAsync();

        var ledger = await LedgerAudit.LoadAsync(server.Database);
        var violations = ledger.Violations();
        var unbalanced = await LedgerAudit.UnbalancedDrawersAsync(server.Database);

        var sent = Math.Min(next, requests.Count);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fuzz [{(server.Database.IsPostgres ? "postgres" : "sqlite")}]: seed {Seed}, {sent} requests sent in {elapsed.TotalSeconds:0.0} s ({sent / elapsed.TotalSeconds:0} per second, {Workers} at a time), " +
            $"{failures.Count} failures, {deaths} process deaths ({resent} requests lost with them and sent again), {earlyCloses} connections closed under an oversized upload; slowest {slowest.Took.TotalMilliseconds:0} ms: {slowest.Request}"));
        output.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}")));
        output.WriteLine("categories: " + string.Join(", ", categories.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}")));
        output.WriteLine($"ledger afterwards: {ledger.Sessions.Count} sessions, {ledger.Activities.Count} activities, {ledger.Drawers.Count} drawers, {violations.Count} violations, {unbalanced.Count} unbalanced drawers");
        var summary = Summarise(failures);
        output.WriteLine(summary);

        deaths.ShouldBe(0, summary);
        failures.ShouldBeEmpty(summary);
        sent.ShouldBe(Requests);
        violations.ShouldBeEmpty(string.Join("\n", violations.Take(20)));
        unbalanced.ShouldBeEmpty("drawers whose balance is not the sum of their activities");
    }

    [Fact]
    public async Task CyclicFragmentSpreads_AreRefusedAsInvalid_AndTheProcessStaysUp()
    {
        await server.EnsureRunningAsync();
        string[] documents =
        [
            "query { ...A } fragment A on QueryRoot { ...B } fragment B on QueryRoot { ...A }",
            "query { ...A } fragment A on QueryRoot { __typename ...A }",
            "query { cashDrawers(first: 1) { nodes { ...D } } } fragment D on CashDrawer { id location { id } ...D }",
        ];
        var problems = new List<string>();
        foreach (var document in documents)
        {
            try
            {
                var reply = await server.Wire.GraphQLAsync(server.World.Shops[0].Shop.Token, document);
                if (reply.Status != 200 || !reply.Body.TryGetProperty("errors", out _) || reply.Body.TryGetProperty("data", out _))
                {
                    problems.Add($"{document}: expected a validation error without data, got {reply}");
                }
            }
            catch (HttpRequestException e)
            {
                problems.Add($"{document}: {e.Message}; the process {(await server.Process.DiedAsync() ? "died" : "is running")}: {Excerpt(server.Process.OutputTail())}");
                await server.EnsureRunningAsync();
            }
        }

        problems.ShouldBeEmpty(string.Join("\n", problems));
        (await server.Process.IsHealthyAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task FragmentFanOut_TenSpreadsEightLevelsDeep_IsAnsweredWithinFiveSeconds()
    {
        await server.EnsureRunningAsync();

        // 1 KB of text that names __typename 10^8 times once every spread is expanded.
        const int levels = 8;
        var fragments = string.Join(' ', Enumerable.Range(0, levels).Select(i => $"fragment F{i} on QueryRoot {{ {string.Join(' ', Enumerable.Repeat($"...F{i + 1}", 10))} }}"));
        var document = $"query {{ ...F0 }} {fragments} fragment F{levels} on QueryRoot {{ __typename }}";
        using var http = new HttpClient { BaseAddress = new Uri(server.Process.BaseUrl), Timeout = TimeSpan.FromSeconds(6) };
        var clock = Stopwatch.StartNew();
        string? answer = null;
        try
        {
            using var content = new StringContent(JsonSerializer.Serialize(new { query = document }), Encoding.UTF8, "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/api/2026-04/graphql.json") { Content = content };
            request.Headers.Add("X-Shopify-Access-Token", server.World.Shops[0].Shop.Token);
            using var response = await http.SendAsync(request);
            answer = $"HTTP {(int)response.StatusCode}: {Excerpt(await response.Content.ReadAsStringAsync())}";
        }
        catch (TaskCanceledException)
        {
            // Still computing: free the CPU for the other tests.
            await server.Process.RestartAsync();
        }

        var took = clock.Elapsed;
        output.WriteLine($"fragment fan-out ({document.Length} characters): {(answer is null ? "no answer" : answer)} after {took.TotalMilliseconds:0} ms");
        took.ShouldBeLessThan(TimeSpan.FromSeconds(5), $"a {document.Length}-character document must not occupy the server for {took.TotalSeconds:0.0} s or more ({answer ?? "no answer within 6 s"})");
    }

    [Fact]
    public async Task DeeplyNestedDocuments_AreRefusedAsClientErrors_NeverRunForFreeOrAsInternalErrors()
    {
        await server.EnsureRunningAsync();
        var shop = server.World.Shops[0];
        var device = shop.Ids["PointOfSaleDevice"][0];
        var problems = new List<string>();

        // 50 MAX_COST-sized connections plus one valid branch nested 20 levels deep (device -> session -> device ...).
        var expensive = string.Join(' ', Enumerable.Range(0, 50).Select(i => $"a{i}: cashDrawers(first: 250) {{ nodes {{ id name location {{ id }} }} }}"));
        var deep = $"deep: pointOfSaleDevice(id: \"{device}\") {{ " + string.Concat(Enumerable.Repeat("activePaymentSession { pointOfSaleDevice { ", 20)) + "id" + string.Concat(Enumerable.Repeat(" } }", 20)) + " }";
        var reply = await server.Wire.GraphQLAsync(shop.Shop.Token, $"{{ {expensive} {deep} }}");
        var cost = reply.Body.GetProperty("extensions").GetProperty("cost");
        output.WriteLine($"expensive + 40 levels deep: HTTP {reply.Status}, requestedQueryCost {cost.GetProperty("requestedQueryCost")}, errors {(reply.Body.TryGetProperty("errors", out var e) ? e.ToString() : "none")}");
        if (reply.Body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
        {
            problems.Add($"a document costing more than 1000 ran because it also nests deeply (requestedQueryCost {cost.GetProperty("requestedQueryCost")}): {Excerpt(reply.Text)}");
        }

        // Nesting far beyond any limit, in selections, list values and braces.
        foreach (var (name, document) in new[]
        {
            ("100 nested selections", "{" + string.Concat(Enumerable.Repeat("a{", 100)) + "b" + new string('}', 101)),
            ("500 nested selections", "{" + string.Concat(Enumerable.Repeat("a{", 500)) + "b" + new string('}', 501)),
            ("500 nested braces", new string('{', 500) + new string('}', 500)),
            ("500 nested list values", "{ node(id: " + new string('[', 500) + "1" + new string(']', 500) + ") { id } }"),
        })
        {
            var answer = await server.Wire.GraphQLAsync(shop.Shop.Token, document);
            var codes = answer.Body.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                ? errors.EnumerateArray().Select(x => x.TryGetProperty("extensions", out var ext) && ext.TryGetProperty("code", out var c) ? c.GetString() : null).ToList()
                : [];
            output.WriteLine($"{name}: HTTP {answer.Status}, codes [{string.Join(", ", codes)}]");
            if (answer.Status != 200 || codes.Count == 0 || codes.Contains("INTERNAL_SERVER_ERROR") || answer.Body.TryGetProperty("data", out _))
            {
                problems.Add($"{name}: expected a parse error, got {answer}");
            }
        }

        problems.ShouldBeEmpty(string.Join("\n", problems));
    }

    [Fact]
    public async Task Limits_BodySizeListSizeAndAliases_AreAnsweredInTheProtocolShape()
    {
        await server.EnsureRunningAsync();
        var token = server.World.Shops[0].Shop.Token;
        using var http = new HttpClient { BaseAddress = new Uri(server.Process.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };

        async Task<(int Status, string Text, TimeSpan Took)> PostAsync(byte[] body)
        {
            var clock = Stopwatch.StartNew();
            var (status, text) = await SendAsync(http, new FuzzRequest(0, "limits", false, "/admin/api/2026-04/graphql.json", token, body));
            return (status, text, clock.Elapsed);
        }

        static byte[] Padded(int size)
        {
            var head = "{\"query\": \"{ __typename }\", \"variables\": {\"x\": \""u8.ToArray();
            var tail = "\"}}"u8.ToArray();
            return [.. head, .. Enumerable.Repeat((byte)'z', size - head.Length - tail.Length), .. tail];
        }

        var atLimit = await PostAsync(Padded(FuzzCases.MiB));
        atLimit.Status.ShouldBe(200, atLimit.Text);
        var overLimit = await PostAsync(Padded(FuzzCases.MiB + 1));
        overLimit.Status.ShouldBe(413, overLimit.Text);
        Check(new FuzzRequest(0, "limits", false, "/admin/api/2026-04/graphql.json", token, []), overLimit.Status, overLimit.Text).ShouldBeNull(overLimit.Text);

        var ids = Enumerable.Range(1, 251).Select(i => $"gid://shopify/CashDrawer/{i}").ToArray();
        var allowed = await server.Wire.GraphQLAsync(token, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids = ids[..250] });
        allowed.Body.GetProperty("data").GetProperty("nodes").GetArrayLength().ShouldBe(250, allowed.ToString());
        var refused = await server.Wire.GraphQLAsync(token, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids });
        refused.Body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("MAX_INPUT_SIZE_EXCEEDED", refused.ToString());

        var aliases = await PostAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { query = "{ " + string.Join(' ', Enumerable.Range(0, 10_000).Select(i => $"a{i}: __typename")) + " }" })));
        aliases.Status.ShouldBe(200);
        var search = await PostAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { query = "{ cashDrawers(first: 1, query: \"" + new string('x', FuzzCases.MiB - 100) + "\") { nodes { id } } }" })));
        search.Status.ShouldBe(200);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"limits: body of exactly 1 MiB -> {atLimit.Status} in {atLimit.Took.TotalMilliseconds:0} ms; 1 MiB + 1 byte -> {overLimit.Status} {overLimit.Text}; " +
            $"nodes(ids:) 250 -> answered, 251 -> MAX_INPUT_SIZE_EXCEEDED; 10,000 aliases of __typename -> {aliases.Status} in {aliases.Took.TotalMilliseconds:0} ms ({aliases.Text.Length} bytes); " +
            $"a 1 MiB search string -> {search.Status} in {search.Took.TotalMilliseconds:0} ms"));
        aliases.Took.ShouldBeLessThan(TimeSpan.FromSeconds(10));

        // A body over what Kestrel will drain (2 MiB): the 413 must either announce that the connection
        // closes, or the connection must stay usable. A kept-alive client must not lose its next request.
        var (head, next) = await KeepAliveProbeAsync(server.Process.Port, token, (2 * FuzzCases.MiB) + 1);
        var announced = head.Split("\r\n").Any(l => l.Equals("Connection: close", StringComparison.OrdinalIgnoreCase));
        output.WriteLine($"a 2 MiB + 1 byte body on a kept-alive connection -> {head.Split("\r\n")[0]}{(announced ? " with Connection: close" : " without Connection: close")}; the next request on that connection -> {next}");
        (announced || next.StartsWith("HTTP/1.1 200", StringComparison.Ordinal)).ShouldBeTrue(
            "after a 413 for a body it will not drain, the server must send Connection: close or keep the connection usable; it closed it silently, so a kept-alive client loses its next request");
    }

    /// <summary>
    /// On one raw TCP connection: a request with a body of <paramref name="size"/> bytes, then a small
    /// one. Returns the first response's status line and headers, and what became of the second request.
    /// </summary>
    private static async Task<(string Head, string Next)> KeepAliveProbeAsync(int port, string token, int size)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        stream.ReadTimeout = 10_000;
        string Request(int length) => $"POST /admin/api/2026-04/graphql.json HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nX-Shopify-Access-Token: {token}\r\nContent-Length: {length}\r\n\r\n";
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(Request(size)));
            var filler = new byte[64 * 1024];
            filler.AsSpan().Fill((byte)' ');
            for (var sent = 0; sent < size; sent += filler.Length)
            {
                await stream.WriteAsync(filler.AsMemory(0, Math.Min(filler.Length, size - sent)));
            }
        }
        catch (IOException)
        {
            // The server may answer and stop reading before the body is sent; its answer is still readable.
        }

        var first = await ReadResponseAsync(stream);
        if (first is null)
        {
            return ("(no response)", "(not sent)");
        }

        try
        {
            var small = "{\"query\": \"{ __typename }\"}"u8.ToArray();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(Request(small.Length)));
            await stream.WriteAsync(small);
            var second = await ReadResponseAsync(stream);
            return (first, second is null ? "the connection was closed without an answer" : second.Split("\r\n")[0]);
        }
        catch (IOException e)
        {
            return (first, "the connection was closed: " + e.Message);
        }
    }

    /// <summary>Reads one HTTP/1.1 response (its head, then a Content-Length or chunked body); returns its head, or null when the connection ends first.</summary>
    private static async Task<string?> ReadResponseAsync(Stream stream)
    {
        try
        {
            var head = await ReadLineAsync(stream, untilBlankLine: true);
            if (head is null)
            {
                return null;
            }

            var lines = head.Split("\r\n");
            if (lines.Any(l => l.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase)))
            {
                while (true)
                {
                    var sizeLine = await ReadLineAsync(stream, untilBlankLine: false);
                    if (sizeLine is null)
                    {
                        return null;
                    }

                    var size = int.Parse(sizeLine.Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    if (!await SkipAsync(stream, size + 2))
                    {
                        return null;
                    }

                    if (size == 0)
                    {
                        return head;
                    }
                }
            }

            var length = lines.Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).Select(l => int.Parse(l["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
            return await SkipAsync(stream, length) ? head : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<string?> ReadLineAsync(Stream stream, bool untilBlankLine)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        var end = untilBlankLine ? "\r\n\r\n"u8.ToArray() : "\r\n"u8.ToArray();
        while (buffer.Count < end.Length || !buffer.Skip(buffer.Count - end.Length).SequenceEqual(end))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            buffer.Add(one[0]);
        }

        return Encoding.ASCII.GetString(buffer.ToArray(), 0, buffer.Count - end.Length);
    }

    private static async Task<bool> SkipAsync(Stream stream, int count)
    {
        var buffer = new byte[Math.Max(1, count)];
        var read = 0;
        while (read < count)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read, count - read));
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    /// <summary>
    /// Sends one request. Oversized bodies go on a connection of their own (<paramref name="http"/>
    /// null), so that what the server does with that connection afterwards cannot be blamed on the
    /// next request; <see cref="Limits_BodySizeListSizeAndAliases_AreAnsweredInTheProtocolShape"/> checks it.
    /// </summary>
    private async Task<(int Status, string Text)> SendAsync(HttpClient? http, FuzzRequest request)
    {
        using var own = http is null ? new HttpClient { BaseAddress = new Uri(server.Process.BaseUrl), Timeout = RequestTimeout } : null;
        http ??= own!;
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Path);
        var content = new ByteArrayContent(request.Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Content = content;
        if (request.Chunked)
        {
            message.Headers.TransferEncodingChunked = true;
        }

        if (request.Control)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TillProcess.AdminKey);
        }
        else if (request.Token is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Shopify-Access-Token", request.Token);
        }

        using var response = await http.SendAsync(message);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>What is wrong with an answer, or null when it is one the protocol allows.</summary>
    private static (string Kind, string Detail)? Check(FuzzRequest request, int status, string text)
    {
        if (status >= 500)
        {
            return ("5xx", $"HTTP {status}");
        }

        var requestText = Encoding.UTF8.GetString(request.Body);
        foreach (var secret in Internals)
        {
            if (text.Contains(secret, StringComparison.Ordinal) && !requestText.Contains(secret, StringComparison.Ordinal))
            {
                return ("internals", $"the answer contains \"{secret}\"");
            }
        }

        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 512 });
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return ("not JSON", "the answer is not JSON");
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return ("shape", "the answer is not a JSON object");
        }

        return request.Control ? CheckControl(status, body) : CheckAdmin(status, body);
    }

    private static (string Kind, string Detail)? CheckAdmin(int status, JsonElement body)
    {
        var keys = body.EnumerateObject().Select(p => p.Name).ToList();
        switch (status)
        {
            case 401 or 404:
                return keys.SequenceEqual(["errors"]) && body.GetProperty("errors").ValueKind == JsonValueKind.String
                    ? null
                    : ("shape", $"HTTP {status} must be {{\"errors\": \"...\"}}");
            case 400 or 413:
                return keys.SequenceEqual(["errors"]) && body.GetProperty("errors") is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0
                    && list.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                    ? null
                    : ("shape", $"HTTP {status} must be {{\"errors\": [{{\"message\": ...}}]}}");
            case 200:
                break;
            default:
                return ("status", $"HTTP {status} is not an Admin API status");
        }

        if (keys.Except(["data", "errors", "extensions"], StringComparer.Ordinal).Any() || !(keys.Contains("data") || keys.Contains("errors")))
        {
            return ("shape", $"a GraphQL response has data and/or errors and extensions only, not [{string.Join(", ", keys)}]");
        }

        if (body.TryGetProperty("data", out var data) && data.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return ("shape", "data must be an object or null");
        }

        if (body.TryGetProperty("errors", out var errors))
        {
            if (errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0)
            {
                return ("shape", "errors must be a non-empty list");
            }

            foreach (var error in errors.EnumerateArray())
            {
                if (error.ValueKind != JsonValueKind.Object || !error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
                {
                    return ("shape", "every error has a message");
                }

                if (error.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("code", out var code) && code.GetString() == "INTERNAL_SERVER_ERROR")
                {
                    return ("internal error", "a request the client got wrong must not be an INTERNAL_SERVER_ERROR");
                }
            }
        }

        if (!body.TryGetProperty("extensions", out var ext) || !ext.TryGetProperty("cost", out var cost) || cost.ValueKind != JsonValueKind.Object)
        {
            return ("shape", "extensions.cost is missing");
        }

        var throttle = cost.TryGetProperty("throttleStatus", out var t) ? t : default;
        var fine = cost.TryGetProperty("requestedQueryCost", out var requested) && requested.ValueKind == JsonValueKind.Number
            && cost.TryGetProperty("actualQueryCost", out var actual) && actual.ValueKind is JsonValueKind.Number or JsonValueKind.Null
            && throttle.ValueKind == JsonValueKind.Object
            && ThrottleFields.All(n => throttle.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.Number);
        return fine ? null : ("shape", "extensions.cost lacks requestedQueryCost, actualQueryCost or throttleStatus");
    }

    private static (string Kind, string Detail)? CheckControl(int status, JsonElement body)
    {
        switch (status)
        {
            case 201:
                return body.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && body.TryGetProperty("paymentSessionId", out _)
                    ? null
                    : ("shape", "201 must be {\"id\", \"paymentSessionId\"}");
            case 400 or 401 or 404 or 409 or 422:
                return body.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                    && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                    && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                    ? null
                    : ("shape", $"HTTP {status} must be {{\"error\": {{\"code\", \"message\"}}}}");
            default:
                return ("status", $"HTTP {status} is not a control API status");
        }
    }

    private static string Summarise(ConcurrentQueue<(string Kind, string Detail)> failures)
    {
        if (failures.IsEmpty)
        {
            return "no failures";
        }

        var builder = new StringBuilder();
        foreach (var kind in failures.GroupBy(f => f.Kind).OrderByDescending(g => g.Count()))
        {
            builder.Append(CultureInfo.InvariantCulture, $"{kind.Key}: {kind.Count()}\n");
            foreach (var (_, detail) in kind.Take(4))
            {
                builder.Append("  - ").Append(detail).Append('\n');
            }
        }

        return builder.ToString();
    }

    private static string Messages(Exception e) => e.InnerException is null ? e.Message : e.Message + " <- " + Messages(e.InnerException);

    private static string Excerpt(string text) => text.Length > 600 ? text[..600] + "..." : text;
}
