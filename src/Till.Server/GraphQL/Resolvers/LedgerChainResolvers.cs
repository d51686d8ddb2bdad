using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Till.Drawers;
using Till.Ids;
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
            var result = await c.Till().Services.GetRequiredService<LedgerVerification>().VerifyDrawerAsync(drawer.ShopId, drawer.Id, c.CancellationToken).ConfigureAwait(false);
            return result is null
                ? new VerificationView(0, null, drawer.LedgerHead, false, "the drawer no longer exists")
                : new VerificationView(
                    (int)Math.Min(result.Activities, int.MaxValue),
                    result.Break?.ActivityId is { } id ? GlobalId.Format(GidTypes.TillCashActivity, id) : null,
                    result.Head,
                    result.Ok,
                    result.Break?.Problem);
        });
        w.IsTypeOf("TillLedgerVerification", o => o is VerificationView);
        w.Properties("TillLedgerVerification", typeof(VerificationView));
    }

    private sealed record VerificationView(int ActivityCount, string? BrokenActivityId, string? Head, bool Ok, string? Problem);
}
