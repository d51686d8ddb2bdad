using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Till.Shops;
using Till.Storage;
using Till.Webhooks;

namespace Till.Server.Webhooks;

/// <summary>
/// Delivers the outbox: every node runs one. It claims due deliveries with a lease (each claim is
/// one attempt, and no two nodes claim the same attempt), posts each one signed with its app's API
/// secret key, and records the outcome only while it still holds the lease. A failure or timeout
/// schedules the next attempt by <see cref="TillOptions.WebhookRetrySchedule"/>; a node that dies
/// mid-delivery leaves its claims to expire and be claimed again, so delivery is at least once.
/// </summary>
internal sealed partial class WebhookDispatcher(ITillStore store, TillOptions options, TimeProvider clock, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    /// <summary>The most deliveries one node claims at a time.</summary>
    public const int BatchSize = 16;

    private readonly string owner = Environment.MachineName + ":" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ":" + Guid.NewGuid().ToString("N")[..8];

    private readonly HttpClient http = new(new SocketsHttpHandler { ConnectTimeout = options.WebhookConnectTimeout, AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private bool failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.WebhookDispatch)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.WebhookPollInterval, clock);
        do
        {
            try
            {
                while (await RunOnceAsync(stoppingToken).ConfigureAwait(false) == BatchSize)
                {
                    // A full batch: more may be due at once.
                }

                failing = false;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop outlives a database outage; it says so once and tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                if (!failing)
                {
                    LogOutage(logger, e.Message);
                    failing = true;
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, string> domains = new();

    /// <summary>Claims one batch of due deliveries and makes one attempt at each; returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // A poll that finds nothing due changed nothing, so it has nothing to commit.
        var claimed = await store.WriteAsync(
            async work =>
            {
                var due = await work.ClaimWebhookDeliveriesAsync(owner, now, now + options.WebhookLease, BatchSize).ConfigureAwait(false);
                return new Written<IReadOnlyList<ClaimedDelivery>>(due, Commit: due.Count > 0);
            },
            cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(claimed.Select(c => AttemptAsync(c, cancellationToken))).ConfigureAwait(false);
        return claimed.Count;
    }

    private async Task AttemptAsync(ClaimedDelivery claim, CancellationToken cancellationToken)
    {
        var failure = await PostAsync(claim, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var schedule = options.WebhookRetrySchedule;
        DateTimeOffset? retryAt = failure is null || claim.Attempt > schedule.Count ? null : now + schedule[claim.Attempt - 1];
        var kept = await store.WriteAsync(
            async work => new Written<bool>(
                await work.FinishWebhookAttemptAsync(claim.Delivery.Id, owner, claim.Attempt, failure is null, now, retryAt, failure).ConfigureAwait(false), Commit: true),
            CancellationToken.None).ConfigureAwait(false);
        if (failure is not null && kept)
        {
            if (retryAt is null)
            {
                LogGivenUp(logger, claim.Delivery.WebhookId, claim.Delivery.Uri, claim.Attempt, failure);
            }
            else
            {
                LogRetry(logger, claim.Delivery.WebhookId, claim.Delivery.Uri, claim.Attempt, failure);
            }
        }
    }

    /// <summary>Posts one delivery; null when the receiver answered 2xx in time, else what went wrong.</summary>
    private async Task<string?> PostAsync(ClaimedDelivery claim, CancellationToken cancellationToken)
    {
        var delivery = claim.Delivery;
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var domain = await ShopDomainAsync(delivery.ShopId, cancellationToken).ConfigureAwait(false);
        foreach (var (name, value) in Headers(delivery, Sign(body, claim.Secret), domain))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.WebhookTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return (int)response.StatusCode is >= 200 and < 300 ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timed out";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
    }

    /// <summary>The shop's permanent domain, as <c>shop.myshopifyDomain</c> answers it (kept per node: a shop's domain never changes).</summary>
    private async Task<string> ShopDomainAsync(long shopId, CancellationToken cancellationToken)
    {
        if (domains.TryGetValue(shopId, out var known))
        {
            return known;
        }

        await using var work = await store.BeginAsync(write: false, cancellationToken).ConfigureAwait(false);
        var shop = await work.GetShopAsync(shopId).ConfigureAwait(false);
        var domain = shop?.MyshopifyDomain ?? string.Create(CultureInfo.InvariantCulture, $"shop-{shopId}.myshopify.com");
        domains[shopId] = domain;
        return domain;
    }

    /// <summary>The headers of a delivery, as Shopify sends them.</summary>
    public static IEnumerable<(string Name, string Value)> Headers(WebhookDelivery delivery, string signature, string shopDomain)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        yield return ("X-Shopify-Topic", TopicHeader(delivery.Topic));
        yield return ("X-Shopify-Hmac-Sha256", signature);
        yield return ("X-Shopify-Shop-Domain", shopDomain);
        yield return ("X-Shopify-API-Version", delivery.ApiVersion);
        yield return ("X-Shopify-Webhook-Id", delivery.WebhookId);
        yield return ("X-Shopify-Event-Id", delivery.EventId);
        yield return ("X-Shopify-Triggered-At", delivery.TriggeredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>The signature of a body: HMAC-SHA256 keyed with the app's API secret key, in base64.</summary>
    public static string Sign(byte[] body, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>A topic as the header names it: <c>TENDER_TRANSACTIONS_CREATE</c> is <c>tender_transactions/create</c>.</summary>
    public static string TopicHeader(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        if (WebhookTopics.Headers.TryGetValue(topic, out var named))
        {
            return named;
        }

        var cut = topic.LastIndexOf('_');
        var lower = topic.ToLowerInvariant();
        return cut < 0 ? lower : lower[..cut] + "/" + lower[(cut + 1)..];
    }

    public override void Dispose()
    {
        http.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {WebhookId} to {Uri} failed (attempt {Attempt}: {Failure}); it will be retried.")]
    private static partial void LogRetry(ILogger logger, string webhookId, string uri, int attempt, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {WebhookId} to {Uri} failed (attempt {Attempt}: {Failure}); no retries are left.")]
    private static partial void LogGivenUp(ILogger logger, string webhookId, string uri, int attempt, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook deliveries are paused: the database is not answering ({Message}).")]
    private static partial void LogOutage(ILogger logger, string message);
}
