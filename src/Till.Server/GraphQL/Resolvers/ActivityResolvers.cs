using GraphQL;
using Till.Server.GraphQL.Types;
using Till.Sessions;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>The <c>CashActivity</c> interface and its three types.</summary>
internal static class ActivityResolvers
{
    private static readonly (string Type, ActivityKind Kind)[] Types =
    [
        ("CashTransactionActivity", ActivityKind.Transaction),
        ("CashAdjustmentActivity", ActivityKind.Adjustment),
        ("CashCountActivity", ActivityKind.Count),
    ];

    public static void Wire(Wiring w)
    {
        foreach (var (type, kind) in Types)
        {
            w.IsTypeOf(type, o => o is CashActivity a && a.Kind == kind);
            w.Field(type, "cash", c => new MoneyV2(A(c).Cash, A(c).Currency));
            w.Field(type, "time", c => A(c).Time);
            w.Field(type, "type", c => A(c).Type);
            w.FieldAsync(type, "paymentSession", async c => await Load.Session(c, A(c).SessionId).ConfigureAwait(false));
            w.FieldAsync(type, "staffMember", async c => await Load.Staff(c, A(c).StaffId).ConfigureAwait(false));
        }

        w.FieldAsync("CashTransactionActivity", "orderTransaction", async c => await Load.Transaction(c, A(c).TransactionId!.Value).ConfigureAwait(false));

        w.Constant("CashAdjustmentActivity", "giftCard", null);
        foreach (var type in new[] { "CashAdjustmentActivity", "CashCountActivity" })
        {
            w.Field(type, "note", c => A(c).Note);
            w.FieldAsync(type, "reasonCode", async c => A(c).ReasonCodeId is { } id ? await Load.ReasonCode(c, id).ConfigureAwait(false) : null);
        }

        w.Field("CashCountActivity", "cashCounted", c => new MoneyV2(A(c).Counted ?? 0, A(c).Currency));
        w.Field("CashCountActivity", "cashExpected", c => new MoneyV2(A(c).Expected ?? 0, A(c).Currency));
        w.Field("CashCountActivity", "cashDiscrepancy", c => new MoneyV2(A(c).Discrepancy ?? 0, A(c).Currency));
    }

    private static CashActivity A(IResolveFieldContext c) => (CashActivity)c.Source!;
}
