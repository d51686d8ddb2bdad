using System.Globalization;
using Till.Ids;
using Till.Money;
using Till.Shops;
using Till.Storage;

namespace Till.Server.Cli;

/// <summary>Till's command line: serve, migrate, shop create, token create, admin-key rotate, demo, seed, simulate, backup, restore, ledger verify.</summary>
public static partial class CommandLine
{
    private const string Usage = $"""
        Usage: till <command> [options]
          serve [--urls URL] [--database DB] [--admin-key KEY] [--no-demo] [--throttle-maximum N] [--throttle-restore-rate N] [--log-format text|json] [--no-request-log]
          migrate [--database DB]
          shop create --name NAME --currency CUR [--timezone ZONE] [--database DB]
          token create --shop SHOP_ID --scopes a,b [--database DB]
          {StaffPinUsage}
          demo [--database DB]
          {SeedUsage}
          {SimulateUsage}
          {BackupUsage}
          {RestoreUsage}
          ledger verify [--database DB] [--shop SHOP_ID]
        Every command also takes --config FILE (default: till.json in the current directory, if there is one).
        Options may also come from TILL_URLS, TILL_DATABASE, TILL_ADMIN_KEY, TILL_NO_DEMO, TILL_THROTTLE_MAXIMUM,
        TILL_THROTTLE_RESTORE_RATE, TILL_LOG_FORMAT, TILL_NO_REQUEST_LOG and TILL_CONFIG; the command line wins over
        the environment, which wins over the file.
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            return await DispatchAsync(args, output).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"till: {e.Message}").ConfigureAwait(false);
            return 2;
        }
        catch (FailureException e)
        {
            await error.WriteLineAsync($"till: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Any other failure still ends in one line; a database failure was already described
            // with the database's name where the database was opened.
            await error.WriteLineAsync($"till: {OneLine(e)}").ConfigureAwait(false);
            return 1;
        }
    }

    private static async Task<int> DispatchAsync(string[] args, TextWriter output)
    {
        if (args.Length == 0)
        {
            await output.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        if (HelpAsked(args))
        {
            await output.WriteLineAsync(HelpFor(args)).ConfigureAwait(false);
            return 0;
        }

        switch (args[0])
        {
            case "serve":
                return await ServeAsync(Parse(args[1..], ["--urls", "--database", "--admin-key", "--throttle-maximum", "--throttle-restore-rate", "--log-format"], ["--no-demo", "--no-request-log"]), output).ConfigureAwait(false);
            case "migrate":
                {
                    var options = Parse(args[1..], ["--database"], []);
                    using var store = await OpenAsync(options).ConfigureAwait(false);
                    await output.WriteLineAsync($"Migrations applied ({Redact(DatabaseOf(options))}).").ConfigureAwait(false);
                    return 0;
                }

            case "shop" when args.Length > 1 && args[1] == "create":
                {
                    var options = Parse(args[2..], ["--name", "--currency", "--timezone", "--database"], []);
                    var name = Require(options, "--name");
                    var currency = Require(options, "--currency");
                    if (!Currency.IsKnown(currency))
                    {
                        throw new UsageException("--currency must be a currency code of the schema's CurrencyCode enum, such as USD");
                    }

                    var timezone = options.GetValueOrDefault("--timezone") ?? ShopTime.Utc;
                    if (!ShopTime.IsKnown(timezone))
                    {
                        throw new UsageException("--timezone must be an IANA time zone such as America/New_York");
                    }

                    using var store = await OpenAsync(options).ConfigureAwait(false);
                    var shop = await new Provisioning(store.Store, TimeProvider.System).CreateShopAsync(name, currency, timezone).ConfigureAwait(false);
                    await output.WriteLineAsync(GlobalId.Format(GidTypes.Shop, shop.Id)).ConfigureAwait(false);
                    return 0;
                }

            case "token" when args.Length > 1 && args[1] == "create":
                {
                    var options = Parse(args[2..], ["--shop", "--scopes", "--database"], []);
                    var shopText = Require(options, "--shop");
                    var shopId = GlobalId.ParseOf(shopText, GidTypes.Shop)
                        ?? (long.TryParse(shopText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new UsageException("--shop must be a shop ID such as gid://shopify/Shop/1"));
                    var scopes = Require(options, "--scopes").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (scopes.Length == 0 || scopes.Any(s => !Provisioning.KnownScopes.Contains(s)))
                    {
                        throw new UsageException($"--scopes must be a comma-separated list of: {string.Join(", ", Provisioning.KnownScopes)}");
                    }

                    using var store = await OpenAsync(options).ConfigureAwait(false);
                    var token = await new Provisioning(store.Store, TimeProvider.System).CreateTokenAsync(shopId, scopes).ConfigureAwait(false)
                        ?? throw new UsageException($"no shop {shopText}");
                    await output.WriteLineAsync(token).ConfigureAwait(false);
                    return 0;
                }

            case "staff" when args.Length > 1 && args[1] == "pin":
                return await StaffPinAsync(Parse(args[2..], ["--shop", "--staff", "--pin", "--database"], []), Console.In, output).ConfigureAwait(false);

            case "admin-key" when args.Length > 1 && args[1] == "rotate":
                {
                    // Nodes on the database take the new key within a second (see AdminKey); a node started with --admin-key sets its own again when it restarts.
                    var options = Parse(args[2..], ["--database"], []);
                    using var store = await OpenAsync(options).ConfigureAwait(false);
                    await output.WriteLineAsync(await new Control.AdminKey(store.Store).RotateAsync().ConfigureAwait(false)).ConfigureAwait(false);
                    return 0;
                }

            case "ledger" when args.Length > 1 && args[1] == "verify":
                return await LedgerVerifyAsync(Parse(args[2..], ["--database", "--shop"], []), output).ConfigureAwait(false);

            case "demo":
                {
                    var options = Parse(args[1..], ["--database"], []);
                    using var store = await OpenAsync(options).ConfigureAwait(false);
                    var demo = await new Provisioning(store.Store, TimeProvider.System).CreateDemoAsync().ConfigureAwait(false);
                    foreach (var line in DemoText.Describe(demo, Setting(options, "--urls", "TILL_URLS") ?? "http://127.0.0.1:8080"))
                    {
                        await output.WriteLineAsync(line).ConfigureAwait(false);
                    }

                    return 0;
                }

            case "seed":
                return await SeedAsync(Parse(args[1..], SeedOptions, []), output).ConfigureAwait(false);

            case "simulate":
                return await SimulateAsync(Parse(args[1..], SimulateOptions, []), output).ConfigureAwait(false);

            case "backup":
                return await BackupAsync(Parse(args[1..], ["--to", "--database"], []), output).ConfigureAwait(false);

            case "restore":
                return await RestoreAsync(Parse(args[1..], ["--from", "--database"], ["--force"]), output).ConfigureAwait(false);

            default:
                throw new UsageException($"unknown command '{string.Join(' ', args.Take(2))}'. Run 'till help'.");
        }
    }

    private static async Task<OpenedStore> OpenAsync(Dictionary<string, string?> options)
    {
        var database = DatabaseOf(options);
        var store = OpenStore(database);
        try
        {
            await store.MigrateAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (DatabaseProblem(database, e) is { } problem)
        {
            (store as IDisposable)?.Dispose();
            throw new FailureException(problem);
        }

        return new OpenedStore(store);
    }

    private sealed class OpenedStore(ITillStore store) : IDisposable
    {
        public ITillStore Store { get; } = store;

        public void Dispose() => (Store as IDisposable)?.Dispose();
    }

    /// <summary>The options of a command's arguments (a flag's value is null), with the configuration file's settings (see CommandLine.Config.cs).</summary>
    private static Dictionary<string, string?> Parse(string[] args, string[] valued, string[] flags)
    {
        valued = [.. valued, ConfigOption];
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? arg[..eq] : arg;
            if (flags.Contains(name))
            {
                result[name] = null;
            }
            else if (valued.Contains(name))
            {
                if (eq > 0)
                {
                    result[name] = arg[(eq + 1)..];
                }
                else if (i + 1 < args.Length)
                {
                    result[name] = args[++i];
                }
                else
                {
                    throw new UsageException($"{name} needs a value");
                }
            }
            else
            {
                throw new UsageException($"unknown option '{arg}'");
            }
        }

        ReadConfigFile(result);
        return result;
    }

    private static string Require(Dictionary<string, string?> options, string name) =>
        options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : throw new UsageException($"{name} is required");

    private static int Number(string? text, int fallback, string name) =>
        text is null ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
        : throw new UsageException($"{name} must be a positive whole number");

    private sealed class UsageException(string message) : Exception(message);
}
