using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Till.Storage;

namespace Till.Server.Cli;

/// <summary>`till serve`: the database, listening, and what is printed once the server listens.</summary>
public static partial class CommandLine
{
    private const string DefaultUrls = "http://127.0.0.1:8080";

    private static async Task<int> ServeAsync(Dictionary<string, string?> options, TextWriter output)
    {
        var tillOptions = new TillOptions
        {
            Urls = CheckedUrls(Setting(options, "--urls", "TILL_URLS") ?? DefaultUrls),
            Database = DatabaseOf(options),
            AdminKey = Setting(options, "--admin-key", "TILL_ADMIN_KEY"),
            NoDemo = Flag(options, "--no-demo", "TILL_NO_DEMO"),
            ThrottleMaximum = Number(Setting(options, "--throttle-maximum", "TILL_THROTTLE_MAXIMUM"), 2000, "--throttle-maximum"),
            ThrottleRestoreRate = Number(Setting(options, "--throttle-restore-rate", "TILL_THROTTLE_RESTORE_RATE"), 100, "--throttle-restore-rate"),
            LogFormat = Setting(options, "--log-format", "TILL_LOG_FORMAT") switch
            {
                null or "text" => "text",
                "json" => "json",
                var other => throw new UsageException($"--log-format must be text or json, not '{other}'"),
            },
            RequestLog = !Flag(options, "--no-request-log", "TILL_NO_REQUEST_LOG"),
        };
        tillOptions = WithBulkSettings(tillOptions);
        tillOptions = WithWebhookSettings(tillOptions);

        var store = OpenStore(tillOptions.Database);
        try
        {
            await using var app = TillHost.Build(tillOptions, store);
            var earlyKey = await OnDatabaseAsync(tillOptions.Database, () => TillHost.BeforeListeningAsync(app, tillOptions)).ConfigureAwait(false);
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new FailureException(ListenProblem(tillOptions.Urls, e));
            }

            // Secrets are made and printed only now that the server listens: a start that failed
            // before this point made none, so the next start shows them.
            var made = await OnDatabaseAsync(tillOptions.Database, () => TillHost.AfterListeningAsync(app, tillOptions)).ConfigureAwait(false);
            await output.WriteLineAsync($"Till is listening on {string.Join(", ", app.Urls)} (database: {store.Kind} {Redact(tillOptions.Database)}). Press Ctrl+C to stop.").ConfigureAwait(false);
            foreach (var line in DemoText.Banner(made.AdminKey ?? earlyKey, made.Demo, app.Urls.First().TrimEnd('/')))
            {
                await output.WriteLineAsync(line).ConfigureAwait(false);
            }

            await output.FlushAsync().ConfigureAwait(false);
            await app.WaitForShutdownAsync().ConfigureAwait(false);
            return 0;
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// The bulk operation runner's settings, from the environment only (they are for operators and
    /// tests, not everyday use): TILL_BULK_LEASE_SECONDS, TILL_BULK_PAGE_SIZE, TILL_BULK_PAGE_PAUSE_MS,
    /// TILL_BULK_URL_LIFETIME_SECONDS and TILL_BULK_POLL_MS.
    /// </summary>
    private static TillOptions WithBulkSettings(TillOptions options)
    {
        static int? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? Number(text, 1, name) : null;
        return options with
        {
            BulkLease = Env("TILL_BULK_LEASE_SECONDS") is { } lease ? TimeSpan.FromSeconds(lease) : options.BulkLease,
            BulkPageSize = Env("TILL_BULK_PAGE_SIZE") ?? options.BulkPageSize,
            BulkPagePause = Env("TILL_BULK_PAGE_PAUSE_MS") is { } pause ? TimeSpan.FromMilliseconds(pause) : options.BulkPagePause,
            BulkUrlLifetime = Env("TILL_BULK_URL_LIFETIME_SECONDS") is { } life ? TimeSpan.FromSeconds(life) : options.BulkUrlLifetime,
            BulkPollInterval = Env("TILL_BULK_POLL_MS") is { } poll ? TimeSpan.FromMilliseconds(poll) : options.BulkPollInterval,
        };
    }

    /// <summary>
    /// The database a command works on, from --database or TILL_DATABASE, default till.db. A
    /// relative file path is made absolute against the directory the command was started from
    /// (`dotnet run` starts Till there too, see Till.Server.csproj), so it is clear where it is.
    /// </summary>
    private static string DatabaseOf(Dictionary<string, string?> options)
    {
        var database = Setting(options, "--database", "TILL_DATABASE") ?? "till.db";
        return TillHost.IsPostgres(database) || database == ":memory:" ? database : Path.GetFullPath(database);
    }

    private static ITillStore OpenStore(string database)
    {
        try
        {
            return TillHost.OpenStore(database);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new UsageException(TillHost.IsPostgres(database)
                ? $"--database: {Redact(database)} is not a PostgreSQL URL Till can use ({OneLine(e)}); write it like postgres://user:password@host:5432/database"
                : $"--database: {database}: {OneLine(e)}");
        }
    }

    private static async Task<T> OnDatabaseAsync<T>(string database, Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception e) when (DatabaseProblem(database, e) is { } problem)
        {
            throw new FailureException(problem);
        }
    }

