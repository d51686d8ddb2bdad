using System.Globalization;

namespace Till.LoadDriver;

/// <summary>The driver's command line.</summary>
internal sealed record Options
{
    public string Url { get; init; } = "http://127.0.0.1:5080";

    public string AdminKey { get; init; } = "bench-admin-key";

    public int Concurrency { get; init; } = 50;

    public int Duration { get; init; } = 20;

    public int Warmup { get; init; } = 30;

    public string Database { get; init; } = "sqlite";

    public string Target { get; init; } = "till";

    public int Readers { get; init; } = 2;

    public int Sales { get; init; } = 20;

    public int ReaderPause { get; init; } = 50;

    public int ListFirst { get; init; } = 50;

    public string? Shop { get; init; }

    public string? Token { get; init; }

    public int? ServerPid { get; init; }

    public string? Serve { get; init; }

    public string? ServeLog { get; init; }

    public string? Out { get; init; }

    public string? Compare { get; init; }

    public string ApiVersion { get; init; } = "2026-04";

    public string? Label { get; init; }

    public bool ListOnly { get; init; }

    public string DbProcess { get; init; } = "postgres";

    public string? CountersUrl { get; init; }

    public string? DbName { get; init; }

    public const string Usage = """
        Till.LoadDriver: drives Till (or the hand-written baseline) with simulated POS devices.

          --url URL              server base URL (default http://127.0.0.1:5080)
          --admin-key KEY        control API admin key (default bench-admin-key)
          --concurrency N        simulated devices, each looping open, N sales, adjust, count, close (default 50)
          --duration S           measured seconds (default 20), after --warmup S (default 30: the JIT is still recompiling hot code with profile data for the first ~25 s)
          --readers N            extra clients listing sessions and reading drawers (default 2)
          --reader-pause MS      pause of each reader after its list and drawer reads (default 50; 0 = closed loop)
          --sales N              cash sales per session (default 20)
          --list-first N         page size of the sessions list the readers ask for (default 50, at most 250)
          --list-only            no devices: only the readers run (for list latency on a big history)
          --database LABEL       label for the report (sqlite, postgres, ...)
          --target till|baseline which server speaks at --url (default till)
          --shop ID --token T    use an existing shop (e.g. one Till.Seed filled) instead of creating one
          --server-pid PID       measure this process's CPU time
          --serve "COMMAND"      start the server with this command line (sh -c), wait for it, measure it, stop it
          --serve-log FILE       where the started server's output goes (default: discarded)
          --db-process NAME      also sum the CPU of processes whose name starts with NAME (default postgres; "" for none)
          --db-name DATABASE     of PostgreSQL's client backends, count only those of DATABASE (its background processes still count)
          --counters-url URL     read a JSON object of counters (e.g. Till.Ratios pgwire's round trips and statements)
                                 at the start and end of the measured window and report them per mutation
          --out FILE             write the figures as JSON
          --compare FILE         a baseline run's JSON: print this run's throughput as a ratio of it
          --label TEXT           a title for the report
        """;

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value()
            {
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"{name} needs a value.");
                }

                return args[++i];
            }

            int Number() => int.Parse(Value(), CultureInfo.InvariantCulture);

            options = name switch
            {
                "--url" => options with { Url = Value().TrimEnd('/') },
                "--admin-key" => options with { AdminKey = Value() },
                "--concurrency" => options with { Concurrency = Number() },
                "--duration" => options with { Duration = Number() },
                "--warmup" => options with { Warmup = Number() },
                "--database" => options with { Database = Value() },
                "--target" => options with { Target = Value() },
                "--readers" => options with { Readers = Number() },
                "--sales" => options with { Sales = Number() },
                "--reader-pause" => options with { ReaderPause = Number() },
                "--list-first" => options with { ListFirst = Number() },
                "--list-only" => options with { ListOnly = true },
                "--shop" => options with { Shop = Value() },
                "--token" => options with { Token = Value() },
                "--server-pid" => options with { ServerPid = Number() },
                "--serve" => options with { Serve = Value() },
                "--serve-log" => options with { ServeLog = Value() },
                "--db-process" => options with { DbProcess = Value() },
                "--counters-url" => options with { CountersUrl = Value() },
                "--db-name" => options with { DbName = Value() },
                "--out" => options with { Out = Value() },
                "--compare" => options with { Compare = Value() },
                "--api-version" => options with { ApiVersion = Value() },
                "--label" => options with { Label = Value() },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
        }

        if (options.Target is not ("till" or "baseline"))
        {
            throw new ArgumentException("--target must be till or baseline.");
        }

        if (options.ListFirst is < 1 or > 250)
        {
            throw new ArgumentException("--list-first must be between 1 and 250.");
        }

        return options;
    }
}
