using GraphQL;
using Till.Drawers;
using Till.Ids;
using Till.Search;
using Till.Server.GraphQL.Types;
using Till.Storage;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>The connection and figure fields of <c>CashDrawer</c>, and <c>CashManagementSummary</c>.</summary>
internal static class DrawerResolvers
{
    private const string Type = "CashDrawer";

    public static void Wire(Wiring w)
    {
        w.FieldAsync(Type, "cashActivities", async c =>
        {
            var drawer = D(c);
            var byId = c.GetArgument<string?>("sortKey") == "ID";
            long? staffId = null;
            if (Args.Has(c, "staffMemberId"))
            {
                staffId = Args.Id(c, "staffMemberId", GidTypes.StaffMember) ?? -1;
            }

            var filter = await SearchArgument.BindAsync(c, SearchFields.Activities).ConfigureAwait(false);
            return await PageRequest.LoadAsync(
                c,
                (byId ? "di" : "dt") + drawer.Id,
                (u, page) => u.ListDrawerActivitiesAsync(c.Till().ShopId, drawer.Id, byId, page, staffId, filter),
                a => (byId ? a.Id : a.Time.UtcTicks, a.Id)).ConfigureAwait(false);
        });

        w.FieldAsync(Type, "pointOfSaleDevices", async c => await PageRequest.LoadAsync(
            c, "dd" + D(c).Id, (u, page) => u.ListDrawerDevicesAsync(c.Till().ShopId, D(c).Id, page), d => (d.Id, d.Id)).ConfigureAwait(false));

        Total(w, "totalSales", t => t.TotalSales);
        Total(w, "totalRefunds", t => t.TotalRefunds);
        Total(w, "netSales", t => t.NetSales);
        Total(w, "totalAdjustments", t => t.TotalAdjustments);
        Total(w, "totalDiscrepancies", t => t.TotalDiscrepancies);

        const string summary = "CashManagementSummary";
        w.IsTypeOf(summary, o => o is SummaryView);
        w.Field(summary, "cashBalanceAtStart", c => Money(c, s => s.BalanceAtStart));
        w.Field(summary, "cashBalanceAtEnd", c => Money(c, s => s.BalanceAtEnd));
        w.Field(summary, "netCash", c => Money(c, s => s.NetCash));
        w.Field(summary, "totalDiscrepancies", c => Money(c, s => s.TotalDiscrepancies));
        w.Field(summary, "sessionsOpened", c => ((SummaryView)c.Source!).Summary.SessionsOpened);
        w.Field(summary, "sessionsClosed", c => ((SummaryView)c.Source!).Summary.SessionsClosed);
    }

    private static MoneyV2 Money(IResolveFieldContext c, Func<Till.Summaries.CashSummary, decimal> pick)
    {
        var view = (SummaryView)c.Source!;
        return new MoneyV2(pick(view.Summary), view.Currency);
    }

    private static CashDrawer D(IResolveFieldContext c) => (CashDrawer)c.Source!;

    private static void Total(Wiring w, string field, Func<DrawerTotals, decimal> pick) =>
        w.FieldAsync(Type, field, async c =>
        {
            var range = c.GetArgument<Dictionary<string, object?>>("dateRange");
            var from = (DateTimeOffset)range["from"]!;
            var to = (DateTimeOffset)range["to"]!;
            var drawer = D(c);
            var totals = await c.Till().ReadAsync(u => u.GetDrawerTotalsAsync(c.Till().ShopId, drawer.Id, from, to)).ConfigureAwait(false);
            return new MoneyV2(pick(totals), drawer.Currency);
        });
}
