namespace Till.Server;

/// <summary>How a Till server runs; every option can also come from the environment (TILL_*).</summary>
public sealed record TillOptions
{
    public string Urls { get; init; } = "http://127.0.0.1:8080";

    public string Database { get; init; } = "till.db";

    public string? AdminKey { get; init; }

    public bool NoDemo { get; init; }

    public int ThrottleMaximum { get; init; } = 2000;

    public int ThrottleRestoreRate { get; init; } = 100;

    /// <summary>How log lines are written: <c>text</c> (one line each) or <c>json</c> (one JSON object a line).</summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>Whether every request is logged (one line, see Http/RequestLog).</summary>
    public bool RequestLog { get; init; } = true;

    /// <summary>The slowest a request body may arrive once <see cref="RequestBodyGracePeriod"/> has passed (Kestrel's default); slower is HTTP 408.</summary>
    public const double MinRequestBodyBytesPerSecond = 240;

    /// <summary>How long a request body may take before <see cref="MinRequestBodyBytesPerSecond"/> applies (Kestrel's default, 5 s; more than 1 s).</summary>
    public TimeSpan RequestBodyGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a node holds a bulk operation without renewing its lease; past it, another node resumes the operation.</summary>
    public TimeSpan BulkLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many nodes of a bulk query's connections one page reads (at most 250).</summary>
    public int BulkPageSize { get; init; } = 250;

    /// <summary>A pause between two pages of a bulk operation, to spare a busy database (none by default).</summary>
    public TimeSpan BulkPagePause { get; init; } = TimeSpan.Zero;

    /// <summary>How long a bulk operation's result can be downloaded after it ends (Shopify's seven days).</summary>
    public TimeSpan BulkUrlLifetime { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How often an idle node looks for a bulk operation to run.</summary>
    public TimeSpan BulkPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many times an operation may be picked up (its node dying each time) before it is marked FAILED.</summary>
    public int BulkMaxAttempts { get; init; } = 5;
    /// <summary>
    /// How long to wait before each retry of a webhook delivery that failed or timed out; after the
    /// last one the delivery is given up. Shopify's schedule: 8 retries over 4 hours, each wait about
    /// twice the one before.
    /// </summary>
    public IReadOnlyList<TimeSpan> WebhookRetrySchedule { get; init; } =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(8),
        TimeSpan.FromMinutes(16), TimeSpan.FromMinutes(32), TimeSpan.FromMinutes(64), TimeSpan.FromMinutes(113),
    ];

    /// <summary>How long a receiver has to accept the connection of a delivery (Shopify: one second).</summary>
    public TimeSpan WebhookConnectTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a receiver has to answer a delivery in full (Shopify: five seconds).</summary>
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a node owns a delivery it claimed; longer than <see cref="WebhookTimeout"/>. A node that
    /// dies mid-delivery leaves it to be claimed again (as the next attempt) once this has passed.
    /// </summary>
    public TimeSpan WebhookLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a node looks for due deliveries.</summary>
    public TimeSpan WebhookPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>False to run no webhook dispatcher on this node (deliveries wait for another node).</summary>
    public bool WebhookDispatch { get; init; } = true;
}
