using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Till.Server.Tests.Webhooks;

/// <summary>One POST a receiver got: its headers and its raw body.</summary>
public sealed record ReceivedWebhook(IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset At)
{
    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : string.Empty;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    /// <summary>True when X-Shopify-Hmac-Sha256 is the base64 HMAC-SHA256 of the raw body under <paramref name="secret"/>.</summary>
    public bool SignedWith(string secret) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Body))),
            Encoding.ASCII.GetBytes(Header("X-Shopify-Hmac-Sha256")));
}

/// <summary>
/// A real HTTP server on a loopback port that takes webhook deliveries, remembers each one, and
/// answers as the test says (by the request's number, from 1): a status code, after an optional wait.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private int count;

    private WebhookReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>How to answer request number n: the status, and how long to wait first. Default: 200 at once.</summary>
    public Func<int, (int Status, TimeSpan Delay)> Answer { get; set; } = _ => (200, TimeSpan.Zero);

    public string Url { get; private set; } = string.Empty;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{**rest}", (Delegate)receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = app.Urls.First() + "/hooks/";
        return receiver;
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        Received.Enqueue(new ReceivedWebhook(headers, body.ToArray(), DateTimeOffset.UtcNow));
        var (status, delay) = Answer(Interlocked.Increment(ref count));
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }
        }

        return Results.StatusCode(status);
    }

    /// <summary>Waits until at least <paramref name="n"/> deliveries arrived, or fails after <paramref name="timeout"/>.</summary>
    public async Task<List<ReceivedWebhook>> WaitForAsync(int n, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (Received.Count < n)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"expected {n} deliveries, got {Received.Count}");
            }

            await Task.Delay(25);
        }

        return [.. Received];
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
