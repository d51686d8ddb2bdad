using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Till.Drawers;
using Till.Ids;
using Till.Server.Cost;
using Till.Sessions;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>The till version's ledger chain: each activity's link, a drawer's head, and its verification.</summary>
internal static class LedgerChainResolvers
{
    public static void Wire(Wiring w)
    {
        foreach (var type in new[] { "CashTransactionActivity", "CashAdjustmentActivity", "CashCountActivity" })
        {
            w.Field(type, "tillHash", c => ((CashActivity)c.Source!).Hash ?? string.Empty);
        }

        w.Field("CashDrawer", "tillLedgerHead", c => ((CashDrawer)c.Source!).LedgerHead);
        w.FieldAsync("CashDrawer", "tillLedgerVerification", async c =>
        {
            var drawer = (CashDrawer)c.Source!;
            var full = c.GetArgument<bool?>("full") ?? false;
            var result = await c.Till().Services.GetRequiredService<LedgerVerification>().VerifyDrawerAsync(drawer.ShopId, drawer.Id, full, c.CancellationToken).ConfigureAwait(false);
            return result is null
                ? new VerificationView(0, null, drawer.LedgerHead, false, "the drawer no longer exists", null, 0, full)
                : new VerificationView(
                    Clamp(result.Activities),
                    result.Break?.ActivityId is { } id ? GlobalId.Format(GidTypes.TillCashActivity, id) : null,
                    result.Head,
                    result.Ok,
                    result.Break?.Problem,
                    result.From is { } from ? GlobalId.Format(GidTypes.TillCashActivity, from.ActivityId) : null,
                    Clamp(result.Checked),
                    full);
        });
        w.IsTypeOf("TillLedgerVerification", o => o is VerificationView);
        w.Properties("TillLedgerVerification", typeof(VerificationView));
    }

    private static int Clamp(long count) => (int)Math.Min(count, int.MaxValue);

    /// <summary>What the field answers; a full check, asked for, prices in <see cref="CostRules.FullLedgerVerificationCost"/> (as the requested cost does).</summary>
    private sealed record VerificationView(int ActivityCount, string? BrokenActivityId, string? Head, bool Ok, string? Problem, string? CheckpointActivityId, int CheckedActivityCount, bool Full) : IPricedResult
    {
        public long ExtraCost => Full ? CostRules.FullLedgerVerificationCost : 0;
    }
}
