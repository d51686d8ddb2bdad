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
}
