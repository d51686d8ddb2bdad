using System.Globalization;
using Till.Server.Seeding;

namespace Till.Server.Cli;

/// <summary>`till simulate`: live traffic against a running Till.</summary>
public static partial class CommandLine
{
    private const string SimulateUsage =
        "simulate --url URL --admin-key KEY --shop SHOP_ID [--devices N] [--rate N] [--sales N] [--duration SECONDS] [--sessions N] [--seed N]";

    private static readonly string[] SimulateOptions = ["--url", "--admin-key", "--shop", "--devices", "--rate", "--sales", "--duration", "--sessions", "--seed"];

    private static async Task<int> SimulateAsync(Dictionary<string, string?> options, TextWriter output)
    {
        var urlText = Setting(options, "--url", "TILL_URL") ?? throw new UsageException("--url is required (the running Till, such as http://127.0.0.1:8080)");
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new UsageException("--url must be an http:// or https:// URL such as http://127.0.0.1:8080");
        }

        var adminKey = Setting(options, "--admin-key", "TILL_ADMIN_KEY") ?? throw new UsageException("--admin-key is required");
        var shop = Require(options, "--shop");
        if (Ids.GlobalId.ParseOf(shop, Ids.GidTypes.Shop) is null)
        {
            shop = long.TryParse(shop, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Ids.GlobalId.Format(Ids.GidTypes.Shop, n) : throw new UsageException("--shop must be a shop ID such as gid://shopify/Shop/1");
        }

        var rateText = options.GetValueOrDefault("--rate") ?? "2";
        var rate = double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r > 0 && r <= 10_000 ? r : throw new UsageException("--rate must be a number of transactions a second above 0");
        var plan = new SimulationPlan(
            url, adminKey, shop,
            Number(options.GetValueOrDefault("--devices"), 3, "--devices"),
            rate,
            Number(options.GetValueOrDefault("--sales"), 20, "--sales"),
            options.GetValueOrDefault("--duration") is { } d ? TimeSpan.FromSeconds(Number(d, 0, "--duration")) : null,
            options.GetValueOrDefault("--sessions") is { } s ? Number(s, 0, "--sessions") : null,
            Number(options.GetValueOrDefault("--seed"), 1, "--seed"));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var interrupted = new CancellationTokenSource();
        ConsoleCancelEventHandler stop = (_, e) =>
        {
            e.Cancel = true;
            interrupted.Cancel();
        };
        Console.CancelKeyPress += stop;
        try
        {
            var gate = new Lock();
            var result = await new Simulator(plan, http, line =>
            {
                lock (gate)
                {
                    output.WriteLine(line);
                }
            }).RunAsync(interrupted.Token).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"simulated {result.Elapsed.TotalSeconds:F1} s: {result.SessionsClosed} sessions closed, {result.Transactions} transactions, {result.Adjustments} adjustments, {result.Counts} counts")).ConfigureAwait(false);
            return 0;
        }
        catch (SimulationException e)
        {
            throw new FailureException(e.Message);
        }
        catch (HttpRequestException e)
        {
            throw new FailureException($"cannot reach Till at {url}: {e.Message}");
        }
        finally
        {
            Console.CancelKeyPress -= stop;
        }
    }
}
