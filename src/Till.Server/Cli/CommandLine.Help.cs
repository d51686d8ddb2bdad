namespace Till.Server.Cli;

/// <summary>`--help` (or `-h`) on any command, and `till help [command]`.</summary>
public static partial class CommandLine
{
    private const string DatabaseHelp = """
          --database DB   a SQLite file (default till.db; a relative path is taken from the current
                          directory) or a postgres://user:password@host:port/database URL  [TILL_DATABASE]
        """;

    /// <summary>What `till COMMAND --help` prints, for the commands that say more than their usage line.</summary>
    private static readonly Dictionary<string, string> CommandHelp = new(StringComparer.Ordinal)
    {
        ["serve"] = $"""
            Usage: till serve [--urls URL] [--database DB] [--admin-key KEY] [--no-demo] [--throttle-maximum N] [--throttle-restore-rate N]
                              [--log-format text|json] [--no-request-log] [--config FILE]
            Runs the server: Shopify's Admin GraphQL API at /admin/api/<version>/graphql.json, the control
            API at /till/v1 and the GraphiQL explorer at /graphiql. Migrates the database first. On a new
            database it creates a demo shop and an admin key and prints them once the server listens.
              --urls URL      where to listen (default {DefaultUrls}; several separated by ';')  [TILL_URLS]
            {DatabaseHelp}
              --admin-key KEY the control API's key; without it one is generated on a new database and
                              printed once  [TILL_ADMIN_KEY]
              --no-demo       no demo shop on a new database  [TILL_NO_DEMO]
              --throttle-maximum N       every token's bucket size (default 2000)  [TILL_THROTTLE_MAXIMUM]
              --throttle-restore-rate N  what a bucket regains each second (default 100)  [TILL_THROTTLE_RESTORE_RATE]
              --log-format F  text (default) or json: one JSON object a line  [TILL_LOG_FORMAT]
              --no-request-log           no log line per request  [TILL_NO_REQUEST_LOG]
              --config FILE   a JSON file of these settings, keys named like the options without dashes
                              (default till.json in the current directory, if it exists)  [TILL_CONFIG]
            Metrics in Prometheus' text format are at /metrics (Authorization: Bearer <admin key>); traces
            and metrics go to an OTLP collector when OTEL_EXPORTER_OTLP_ENDPOINT is set.
            """,
        ["migrate"] = $"""
            Usage: till migrate [--database DB]
            Applies the database's pending schema migrations and exits (serve does this too).
            {DatabaseHelp}
            """,
        ["shop create"] = $"""
            Usage: till shop create --name NAME --currency CUR [--database DB]
            Creates a shop and prints its ID (gid://shopify/Shop/N).
              --name NAME     the shop's name
              --currency CUR  its currency, an ISO 4217 code such as USD
            {DatabaseHelp}
            """,
        ["token create"] = $"""
            Usage: till token create --shop SHOP_ID --scopes a,b [--database DB]
            Prints a new access token for a shop, on a line of its own (only its hash is stored).
              --shop SHOP_ID  the shop, as gid://shopify/Shop/N or N
              --scopes a,b    comma-separated, from: {string.Join(", ", Till.Shops.Provisioning.KnownScopes)}
            {DatabaseHelp}
            """,
        ["demo"] = $"""
            Usage: till demo [--database DB]
            Creates a demo shop (another one on a used database) with a location, a staff member, a cash
            drawer and a device assigned to it, and prints their IDs and a new demo token.
            {DatabaseHelp}
            """,
    };

    private static bool HelpAsked(string[] args) => args[0] == "help" || args.Any(a => a is "--help" or "-h");

    private static string HelpFor(string[] args)
    {
        var words = args.SkipWhile(a => a is "help" or "--help" or "-h").TakeWhile(a => !a.StartsWith('-')).Take(2).ToArray();
        if (words.Length == 0)
        {
            return Usage + Environment.NewLine + "Run 'till <command> --help' for what a command does and its options.";
        }

        for (var n = words.Length; n > 0; n--)
        {
            if (CommandHelp.TryGetValue(string.Join(' ', words.Take(n)), out var text))
            {
                return text.TrimEnd();
            }
        }

        // A command without its own text still answers with its usage line(s).
        var lines = Usage.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(words[0] + " ", StringComparison.Ordinal) || l == words[0]).ToArray();
        return lines.Length > 0
            ? string.Join(Environment.NewLine, lines.Select(l => "Usage: till " + l))
            : throw new UsageException($"unknown command '{string.Join(' ', words)}'. Run 'till help'.");
    }
}
