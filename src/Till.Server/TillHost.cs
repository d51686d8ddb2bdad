using GraphQL;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Till.Bulk;
using Till.CashSettings;
using Till.Drawers;
using Till.ReasonCodes;
using Till.Reviews;
using Till.Server.Auth;
using Till.Server.Bulk;
using Till.Server.Control;
using Till.Server.Cost;
using Till.Server.GraphQL;
using Till.Server.GraphQL.Pipeline;
using Till.Server.Http;
using Till.Server.Observability;
using Till.Server.Webhooks;
using Till.Sessions;
using Till.Shops;
using Till.SignIn;
using Till.Storage;
using Till.Storage.Postgres;
using Till.Storage.Sqlite;
using Till.Transactions;
using Till.Webhooks;

namespace Till.Server;

/// <summary>Builds the Till web application: storage, use cases, the Admin API and the control API.</summary>
public static class TillHost
{
    /// <summary>Opens the database an option names: a postgres:// URL or a SQLite file path.</summary>
    public static ITillStore OpenStore(string database) =>
        IsPostgres(database) ? new PostgresStore(database) : new SqliteStore(database);

    /// <summary>True when a database option names PostgreSQL (a postgres:// or postgresql:// URL); anything else is a SQLite file.</summary>
    public static bool IsPostgres(string database) =>
        database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Builds (but does not start) the server.</summary>
    public static WebApplication Build(TillOptions options, ITillStore store, TimeProvider? clock = null)
    {
        // Till reads no appsettings.json, so the host is told not to watch for changes to one: it
        // would watch the working directory, every folder under it included, and its watcher thread
        // would wake for every write there (a SQLite database, the server's own log).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.ClearProviders();
        if (options.LogFormat == "json")
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (options.RequestLog)
        {
            builder.Logging.AddFilter(RequestLog.Category, LogLevel.Information);
        }

        builder.AddTillTelemetry();
        // A start that fails (a busy port) is reported by whoever started the server, as one line;
        // the host's own log of it, with the whole stack trace, is left out until the server runs.
        var started = new StartedFlag();
        builder.Services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(null, HostLogCategory, LogLevel.Warning, (_, _, _) => started.Value)));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = RequestReader.MaxBodyBytes * 2L;
            k.Limits.MinRequestBodyDataRate = new MinDataRate(TillOptions.MinRequestBodyBytesPerSecond, options.RequestBodyGracePeriod);
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(store);
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddSingleton<SessionLedger>();
        services.AddSingleton<ActivityReversals>();
        services.AddSingleton<LedgerVerification>();
        services.AddSingleton<DrawerCommands>();
        services.AddSingleton<CashSettingsCommands>();
        services.AddSingleton<ReviewCommands>();
        services.AddSingleton<Till.Reports.ZReports>();
        services.AddSingleton<ReasonCodeCommands>();
        services.AddSingleton<TransactionRecorder>();
        services.AddSingleton<WebhookSubscriptionCommands>();
        services.AddHostedService<WebhookDispatcher>();
        services.AddSingleton<IdentityCache>();
        services.AddSingleton(sp => new Provisioning(sp.GetRequiredService<ITillStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IdentityCache>().Clear));
        services.AddSingleton<TokenAuthenticator>();
        services.AddSingleton<StaffSignIn>();
        services.AddHostedService<RevocationWatch>();
        services.AddSingleton<AdminKey>();
        services.AddSingleton<ApiVersions>();
        services.AddSingleton<ThrottleBuckets>();
        services.AddSingleton<IDocumentExecuter, DocumentExecuter>();
        services.AddSingleton<DocumentCache>();
        services.AddSingleton<AdminPipeline>();
        services.AddHttpContextAccessor();
        services.TryAddSingleton<IBulkOperationFinished, Till.Webhooks.BulkOperationsFinishWebhook>();
        services.AddSingleton<BulkCommands>();
        services.AddSingleton<BulkRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<BulkRunner>());

        var app = builder.Build();

        // Made now, so its instruments (the open sessions gauge among them) exist before the first request.
        _ = app.Services.GetRequiredService<TillTelemetry>();
        app.Lifetime.ApplicationStarted.Register(() => started.Value = true);
        app.UseRequestIds();
        app.UseFailureAnswers();
        AdminApi.Map(app);
        ControlApi.Map(app);
        BulkDownload.Map(app);
        GraphiQL.GraphiQLPage.Map(app);
        App.AppSignIn.Map(app);
        App.AppPage.Map(app);
        Reports.ZReportEndpoint.Map(app);
        MetricsEndpoint.Map(app);
        return app;
    }

    /// <summary>
    /// Migrates, sets up the admin key and (on an empty database) the demo shop; returns what to print.
    /// For hosts that listen afterwards (the tests); <c>till serve</c> runs
    /// <see cref="BeforeListeningAsync"/> and <see cref="AfterListeningAsync"/> around listening instead.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PrepareAsync(WebApplication app, TillOptions options, CancellationToken cancellationToken = default)
    {
        var earlyKey = await BeforeListeningAsync(app, options, cancellationToken).ConfigureAwait(false);
        var made = await AfterListeningAsync(app, options, cancellationToken).ConfigureAwait(false);
        return DemoText.Banner(made.AdminKey ?? earlyKey, made.Demo, options.Urls.Split(';')[0].TrimEnd('/')).ToList();
    }

    /// <summary>
    /// What has to be in place before the server answers anyone: migrations, the schemas, and the
    /// admin key when it is configured or the database already has one. Nothing secret is made here
    /// on a new database, so a start that then fails to listen (a busy port) has shown no secret
    /// and made none: the next start is still a first start. Returns an admin key only in the rare
    /// case that a used database had none and one was generated now.
    /// </summary>
    public static async Task<string?> BeforeListeningAsync(WebApplication app, TillOptions options, CancellationToken cancellationToken = default)
    {
        var store = app.Services.GetRequiredService<ITillStore>();
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        ApiVersions.Warm();
        bool initialized;
        await using (var work = await store.BeginAsync(write: false, cancellationToken).ConfigureAwait(false))
        {
            initialized = await work.GetSettingAsync(InitializedSetting).ConfigureAwait(false) is not null;
        }

        return !string.IsNullOrEmpty(options.AdminKey) || initialized
            ? await app.Services.GetRequiredService<AdminKey>().EnsureAsync(options.AdminKey, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>
    /// Once the server listens: on a new database, generates the admin key (unless one is
    /// configured) and creates the demo shop (unless <see cref="TillOptions.NoDemo"/>). Returns
    /// the secrets made now, to be printed once.
    /// </summary>
    public static async Task<StartupSecrets> AfterListeningAsync(WebApplication app, TillOptions options, CancellationToken cancellationToken = default)
    {
        var store = app.Services.GetRequiredService<ITillStore>();
        var generated = string.IsNullOrEmpty(options.AdminKey)
            ? await app.Services.GetRequiredService<AdminKey>().EnsureAsync(null, cancellationToken).ConfigureAwait(false)
            : null;

        bool fresh;
        await using (var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false))
        {
            fresh = await work.GetSettingAsync(InitializedSetting).ConfigureAwait(false) is null;
            await work.SetSettingAsync(InitializedSetting, "true").ConfigureAwait(false);
            await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var demo = fresh && !options.NoDemo
            ? await app.Services.GetRequiredService<Provisioning>().CreateDemoAsync(cancellationToken).ConfigureAwait(false)
            : null;
        return new StartupSecrets(generated, demo);
    }

    private const string InitializedSetting = "initialized";

    private const string HostLogCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    private sealed class StartedFlag
    {
        private volatile bool value;

        public bool Value
        {
            get => value;
            set => this.value = value;
        }
    }
}

/// <summary>What a start made that is shown only once: a generated admin key, the demo shop and its token.</summary>
public sealed record StartupSecrets(string? AdminKey, DemoShop? Demo);
