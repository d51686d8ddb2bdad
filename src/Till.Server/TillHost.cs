using GraphQL;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Till.Drawers;
using Till.ReasonCodes;
using Till.Server.Auth;
using Till.Server.Control;
using Till.Server.Cost;
using Till.Server.GraphQL;
using Till.Server.GraphQL.Pipeline;
using Till.Server.Http;
using Till.Sessions;
using Till.Shops;
using Till.Storage;
using Till.Storage.Postgres;
using Till.Storage.Sqlite;
using Till.Transactions;

namespace Till.Server;

/// <summary>Builds the Till web application: storage, use cases, the Admin API and the control API.</summary>
public static class TillHost
{
    /// <summary>Opens the database an option names: a postgres:// URL or a SQLite file path.</summary>
    public static ITillStore OpenStore(string database)
    {
        if (database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new PostgresStore(database);
        }

        return new SqliteStore(database);
    }

    /// <summary>Builds (but does not start) the server.</summary>
    public static WebApplication Build(TillOptions options, ITillStore store, TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
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
        services.AddSingleton<DrawerCommands>();
        services.AddSingleton<ReasonCodeCommands>();
        services.AddSingleton<TransactionRecorder>();
        services.AddSingleton<IdentityCache>();
        services.AddSingleton(sp => new Provisioning(sp.GetRequiredService<ITillStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IdentityCache>().Clear));
        services.AddSingleton<TokenAuthenticator>();
        services.AddHostedService<RevocationWatch>();
        services.AddSingleton<AdminKey>();
        services.AddSingleton<ApiVersions>();
        services.AddSingleton<ThrottleBuckets>();
        services.AddSingleton<IDocumentExecuter, DocumentExecuter>();
        services.AddSingleton<DocumentCache>();
        services.AddSingleton<AdminPipeline>();

        var app = builder.Build();
        app.UseRequestIds();
        app.UseFailureAnswers();
        AdminApi.Map(app);
        ControlApi.Map(app);
        GraphiQL.GraphiQLPage.Map(app);
        return app;
    }

    /// <summary>Migrates, sets up the admin key and (on an empty database) the demo shop; returns what to print.</summary>
    public static async Task<IReadOnlyList<string>> PrepareAsync(WebApplication app, TillOptions options, CancellationToken cancellationToken = default)
    {
        var lines = new List<string>();
        var store = app.Services.GetRequiredService<ITillStore>();
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        _ = app.Services.GetRequiredService<ApiVersions>();
        var generated = await app.Services.GetRequiredService<AdminKey>().EnsureAsync(options.AdminKey, cancellationToken).ConfigureAwait(false);
        if (generated is not null)
        {
            lines.Add($"Admin key (shown once; the control API at /till/v1 needs it): {generated}");
        }

        bool fresh;
        await using (var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false))
        {
            fresh = await work.GetSettingAsync("initialized").ConfigureAwait(false) is null;
            await work.SetSettingAsync("initialized", "true").ConfigureAwait(false);
            await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (fresh && !options.NoDemo)
        {
            var demo = await app.Services.GetRequiredService<Provisioning>().CreateDemoAsync(cancellationToken).ConfigureAwait(false);
            lines.AddRange(DemoText.Describe(demo, options.Urls.Split(';')[0].TrimEnd('/')));
        }

        return lines;
    }
}
