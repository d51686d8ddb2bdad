using GraphQL;
using Till.Ids;
using Till.Search;
using Till.Server.GraphQL.Types;
using Till.Sessions;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>The pre-2026 <c>CashTrackingSession</c> and <c>CashTrackingAdjustment</c> views of the same sessions.</summary>
internal static class LegacyResolvers
{
    private const string Type = "CashTrackingSession";

    public static void Wire(Wiring w)
    {
        w.IsTypeOf(Type, o => o is LegacySession);
        w.Field(Type, "id", c => GlobalId.Format(GidTypes.CashTrackingSession, S(c).Id));
        w.Constant(Type, "cashTrackingEnabled", true);
        w.Field(Type, "openingBalance", c => Money(c, S(c).CashCountedAtOpen));
        w.Field(Type, "expectedOpeningBalance", c => Money(c, S(c).ExpectedCashAtOpen));
        w.Field(Type, "closingBalance", c => Money(c, S(c).CashCountedAtClose));
        w.Field(Type, "expectedClosingBalance", c => Money(c, S(c).ExpectedCashAtClose));
        w.FieldAsync(Type, "expectedBalance", async c =>
            S(c).Status == SessionStatus.Closed
                ? Money(c, S(c).ExpectedCashAtClose)
                : Money(c, (await Load.Drawer(c, S(c).DrawerId).ConfigureAwait(false))?.Balance ?? 0));
        w.Field(Type, "openingNote", c => S(c).OpeningNote);
        w.Field(Type, "closingNote", c => S(c).ClosingNote);
        w.Field(Type, "openingTime", c => S(c).OpeningTime);
        w.Field(Type, "closingTime", c => S(c).ClosingTime);
        w.FieldAsync(Type, "openingStaffMember", async c => await Load.Staff(c, S(c).OpeningStaffId).ConfigureAwait(false));
        w.FieldAsync(Type, "closingStaffMember", async c => S(c).ClosingStaffId is { } id ? await Load.Staff(c, id).ConfigureAwait(false) : null);
        w.FieldAsync(Type, "location", async c => await Load.Location(c, S(c).LocationId).ConfigureAwait(false));
        w.FieldAsync(Type, "registerName", async c => (await Load.Device(c, S(c).DeviceId).ConfigureAwait(false))?.DisplayName ?? string.Empty);
        Total(w, "totalCashSales", t => t.TotalCashSales);
        Total(w, "totalCashRefunds", t => t.TotalCashRefunds);
        Total(w, "netCashSales", t => t.NetCashSales);
        Total(w, "totalAdjustments", t => t.Adjustments);
        Total(w, "totalDiscrepancy", t => t.Discrepancy);

        w.FieldAsync(Type, "adjustments", async c =>
        {
            var byId = c.GetArgument<string?>("sortKey") == "ID";
            var connection = await PageRequest.LoadAsync(
                c,
                (byId ? "la" : "lt") + S(c).Id,
                (u, page) => u.ListSessionAdjustmentsAsync(c.Till().ShopId, S(c).Id, byId, page),
                a => (byId ? a.Id : a.Time.UtcTicks, a.Id)).ConfigureAwait(false);
            return new Connection(connection.Edges.Select(e => new Edge(e.Cursor, new LegacyAdjustment((CashActivity)e.Node))).ToList(), connection.PageInfo);
        });

        w.FieldAsync(Type, "cashTransactions", async c =>
        {
            var byId = c.GetArgument<string?>("sortKey") == "ID";
            var filter = await SearchArgument.BindAsync(c, SearchFields.CashTransactions).ConfigureAwait(false);
            return await PageRequest.LoadAsync(
                c,
                (byId ? "li" : "lp") + S(c).Id,
                (u, page) => u.ListSessionCashTransactionsAsync(c.Till().ShopId, S(c).Id, byId, page, filter),
                t => (byId ? t.Id : t.ProcessedAt.UtcTicks, t.Id)).ConfigureAwait(false);
        });

        const string adjustment = "CashTrackingAdjustment";
        w.IsTypeOf(adjustment, o => o is LegacyAdjustment);
        w.Field(adjustment, "id", c => GlobalId.Format(GidTypes.CashTrackingAdjustment, A(c).Id));
        w.Field(adjustment, "cash", c => new MoneyV2(A(c).Cash, A(c).Currency));
        w.Field(adjustment, "note", c => A(c).Note);
        w.Field(adjustment, "time", c => A(c).Time);
        w.FieldAsync(adjustment, "staffMember", async c => await Load.Staff(c, A(c).StaffId).ConfigureAwait(false));
    }

    private static PaymentSession S(IResolveFieldContext c) => ((LegacySession)c.Source!).Session;

    private static CashActivity A(IResolveFieldContext c) => ((LegacyAdjustment)c.Source!).Activity;

    private static MoneyV2? Money(IResolveFieldContext c, decimal? amount) => MoneyV2.Of(amount, S(c).Currency);

    private static void Total(Wiring w, string field, Func<SessionTotals, decimal> pick) =>
        w.FieldAsync(Type, field, async c => new MoneyV2(pick(await Load.Totals(c, S(c)).ConfigureAwait(false)), S(c).Currency));
}
