using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Till.Common;
using Till.Ids;
using Till.Server.GraphQL.Types;
using Till.Sessions;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>The till version's activity IDs, the links between a reversal and what it reverses, and <c>tillCashActivityReverse</c>.</summary>
internal static class ReversalResolvers
{
    public static void Wire(Wiring w)
    {
        foreach (var type in new[] { "CashTransactionActivity", "CashAdjustmentActivity", "CashCountActivity" })
        {
            w.Field(type, "tillId", c => GlobalId.Format(GidTypes.TillCashActivity, A(c).Id));
        }

        w.FieldAsync("CashAdjustmentActivity", "tillReverses", async c => A(c).ReversesId is { } id
            ? await c.Till().LoadAsync("activity", id, u => u.GetActivityAsync(c.Till().ShopId, id)).ConfigureAwait(false)
            : null);
        w.FieldAsync("CashAdjustmentActivity", "tillReversedBy", async c =>
        {
            var id = A(c).Id;
            return await c.Till().LoadAsync("reversal-of", id, u => u.GetReversalOfAsync(c.Till().ShopId, id)).ConfigureAwait(false);
        });

        MutationResolvers.Mutation(w, "tillCashActivityReverse", async (c, key) =>
        {
            await StaffRules.CheckNotCashierAsync(c, "reverses a cash movement").ConfigureAwait(false);
            return Payload.From(await c.Till().Services.GetRequiredService<ActivityReversals>().ReverseAsync(new ReverseActivityCommand(
                c.Till().ShopId, Args.Id(c, "cashActivityId", GidTypes.TillCashActivity), Args.Id(c, "staffMemberId", GidTypes.StaffMember),
                Args.Has(c, "reasonCodeId"), Args.ReasonCode(c), Args.Text(c, "note"), key), c.CancellationToken).ConfigureAwait(false));
        });
        w.Field("TillCashActivityReversePayload", "reversal", c => ((Payload)c.Source!).Item);
        w.Field("TillCashActivityReversePayload", "userErrors", c => ((Payload)c.Source!).UserErrors);
        w.IsTypeOf("TillCashActivityReverseUserError", o => o is UserError);
        w.Properties("TillCashActivityReverseUserError", typeof(UserError));
    }

    private static CashActivity A(IResolveFieldContext c) => (CashActivity)c.Source!;
}
