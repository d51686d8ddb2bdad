using System.Globalization;
using Till.ReasonCodes;
using Till.Sessions;
using Till.Tests.Support;

namespace Till.Tests.Sessions;

public sealed class LedgerPropertyTests : IAsyncLifetime
{
    private TillHarness till = null!;

    public async Task InitializeAsync() => till = await TillHarness.CreateAsync();

    public async Task DisposeAsync() => await till.DisposeAsync();

    private static string Text(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static decimal Cents(Random random, int maxCents) => random.Next(1, maxCents + 1) / 100m;

    [Theory]
    [InlineData(20260401)]
    [InlineData(7)]
    public async Task RandomOperations_KeepBookBalanceEqualToActivitySumAndCloseArithmetic(int seed)
    {
        var random = new Random(seed);
        var devices = new[] { till.DeviceId, await till.AddDeviceAsync(till.DrawerId) };
        var open = new long?[devices.Length];
        var payout = new ReasonCodeRef(ReasonCodeKind.Default, await till.ReasonCodeIdAsync(ReasonCodeKind.Default, "CASH_PAYOUT"));
        var model = 0m;
        var closes = 0;
        var opens = 0;

        for (var step = 0; step < 200; step++)
        {
            var d = random.Next(devices.Length);
            var device = devices[d];
            var context = $"seed {seed}, step {step}, device {device}";
            if (open[d] is not { } sessionId)
            {
                if (random.Next(5) == 0)
                {
                    // Cash with no open session is refused and leaves no trace.
                    var refused = await till.RecordAsync("SALE", Cents(random, 5000), deviceId: device);
                    refused.Errors.ShouldHaveSingleItem(context).Code.ShouldBe("NO_OPEN_SESSION", context);
                }
                else
                {
                    string? balance = random.Next(4) == 0 ? null : Text(random.Next(0, 30_000) / 100m);
                    var opened = await till.OpenAsync(balance, device);
                    opened.Errors.ShouldBeEmpty(context);
                    var session = opened.Value!;
                    var counted = balance is null ? model : decimal.Parse(balance, CultureInfo.InvariantCulture);
                    // The drawer's first session sets the float up: no opening discrepancy.
                    session.ExpectedCashAtOpen.ShouldBe(opens == 0 ? counted : model, context);

                    session.CashCountedAtOpen.ShouldBe(counted, context);
                    model = counted;
                    open[d] = session.Id;
                    opens++;
                }
            }
            else
            {
                switch (random.Next(10))
                {
                    case 0 or 1 or 2:
                        {
                            var kind = random.Next(3) switch { 0 => "SALE", 1 => "REFUND", _ => "CHANGE" };
                            var cash = random.Next(3) != 0;
                            var amount = Cents(random, 20_000);
                            var recorded = await till.RecordAsync(kind, amount, cash ? "cash" : "card", device);
                            recorded.Errors.ShouldBeEmpty(context);
                            recorded.Value!.SessionId.ShouldBe(sessionId, context);
                            if (cash)
                            {
                                model += kind == "SALE" ? amount : -amount;
                            }

                            break;
                        }

                    case 3 or 4:
                        {
                            var amount = Cents(random, 10_000) * (random.Next(2) == 0 ? -1 : 1);
                            var isPayout = random.Next(4) == 0;
                            var adjusted = await till.AdjustAsync(sessionId, Text(amount), isPayout ? payout : null);
                            adjusted.Errors.ShouldBeEmpty(context);
                            adjusted.Value!.Totals.ShouldBe((await till.SessionAsync(sessionId)).Totals, $"{context}: the adjust's result carries the totals after it");
                            model += isPayout ? -Math.Abs(amount) : amount;
                            break;
                        }

                    case 5 or 6:
                        {
                            var counted = Math.Max(0m, model + (random.Next(-500, 501) / 100m));
                            var count = await till.CountAsync(sessionId, Text(counted));
                            count.Errors.ShouldBeEmpty(context);
                            count.Value!.Totals.ShouldBe((await till.SessionAsync(sessionId)).Totals, $"{context}: the count's result carries the totals after it");
                            model = counted;
                            break;
                        }

                    default:
                        {
                            var counted = random.Next(3) == 0 ? Math.Max(0m, model) : Math.Max(0m, model + (random.Next(-1000, 1001) / 100m));
                            var expected = model;
                            var outcome = await till.CloseAsync(sessionId, Text(counted));
                            outcome.Errors.ShouldBeEmpty(context);
                            var stored = await till.SessionAsync(sessionId);
                            outcome.Value!.Totals.ShouldBe(stored.Totals, $"{context}: the close's result carries the totals after it");
                            stored.Status.ShouldBe(SessionStatus.Closed, context);
                            stored.ExpectedCashAtClose.ShouldBe(expected, context);
                            stored.CashCountedAtClose.ShouldBe(counted, context);
                            stored.ClosingAdjustment.ShouldBe(counted - expected, context);
                            var activities = await till.ActivitiesAsync(sessionId);
                            activities.Count(a => a.Type == "CLOSING").ShouldBe(1, context);
                            activities.Count(a => a.Type == "CLOSING_ADJUSTMENT").ShouldBe(counted == expected ? 0 : 1, context);
                            model = counted;
                            open[d] = null;
                            closes++;
                            break;
                        }
                }
            }

            var balanceNow = await till.AssertBookBalanceIsActivitySumAsync();
            balanceNow.ShouldBe(model, context);
        }

        closes.ShouldBeGreaterThan(5);

        // Every closed session's stored closing adjustment is counted − expected.
        var mismatched = await till.ScalarAsync(
            "SELECT COUNT(*) FROM payment_sessions WHERE status = 'CLOSED' AND closing_adjustment <> counted_at_close - expected_at_close");
        mismatched.ShouldBe(0L);
        (await till.ScalarAsync("SELECT COUNT(*) FROM payment_sessions WHERE status = 'CLOSED'")).ShouldBe((long)closes);
    }
}
