using GraphQL;
using Till.Ids;
using Till.Search;
using Till.Server.GraphQL.Types;
using Till.Sessions;
using Till.Storage;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>Fields of <c>PointOfSaleDevicePaymentSession</c>.</summary>
internal static class SessionResolvers
{
    private const string Type = "PointOfSaleDevicePaymentSession";

    public static void Wire(Wiring w)
    {
        w.IsTypeOf(Type, o => o is PaymentSession);
        w.Field(Type, "id", c => GlobalId.Format(GidTypes.PaymentSession, S(c).Id));
        w.Field(Type, "currency", c => S(c).Currency);
        w.Field(Type, "status", c => S(c).Status == SessionStatus.Open ? "OPEN" : "CLOSED");
        w.Field(Type, "openingTime", c => S(c).OpeningTime);
        w.Field(Type, "closingTime", c => S(c).ClosingTime);
        w.Field(Type, "openingNote", c => S(c).OpeningNote);
        w.Field(Type, "closingNote", c => S(c).ClosingNote);
        w.Field(Type, "cashCountedAtOpen", c => Money(c, S(c).CashCountedAtOpen));
        w.Field(Type, "expectedCashAtOpen", c => Money(c, S(c).ExpectedCashAtOpen));
        w.Field(Type, "cashCountedAtClose", c => Money(c, S(c).CashCountedAtClose));
        w.Field(Type, "closingBalance", c => Money(c, S(c).CashCountedAtClose));
        w.Field(Type, "expectedCashAtClose", c => Money(c, S(c).ExpectedCashAtClose));
        w.Field(Type, "closingAdjustment", c => Money(c, S(c).ClosingAdjustment));
        w.FieldAsync(Type, "openingStaffMember", async c => await Load.Staff(c, S(c).OpeningStaffId).ConfigureAwait(false));
        w.FieldAsync(Type, "closingStaffMember", async c => S(c).ClosingStaffId is { } id ? await Load.Staff(c, id).ConfigureAwait(false) : null);
        w.FieldAsync(Type, "cashDrawer", async c => await Load.Drawer(c, S(c).DrawerId).ConfigureAwait(false));
        w.FieldAsync(Type, "location", async c => await Load.Location(c, S(c).LocationId).ConfigureAwait(false));
        w.FieldAsync(Type, "pointOfSaleDevice", async c => await Load.Device(c, S(c).DeviceId).ConfigureAwait(false));
        w.Constant(Type, "totalsReady", true);
        Total(w, "totalCashSales", t => t.TotalCashSales);
        Total(w, "totalCashRefunds", t => t.TotalCashRefunds);
        Total(w, "netCashSales", t => t.NetCashSales);
        Total(w, "totalSales", t => t.TotalSales);
        Total(w, "totalRefunds", t => t.TotalRefunds);
        Total(w, "netSales", t => t.NetSales);
        Total(w, "totalAdjustments", t => t.Adjustments);
        Total(w, "totalDiscrepancy", t => t.Discrepancy);
        w.FieldAsync(Type, "cashActivities", CashActivitiesAsync);
    }

    private static PaymentSession S(IResolveFieldContext c) => (PaymentSession)c.Source!;

    private static MoneyV2? Money(IResolveFieldContext c, decimal? amount) => MoneyV2.Of(amount, S(c).Currency);

    private static void Total(Wiring w, string field, Func<SessionTotals, decimal> pick) =>
        w.FieldAsync(Type, field, async c => new MoneyV2(pick(await Load.Totals(c, S(c)).ConfigureAwait(false)), S(c).Currency));

    private static async Task<object?> CashActivitiesAsync(IResolveFieldContext c)
    {
        var session = S(c);
        long? staffId = null;
        if (Args.Has(c, "staffMemberId"))
        {
            staffId = Args.Id(c, "staffMemberId", GidTypes.StaffMember) ?? -1;
        }

        var filter = await SearchArgument.BindAsync(c, SearchFields.Activities).ConfigureAwait(false);
        return await PageRequest.LoadAsync(
            c,
            "sa" + session.Id,
            (u, page) => u.ListSessionActivitiesAsync(c.Till().ShopId, session.Id, new ActivityPage(page.Descending, page.After is { } a ? (a.Key, a.Id) : null, page.Limit, staffId, filter)),
            a => (a.Time.UtcTicks, a.Id)).ConfigureAwait(false);
    }
}
