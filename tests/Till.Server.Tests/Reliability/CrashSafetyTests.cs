using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Till.Testing;
using Xunit.Abstractions;

namespace Till.Server.Tests.Reliability;

/// <summary>
/// Kills a real Till process (SIGKILL) five times while clients write as fast as they can, restarts it
/// on the same database and port each time, and then checks, straight in the database, that every
/// write the server acknowledged is there and that no write is visible half-applied.
/// </summary>
[Collection(ReliabilityGroup.Name)]
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Seed = 20260401;
    private const int Crashes = 5;
    private const int Devices = 6;

    private enum Kind
    {
        Open,
        Adjust,
        Count,
        Close,
        Transaction,
    }

    /// <summary>One acknowledged write and what it booked (amounts as sent).</summary>
    private sealed record Ack(Kind Kind, string SessionId, string Note, string Amount, string? TransactionKind = null, string? TransactionId = null);

    private sealed class Figures
    {
        public int Sent;
        public int InDoubt;
        public int Refused;
    }

    [Fact]
    public async Task KilledFiveTimesUnderLoad_EveryAcknowledgedWriteSurvivesAndNothingIsHalfApplied()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var server = await TillProcess.StartAsync(database.Url, extraArgs: ["--throttle-maximum", "1000000", "--throttle-restore-rate", "1000000"]);
        using var wire = new TillWire(server.BaseUrl, TimeSpan.FromSeconds(20));
        var shop = await wire.ProvisionShopAsync("Crash shop", Devices, drawers: 3);

        var acks = new ConcurrentBag<Ack>();
        var figures = new Figures();
        var refusals = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var clients = Enumerable.Range(0, Devices)
            .Select(i => Task.Run(() => DriveAsync(wire, server, shop, i, acks, figures, refusals, stop.Token)))
            .ToList();

        // Load first, so that the first crash hits a warm server with sessions in every state.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var random = new Random(Seed);
        var crashes = 0;
        for (var i = 0; i < Crashes; i++)
        {
            await Task.Delay(300 + random.Next(1200));
            server.Kill();
            crashes++;
            await server.StartAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(60));
        var elapsed = clock.Elapsed;

        var ledger = await LedgerAudit.LoadAsync(database);
        var lost = Lost(ledger, acks.ToList());
        var violations = ledger.Violations();
        var unbalanced = await LedgerAudit.UnbalancedDrawersAsync(database);

        var byKind = acks.GroupBy(a => a.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key.ToString().ToLowerInvariant()} {g.Count()}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"crash safety [{(database.IsPostgres ? "postgres" : "sqlite")}]: {figures.Sent} requests sent, {acks.Count} acknowledged writes checked ({string.Join(", ", byKind)}), " +
            $"{figures.InDoubt} in doubt (connection lost), {figures.Refused} refused, {crashes} crashes survived ({server.Starts} starts), lost: {lost.Count}, " +
            $"{ledger.Sessions.Count} sessions, {ledger.Activities.Count} activities, {elapsed.TotalSeconds:0.0} s"));

        crashes.ShouldBe(Crashes);
        server.IsRunning.ShouldBeTrue(server.OutputTail());
        acks.Count(a => a.Kind == Kind.Close).ShouldBeGreaterThan(Crashes, "too few sessions were closed to mean anything");
        acks.Count(a => a.Kind is Kind.Adjust or Kind.Transaction).ShouldBeGreaterThan(100, "too few writes were acknowledged to mean anything");
        refusals.ShouldBeEmpty("no write in this test should be refused:\n" + string.Join("\n", refusals.Take(10)));
        lost.ShouldBeEmpty("acknowledged writes missing from the database:\n" + string.Join("\n", lost.Take(20)));
        violations.ShouldBeEmpty("half-applied or inconsistent ledger:\n" + string.Join("\n", violations.Take(20)));
        unbalanced.ShouldBeEmpty("drawers whose balance is not the sum of their activities");
    }

    /// <summary>One client on one device: open, then adjustments, cash transactions and counts, then close, again and again.</summary>
    private static async Task DriveAsync(TillWire wire, TillProcess server, ProvisionedShop shop, int client, ConcurrentBag<Ack> acks, Figures figures, ConcurrentQueue<string> refusals, CancellationToken stop)
    {
        var random = new Random(Seed + client + 1);
        var device = shop.Devices[client];
        string? session = null;
        var resync = true;
        var sequence = 0;
        while (!stop.IsCancellationRequested)
        {
            if (resync)
            {
                // After a lost connection nobody knows whether the last write landed: ask the server.
                session = await WithServerAsync(server, () => wire.ActiveSessionAsync(shop, device), stop);
                resync = false;
                if (stop.IsCancellationRequested)
                {
                    break;
                }
            }

            var note = string.Create(CultureInfo.InvariantCulture, $"crash:{client}:{sequence++}");
            var roll = random.Next(100);
            Kind kind;
            string amount;
            string? transactionKind = null;
            Func<Task<Reply>> send;
            if (session is null)
            {
                kind = Kind.Open;
                amount = Money(random, 0, 50_000);
                send = () => wire.OpenAsync(shop, device, amount, note);
            }
            else if (roll < 35)
            {
                kind = Kind.Adjust;
                amount = (random.Next(2) == 0 ? "-" : string.Empty) + Money(random, 1, 5_000);
                var target = session;
                send = () => wire.AdjustAsync(shop, target, amount, note);
            }
            else if (roll < 75)
            {
                kind = Kind.Transaction;
                transactionKind = random.Next(10) switch { < 6 => "SALE", < 8 => "CHANGE", _ => "REFUND" };
                amount = Money(random, 1, 10_000);
                var tk = transactionKind;
                send = () => wire.TransactionAsync(shop, device, tk, amount);
            }
            else if (roll < 85)
            {
                kind = Kind.Count;
                amount = Money(random, 0, 50_000);
                var target = session;
                send = () => wire.CountAsync(shop, target, amount, note);
            }
            else
            {
                kind = Kind.Close;
                amount = Money(random, 0, 50_000);
                var target = session;
                send = () => wire.CloseAsync(shop, target, amount, note);
            }

            Interlocked.Increment(ref figures.Sent);
            Reply reply;
            try
            {
                reply = await send();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                Interlocked.Increment(ref figures.InDoubt);
                resync = true;
                continue;
            }

            if (kind == Kind.Transaction)
            {
                if (reply.Status == 201)
                {
                    var sessionOfTransaction = reply.Body.GetProperty("paymentSessionId").GetString()!;
                    acks.Add(new Ack(kind, sessionOfTransaction, note, amount, transactionKind, reply.Body.GetProperty("id").GetString()));
                    if (sessionOfTransaction != session)
                    {
                        refusals.Enqueue($"client {client}: transaction booked into {sessionOfTransaction}, not the open session {session}");
                    }
                }
                else
                {
                    Refused(figures, refusals, client, kind, reply);
                    resync = true;
                }

                continue;
            }

            var mutation = kind switch
            {
                Kind.Open => TillWire.Open,
                Kind.Adjust => TillWire.Adjust,
                Kind.Count => TillWire.Count,
                _ => TillWire.Close,
            };
            if (reply.Succeeded(mutation))
            {
                var id = reply.Payload(mutation).GetProperty("pointOfSaleDevicePaymentSession").GetProperty("id").GetString()!;
                acks.Add(new Ack(kind, id, note, amount));
                session = kind switch
                {
                    Kind.Open => id,
                    Kind.Close => null,
                    _ => session,
                };
            }
            else
            {
                Refused(figures, refusals, client, kind, reply);
                resync = true;
            }
        }
    }

    private static void Refused(Figures figures, ConcurrentQueue<string> refusals, int client, Kind kind, Reply reply)
    {
        Interlocked.Increment(ref figures.Refused);
        refusals.Enqueue($"client {client} {kind}: {reply}");
    }

    /// <summary>Runs a read, waiting out a server that is down (bounded by the test's own deadline).</summary>
    private static async Task<T?> WithServerAsync<T>(TillProcess server, Func<Task<T>> read, CancellationToken stop)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                return await read();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                if (stop.IsCancellationRequested && !server.IsRunning)
                {
                    return default;
                }

                await Task.Delay(50, CancellationToken.None);
            }
        }

        throw new TimeoutException("the server did not come back within 60 s:\n" + server.OutputTail());
    }

    private static string Money(Random random, int minCents, int maxCents) =>
        (random.Next(minCents, maxCents + 1) / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>The acknowledged writes the database does not show exactly as acknowledged.</summary>
    private static List<string> Lost(LedgerAudit ledger, List<Ack> acks)
    {
        var lost = new List<string>();
        foreach (var ack in acks)
        {
            var sessionNumber = LedgerAudit.Number(ack.SessionId);
            ledger.SessionsById.TryGetValue(sessionNumber, out var session);
            if (session is null)
            {
                lost.Add($"{ack}: session {sessionNumber} does not exist");
                continue;
            }

            var amount = LedgerAudit.Thousandths(ack.Amount);
            var noted = ledger.ActivitiesByNote[ack.Note].ToList();
            switch (ack.Kind)
            {
                case Kind.Open:
                    if (session.OpeningNote != ack.Note || session.CountedAtOpen != amount || noted.Count(a => a.Type == "OPENING" && a.SessionId == sessionNumber) != 1)
                    {
                        lost.Add($"{ack}: session {session} with activities [{string.Join(", ", noted)}]");
                    }

                    break;
                case Kind.Adjust:
                    if (noted.Count != 1 || noted[0].SessionId != sessionNumber || noted[0].Type != "ADJUSTMENT" || noted[0].Cash != amount)
                    {
                        lost.Add($"{ack}: activities [{string.Join(", ", noted)}]");
                    }

                    break;
                case Kind.Count:
                    if (noted.Count != 1 || noted[0].SessionId != sessionNumber || noted[0].Type != "MID_SESSION" || noted[0].Counted != amount)
                    {
                        lost.Add($"{ack}: activities [{string.Join(", ", noted)}]");
                    }

                    break;
                case Kind.Close:
                    if (session.Status != "CLOSED" || session.ClosingNote != ack.Note || session.CountedAtClose != amount || session.ClosingTime is null
                        || noted.Count(a => a.Type == "CLOSING") != 1)
                    {
                        lost.Add($"{ack}: session {session} with activities [{string.Join(", ", noted)}]");
                    }

                    break;
                case Kind.Transaction:
                    var number = LedgerAudit.Number(ack.TransactionId!);
                    var booked = ledger.ActivitiesByTransaction[number].ToList();
                    var cash = ack.TransactionKind == "SALE" ? amount : -amount;
                    if (!ledger.TransactionsById.TryGetValue(number, out var transaction) || transaction.SessionId != sessionNumber || transaction.Amount != amount
                        || booked.Count != 1 || booked[0].Type != ack.TransactionKind || booked[0].Cash != cash || booked[0].SessionId != sessionNumber)
                    {
                        lost.Add($"{ack}: transaction {transaction?.ToString() ?? "missing"} with activities [{string.Join(", ", booked)}]");
                    }

                    break;
                default:
                    throw new InvalidOperationException(ack.Kind.ToString());
            }
        }

        return lost;
    }
}