    /// <summary>The --urls value, each address checked the way Kestrel will read it, so a mistake is a usage error rather than a failed start.</summary>
    private static string CheckedUrls(string urls)
    {
        var addresses = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (addresses.Length == 0)
        {
            throw new UsageException($"--urls needs an address to listen on, such as {DefaultUrls}");
        }

        foreach (var address in addresses)
        {
            BindingAddress parsed;
            try
            {
                parsed = BindingAddress.Parse(address);
            }
            catch (FormatException)
            {
                throw new UsageException($"--urls: '{address}' is not an address to listen on; write a URL such as {DefaultUrls} (several separated by ';')");
            }

            if (parsed.Scheme != "http")
            {
                throw new UsageException($"--urls: '{address}' must start with http:// (Till serves plain HTTP; put a TLS proxy in front of it for HTTPS), as in {DefaultUrls}");
            }
        }

        return string.Join(';', addresses);
    }

    /// <summary>One line saying why the server could not listen, and what to change.</summary>
    private static string ListenProblem(string urls, Exception e)
    {
        var address = FailedAddress().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : urls;
        if (Find<AddressInUseException>(e) is not null)
        {
            return $"cannot listen on {address}: another program is already listening there (another Till?); stop it, or choose another port with --urls, such as --urls {AnotherPort(address)}";
        }

        if (Find<SocketException>(e) is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.AccessDenied => $"cannot listen on {address}: permission denied (ports below 1024 need privileges); choose another port with --urls, such as --urls {DefaultUrls}",
                SocketError.AddressNotAvailable => $"cannot listen on {address}: that address is not one of this machine's; use 127.0.0.1 (this machine only) or 0.0.0.0 (every interface) in --urls",
                _ => $"cannot listen on {address}: {OneLine(socket)}; check --urls",
            };
        }

        return $"cannot start the server on {address}: {OneLine(e)}";
    }

    private static string AnotherPort(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Port is > 0 and < 65535
            ? new UriBuilder(uri) { Port = uri.Port + 1 }.Uri.ToString().TrimEnd('/')
            : "http://127.0.0.1:8081";

    /// <summary>A database setting fit to print: a URL's password is hidden.</summary>
    private static string Redact(string database) => UrlPassword().Replace(database, "://$1:***@");

    // postgres://user:password@host..., also with several hosts, which Uri cannot read.
    [GeneratedRegex(@"://([^:/@]*):[^@/]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPassword();

    // Kestrel: "Failed to bind to address http://127.0.0.1:8080: address already in use."
    [GeneratedRegex(@"address (\S+): ", RegexOptions.CultureInvariant)]
    private static partial Regex FailedAddress();

    /// <summary>
    /// The webhook delivery settings, from the environment only (they are for tuning and tests):
    /// TILL_WEBHOOK_RETRY_SCHEDULE (the waits before each retry, in seconds, comma-separated),
    /// TILL_WEBHOOK_TIMEOUT, TILL_WEBHOOK_LEASE and TILL_WEBHOOK_POLL (seconds).
    /// </summary>
    private static TillOptions WithWebhookSettings(TillOptions options)
    {
        static TimeSpan? Seconds(string name)
        {
            var text = Environment.GetEnvironmentVariable(name);
            return text is null ? null
                : double.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? TimeSpan.FromSeconds(s)
                : throw new UsageException($"{name} must be a positive number of seconds");
        }

        var schedule = Environment.GetEnvironmentVariable("TILL_WEBHOOK_RETRY_SCHEDULE");
        return options with
        {
            WebhookRetrySchedule = schedule is null ? options.WebhookRetrySchedule
                : [.. schedule.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(part =>
                    double.TryParse(part, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0
                        ? TimeSpan.FromSeconds(s)
                        : throw new UsageException("TILL_WEBHOOK_RETRY_SCHEDULE must list positive numbers of seconds, separated by commas"))],
            WebhookTimeout = Seconds("TILL_WEBHOOK_TIMEOUT") ?? options.WebhookTimeout,
            WebhookLease = Seconds("TILL_WEBHOOK_LEASE") ?? options.WebhookLease,
            WebhookPollInterval = Seconds("TILL_WEBHOOK_POLL") ?? options.WebhookPollInterval,
        };
    }
}
