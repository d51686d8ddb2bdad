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
            Usage: till shop create --name NAME --currency CUR [--timezone ZONE] [--database DB]
            Creates a shop and prints its ID (gid://shopify/Shop/N).
              --name NAME      the shop's name
              --currency CUR   its currency, an ISO 4217 code such as USD
              --timezone ZONE  its IANA time zone, such as America/New_York (default UTC); its days are counted in it
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
        ["seed"] = $"""
            Usage: till {SeedUsage}
            Creates a new shop and fills it with a believable history, the same for the same options:
            locations, staff, devices each assigned to a drawer, and every day's shifts (08:00 to 20:00
            in the time zone, closed on 25 December and 1 January) with cash and card sales, change,
            refunds, pay-outs by reason code (CASH_PAYOUT, TIP_PAYOUT, PETTY_CASH), bank drops
            (CASH_PICKUP), float top-ups, mid-shift counts and closes that balance or come out a
            little over or short. The shop, its people, devices and drawers are made by Till's use
            cases; the history is written in bulk with its kept figures, which are then checked. Prints the
            shop's IDs and a token (exit 1 if the check finds a difference).
            {DatabaseHelp}
              --seed N          the seed of every random choice (default 1)
              --days N          days of history (default 90)
              --end DATE        the last day with shifts, YYYY-MM-DD (default yesterday in the time zone)
              --timezone ZONE   the zone of the shop's days and opening hours, such as Europe/Berlin (default UTC)
              --locations N     locations (default 5)
              --drawers N       drawers, each with its own device, per location (default 2)
              --staff N         staff members per location (default 4)
              --shifts N        shifts per drawer per day (default 2)
              --sales N         average order transactions in a shift on an ordinary day (default 30)
              --currency CUR    the shop's currency (default USD)
              --name NAME       the shop's name (default Seeded Shop)
              --open-session N  also a drawer with one session still open holding N activities (benchmarks)
              --fresh-sessions N  also N drawers with a session opened through the ledger, holding only its opening count
            """,
        ["simulate"] = $"""
            Usage: till {SimulateUsage}
            Drives live traffic against a running Till so an app's dashboards move: adds a location, a
            staff member and N devices (each with a drawer of its own) to the shop, then each device
            opens a session (Admin API), sells through the control API's transactions (cash, often
            with change; card; now and then a cash refund), pays out once, counts mid-shift, closes
            (sometimes a little short) and opens the next. Prints a line per closed session. Stops
            after --duration or --sessions, or on Ctrl-C.
              --url URL          the running Till, such as http://127.0.0.1:8080  [TILL_URL]
              --admin-key KEY    the control API's admin key  [TILL_ADMIN_KEY]
              --shop SHOP_ID     the shop, as gid://shopify/Shop/N or N (till seed prints one)
              --devices N        devices selling at once (default 3)
              --rate N           transactions a second, all devices together (default 2; fractions allowed)
              --sales N          transactions per session before it closes (default 20)
              --duration SECONDS stop after this long (default: run until stopped)
              --sessions N       stop once N sessions have closed
              --seed N           the seed of the amounts and choices (default 1)
            """,
        ["staff pin"] = $"""
            Usage: till {StaffPinUsage}
            Sets a staff member's PIN for the cash office app (/app), as PUT /till/v1/shops/SHOP/staff/ID/pin
            does: only its hash is kept, any lockout is cleared and the staff member's app sessions end.
              --shop SHOP_ID    the shop (gid://shopify/Shop/1 or 1)
              --staff STAFF_ID  the staff member (gid://shopify/StaffMember/2 or 2), active in that shop
              --pin PIN         4 to 8 digits; without it the PIN is read from the first line of standard input
            {DatabaseHelp}
            """,
        ["backup"] = $"""
            Usage: till {BackupUsage}
            Copies a SQLite database to a new file with SQLite's online backup API, while servers go on
            using it: the copy is the database as of one commit, in one file. For PostgreSQL it says
            to use pg_dump or pg_basebackup instead (see docs/deploy.md) and exits with status 1.
              --to FILE       the new backup file (refused if it exists)
            {DatabaseHelp}
            """,
        ["restore"] = $"""
            Usage: till {RestoreUsage}
            Puts a backup made by till backup in place of the database. Refuses while anything has the
            database open (stop the servers first), and refuses to replace an existing database
            without --force. Migrations newer than the backup are applied when a server starts.
              --from FILE     the backup file
            {DatabaseHelp}
              --force         replace an existing database
            """,
        ["ledger verify"] = LedgerVerifyHelp + DatabaseHelp,
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
