using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Till.Ids;
using Till.Server.Cli;
using Till.Shops;
using Till.Storage.Sqlite;

namespace Till.Server.Tests.Cli;

[Trait("Backend", "None")] // Touches no test database: the PostgreSQL pass leaves it out (scripts/test).
public sealed partial class CommandLineTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "till-cli-tests", Guid.NewGuid().ToString("N"));

    public CommandLineTests() => Directory.CreateDirectory(directory);

    private string Database => Path.Combine(directory, "till.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean up.
        }
    }

    private sealed record Run(int ExitCode, string Output, string Error)
    {
        public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static async Task<Run> RunAsync(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        var exit = await CommandLine.RunAsync(args, output, error);
        return new Run(exit, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }

    private static void ShouldFailWithOneLine(Run run)
    {
        run.ExitCode.ShouldNotBe(0, run.ToString());
        var message = run.Error.TrimEnd('\n');
        message.ShouldNotBeNullOrWhiteSpace(run.ToString());
        message.ShouldNotContain("\n", customMessage: run.ToString());
        message.ShouldNotContain("   at ", customMessage: "no stack trace: " + run);
    }

    private async Task<string> CreateShopAsync(string name = "Corner", string currency = "USD")
    {
        var run = await RunAsync("shop", "create", "--name", name, "--currency", currency, "--database", Database);
        run.ExitCode.ShouldBe(0, run.ToString());
        return run.OutputLines.Single(l => l.StartsWith("gid://", StringComparison.Ordinal));
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    [GeneratedRegex(@"^gid://shopify/Shop/[1-9][0-9]*$")]
    private static partial Regex ShopGid();

    [GeneratedRegex(@"gid://shopify/(Shop|Location|StaffMember|PointOfSaleDevice|CashDrawer)/[1-9][0-9]*")]
    private static partial Regex AnyGid();

    [GeneratedRegex(@"shpat_[0-9a-f]+")]
    private static partial Regex Token();

    [Fact]
    public async Task Migrate_NewDatabase_ExitsZeroAndCreatesTheSchema()
    {
        var run = await RunAsync("migrate", "--database", Database);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Error.ShouldBeEmpty();
        File.Exists(Database).ShouldBeTrue();
        ((long)(await ScalarAsync("SELECT COUNT(*) FROM schema_migrations"))!).ShouldBeGreaterThan(0);
        ((long)(await ScalarAsync("SELECT COUNT(*) FROM shops"))!).ShouldBe(0);
    }

    [Fact]
    public async Task Migrate_Twice_IsIdempotent()
    {
        (await RunAsync("migrate", "--database", Database)).ExitCode.ShouldBe(0);
        var before = await ScalarAsync("SELECT COUNT(*) FROM schema_migrations");

        var run = await RunAsync("migrate", "--database=" + Database);

        run.ExitCode.ShouldBe(0, run.ToString());
        (await ScalarAsync("SELECT COUNT(*) FROM schema_migrations")).ShouldBe(before);
    }

    [Fact]
    public async Task ShopCreate_NameAndCurrency_PrintsTheShopGid()
    {
        var run = await RunAsync("shop", "create", "--name", "Corner shop", "--currency", "USD", "--database", Database);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Error.ShouldBeEmpty();
        var line = run.OutputLines.ShouldHaveSingleItem();
        line.ShouldMatch(ShopGid().ToString());
        (await ScalarAsync($"SELECT name || ' ' || currency FROM shops WHERE id = {GlobalId.ParseOf(line, GidTypes.Shop)}")).ShouldBe("Corner shop USD");
    }

    [Fact]
    public async Task ShopCreate_UnknownCurrency_FailsWithOneLineAndCreatesNothing()
    {
        var run = await RunAsync("shop", "create", "--name", "Corner shop", "--currency", "ZZZ", "--database", Database);

        ShouldFailWithOneLine(run);
        run.Error.ShouldContain("--currency");
    }

    [Fact]
    public async Task ShopCreate_Timezone_IsStored()
    {
        var run = await RunAsync("shop", "create", "--name", "Harbour", "--currency", "USD", "--timezone", "Australia/Lord_Howe", "--database", Database);

        run.ExitCode.ShouldBe(0, run.ToString());
        var line = run.OutputLines.ShouldHaveSingleItem();
        (await ScalarAsync($"SELECT timezone FROM shops WHERE id = {GlobalId.ParseOf(line, GidTypes.Shop)}")).ShouldBe("Australia/Lord_Howe");
        (await ScalarAsync($"SELECT timezone FROM shops WHERE id = {GlobalId.ParseOf(await CreateShopAsync("Plain"), GidTypes.Shop)}")).ShouldBe("UTC");
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("america/new_york")]
    [InlineData("Eastern Standard Time")]
    public async Task ShopCreate_UnknownTimezone_FailsWithOneLineAndCreatesNothing(string zone)
    {
        var run = await RunAsync("shop", "create", "--name", "Corner shop", "--currency", "USD", "--timezone", zone, "--database", Database);

        ShouldFailWithOneLine(run);
        run.Error.ShouldContain("--timezone");
    }

    [Fact]
    public async Task ShopCreate_Twice_PrintsDistinctIds()
    {
        var first = await CreateShopAsync("One");
        var second = await CreateShopAsync("Two", "JPY");

        first.ShouldNotBe(second);
    }

    [Fact]
    public async Task TokenCreate_ForCreatedShop_PrintsATokenThatAuthenticates()
    {
        var shop = await CreateShopAsync();

        var run = await RunAsync("token", "create", "--shop", shop, "--scopes", "read_cash_tracking", "--database", Database);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Error.ShouldBeEmpty();
        var token = run.OutputLines.ShouldHaveSingleItem();
        token.ShouldNotBeNullOrWhiteSpace();
        token.ShouldNotContain(" ");
        using var store = new SqliteStore(Database);
        var found = await new Provisioning(store, TimeProvider.System).AuthenticateAsync(token);
        found.ShouldNotBeNull();
        found.ShopId.ShouldBe(GlobalId.ParseOf(shop, GidTypes.Shop)!.Value);
        found.Scopes.ShouldBe(["read_cash_tracking"]);
    }

    [Fact]
    public async Task TokenCreate_SeveralScopes_KeepsThemAll()
    {
        var shop = await CreateShopAsync();

        var run = await RunAsync("token", "create", "--shop", shop, "--scopes", "read_cash_tracking,write_cash_tracking", "--database", Database);

        run.ExitCode.ShouldBe(0, run.ToString());
        using var store = new SqliteStore(Database);
        var found = await new Provisioning(store, TimeProvider.System).AuthenticateAsync(run.OutputLines.Single());
        found.ShouldNotBeNull();
        found.Scopes.OrderBy(s => s, StringComparer.Ordinal).ShouldBe(["read_cash_tracking", "write_cash_tracking"]);
    }

    [Fact]
    public async Task TokenCreate_UnknownShop_ExitsNonZeroWithOneLineError()
    {
        await CreateShopAsync();

        var run = await RunAsync("token", "create", "--shop", "gid://shopify/Shop/999999", "--scopes", "read_cash_tracking", "--database", Database);

        ShouldFailWithOneLine(run);
        run.Output.ShouldBeEmpty();
        ((long)(await ScalarAsync("SELECT COUNT(*) FROM tokens"))!).ShouldBe(0);
    }

    [Fact]
    public async Task TokenCreate_UnknownScope_ExitsNonZeroWithOneLineError()
    {
        var shop = await CreateShopAsync();

        var run = await RunAsync("token", "create", "--shop", shop, "--scopes", "read_everything", "--database", Database);

        ShouldFailWithOneLine(run);
        run.Output.ShouldBeEmpty();
    }

    [Fact]
    public async Task Demo_PrintsTheTokenAndIds()
    {
        var run = await RunAsync("demo", "--database", Database);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Error.ShouldBeEmpty();
        var ids = AnyGid().Matches(run.Output).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        ids.ShouldBe(["Shop", "Location", "StaffMember", "PointOfSaleDevice", "CashDrawer"], ignoreOrder: true);
        var token = Token().Match(run.Output);
        token.Success.ShouldBeTrue(run.Output);
        using var store = new SqliteStore(Database);
        (await new Provisioning(store, TimeProvider.System).AuthenticateAsync(token.Value)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Demo_Again_CreatesAnotherDemoShop()
    {
        (await RunAsync("demo", "--database", Database)).ExitCode.ShouldBe(0);

        var run = await RunAsync("demo", "--database", Database);

        run.ExitCode.ShouldBe(0, run.ToString());
        ((long)(await ScalarAsync("SELECT COUNT(*) FROM shops"))!).ShouldBe(2);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("shop")]
    [InlineData("shop", "delete")]
    [InlineData("token")]
    public async Task UnknownCommand_ExitsNonZeroWithOneLineError(params string[] args)
    {
        var run = await RunAsync([.. args, "--database", Database]);

        ShouldFailWithOneLine(run);
    }

    [Fact]
    public async Task NoArguments_ExitsNonZero()
    {
        var run = await RunAsync();

        run.ExitCode.ShouldNotBe(0);
    }

    [Theory]
    [InlineData("shop", "create", "--currency", "USD")]
    [InlineData("shop", "create", "--name", "X")]
    [InlineData("shop", "create", "--name", "X", "--currency")]
    [InlineData("shop", "create", "--name", "X", "--currency", "usd")]
    [InlineData("shop", "create", "--name", "X", "--currency", "USD", "--colour", "red")]
    [InlineData("token", "create", "--scopes", "read_cash_tracking")]
    [InlineData("token", "create", "--shop", "gid://shopify/Shop/1")]
    [InlineData("token", "create", "--shop", "not-a-shop", "--scopes", "read_cash_tracking")]
    [InlineData("migrate", "--database")]
    [InlineData("migrate", "--verbose")]
    public async Task MissingOrBadOption_ExitsNonZeroWithOneLineError(params string[] args)
    {
        var run = await RunAsync(args.Contains("--database") ? args : [.. args, "--database", Database]);

        ShouldFailWithOneLine(run);
        run.Output.ShouldBeEmpty();
    }

    [Fact]
    public async Task MissingOption_MessageNamesTheOption()
    {
        var run = await RunAsync("shop", "create", "--currency", "USD", "--database", Database);

        ShouldFailWithOneLine(run);
        run.Error.ShouldContain("--name");
    }

    [Fact]
    public async Task Migrate_DatabaseInMissingDirectory_ExitsNonZeroWithOneLineError()
    {
        var run = await RunAsync("migrate", "--database", Path.Combine(directory, "missing", "deeper", "till.db"));

        ShouldFailWithOneLine(run);
    }

    [Fact]
    public async Task Migrate_UnreachablePostgres_ExitsNonZeroWithOneLineError()
    {
        var run = await RunAsync("migrate", "--database", "postgres://user:pass@127.0.0.1:1/till");

        ShouldFailWithOneLine(run);
        run.Error.ShouldContain("127.0.0.1:1");
        run.Error.ShouldNotContain("pass");
    }

    [Theory]
    [InlineData("serve", "--urls", "http://127.0.0.1:0", "--no-demo")]
    [InlineData("migrate")]
    [InlineData("demo")]
    public async Task UnknownPostgresHost_OneLineNamingTheHost(params string[] args)
    {
        var run = await RunAsync([.. args, "--database", "postgres://till:secret@no-such-host.invalid:5432/till"]);

        ShouldFailWithOneLine(run);
        run.Error.ShouldContain("'no-such-host.invalid'");
        run.Error.ShouldContain("--database");
        run.Error.ShouldNotContain("secret");
    }

    [Theory]
    [InlineData("serve", "--urls", "http://127.0.0.1:0")]
    [InlineData("migrate")]
    [InlineData("shop", "create", "--name", "X", "--currency", "USD")]
    public async Task UnwritableSqlitePath_OneLineNamingThePathAndTheFix(params string[] args)
    {
        // Under a file rather than a folder: no user, root included, can create it.
        var file = Path.Combine(directory, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");
        var database = Path.Combine(file, "till.db");

        var run = await RunAsync([.. args, "--database", database]);

        ShouldFailWithOneLine(run);
        run.Error.ShouldContain(database);
        run.Error.ShouldContain("is a file, not a folder");
        run.Output.ShouldBeEmpty("nothing printed before the failure, the admin key least of all");
    }

    [Fact]
    public async Task SqlitePathInMissingFolder_MessageNamesTheFolder()
    {
        var folder = Path.Combine(directory, "missing");

        var run = await RunAsync("serve", "--urls", "http://127.0.0.1:0", "--database", Path.Combine(folder, "till.db"));

        ShouldFailWithOneLine(run);
        run.Error.ShouldContain($"the folder {folder} does not exist");
    }

    [Fact]
    public async Task SqlitePathThatIsNotADatabase_OneLineSayingSo()
    {
        var file = Path.Combine(directory, "notes.txt");
        await File.WriteAllTextAsync(file, new string('x', 4096));

        var run = await RunAsync("migrate", "--database", file);

        ShouldFailWithOneLine(run);
        run.Error.ShouldContain(file);
        run.Error.ShouldContain("not a SQLite database");
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task TillHelp_ListsEveryCommand(string help)
    {
        var run = await RunAsync(help);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Error.ShouldBeEmpty();
        foreach (var command in new[] { "serve", "migrate", "shop create", "token create", "demo" })
        {
            run.Output.ShouldContain("  " + command + " ");
        }
    }

    [Fact]
    public async Task EveryCommand_AnswersHelp_WithItsUsageAndDoesNothingElse()
    {
        var commands = CommandsIn((await RunAsync("--help")).Output);
        commands.ShouldContain("serve");
        commands.ShouldContain("token create");

        foreach (var command in commands)
        {
            foreach (var asked in new string[][] { [.. command.Split(' '), "--help"], [.. command.Split(' '), "-h"], ["help", .. command.Split(' ')], [.. command.Split(' '), "--database", Database, "--help"] })
            {
                var run = await RunAsync(asked);

                run.ExitCode.ShouldBe(0, $"{string.Join(' ', asked)}: {run}");
                run.Error.ShouldBeEmpty();
                run.Output.ShouldStartWith($"Usage: till {command}");
            }
        }

        File.Exists(Database).ShouldBeFalse("asking for help opens no database");
    }

    [Fact]
    public async Task ServeHelp_DescribesEveryOption()
    {
        var run = await RunAsync("serve", "--help");

        foreach (var option in new[] { "--urls", "--database", "--admin-key", "--no-demo", "--throttle-maximum", "--throttle-restore-rate", "TILL_URLS", "TILL_DATABASE", "/graphiql" })
        {
            run.Output.ShouldContain(option);
        }
    }

    [Fact]
    public async Task Help_UnknownCommand_ExitsNonZeroWithOneLineError()
    {
        var run = await RunAsync("frobnicate", "--help");

        ShouldFailWithOneLine(run);
    }

    /// <summary>The commands `till --help` lists: the words of each usage line before its first option.</summary>
    private static List<string> CommandsIn(string help) =>
        help.Split('\n')
            .Where(l => l.StartsWith("  ", StringComparison.Ordinal))
            .Select(l => string.Join(' ', l.Trim().Split(' ').TakeWhile(w => !w.StartsWith('-') && !w.StartsWith('['))))
            .Where(c => c.Length > 0)
            .ToList();
}
