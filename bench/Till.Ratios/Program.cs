namespace Till.Ratios;

/// <summary>
/// Helpers of bench/ratios.sh: run a load tool and measure the CPU around it, count the PostgreSQL
/// wire protocol between a client and the server, and turn the measured points into ratios.md.
/// </summary>
internal static class Program
{
    private const string Usage = """
        Till.Ratios measure --name NAME --out FILE [--pid PID] [--db-process PREFIX] [--db-name DATABASE] [--label TEXT]
                            [--pgbench-log PREFIX] -- COMMAND [ARGS...]
            Runs COMMAND (wrk with bench/wrk/till.lua, or pgbench), reads its figures, and writes them to FILE as
            JSON with the CPU used meanwhile by process PID (the server), by processes named PREFIX* (the
            database, default postgres, "" for none; with --db-name only PostgreSQL client backends of
            DATABASE and the server's background processes), by COMMAND itself and by everything else.
        Till.Ratios pgwire --listen HOST:PORT --upstream HOST:PORT --counters HOST:PORT
            A TCP proxy in front of PostgreSQL that counts what clients send: round trips (bursts of client
            bytes after the server's answer) and statements (Execute and simple Query messages), with the
            Sync, Parse and Bind messages. GET http://COUNTERS/ returns the counts as JSON. Runs until stopped.
        Till.Ratios report --dir DIR
            Reads DIR/ratios.tsv (written by bench/ratios.sh) and the JSON files it names, writes DIR/ratios.md.
        """;

    private static async Task<int> Main(string[] args)
    {
        try
        {
            return args.FirstOrDefault() switch
            {
                "measure" => await MeasureCommand.RunAsync(args[1..]),
                "pgwire" => await PgWire.RunAsync(args[1..]),
                "report" => ReportCommand.Run(args[1..]),
                _ => Fail(),
            };
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return Fail();
        }
    }

    private static int Fail()
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }

    /// <summary>The value after option <paramref name="name"/>, or null.</summary>
    public static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i < 0 ? null : i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{name} needs a value.");
    }

    public static string Required(string[] args, string name) => Option(args, name) ?? throw new ArgumentException($"{name} is required.");
}
