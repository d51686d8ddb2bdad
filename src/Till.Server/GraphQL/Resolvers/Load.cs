using GraphQL;
using Till.Devices;
using Till.Drawers;
using Till.ReasonCodes;
using Till.Sessions;
using Till.Shops;
using Till.Transactions;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>Loads related objects once per request.</summary>
internal static class Load
{
    public static Task<StaffMember?> Staff(IResolveFieldContext c, long id) =>
        c.Till().LoadAsync("staff", id, w => w.GetStaffAsync(c.Till().ShopId, id));

    public static Task<Location?> Location(IResolveFieldContext c, long id) =>
        c.Till().LoadAsync("location", id, w => w.GetLocationAsync(c.Till().ShopId, id));

    public static Task<CashDrawer?> Drawer(IResolveFieldContext c, long id) =>
        c.Till().LoadAsync("drawer", id, w => w.GetDrawerAsync(c.Till().ShopId, id));

    public static Task<Device?> Device(IResolveFieldContext c, long id) =>
        c.Till().LoadAsync("device", id, w => w.GetDeviceAsync(c.Till().ShopId, id));

    public static Task<PaymentSession?> Session(IResolveFieldContext c, long id) =>
        c.Till().LoadAsync("session", id, w => w.GetSessionAsync(c.Till().ShopId, id));

    public static Task<PaymentSession?> OpenSession(IResolveFieldContext c, long deviceId) =>
        c.Till().LoadAsync("open-session", deviceId, w => w.GetOpenSessionAsync(c.Till().ShopId, deviceId));

    public static Task<ReasonCode?> ReasonCode(IResolveFieldContext c, long id) =>
        c.Till().LoadAsync("reason", id, w => w.GetReasonCodeAsync(c.Till().ShopId, id));

    public static Task<OrderTransaction?> Transaction(IResolveFieldContext c, long id) =>
        c.Till().LoadAsync("transaction", id, w => w.GetTransactionAsync(c.Till().ShopId, id));

    public static async Task<SessionTotals> Totals(IResolveFieldContext c, long sessionId) =>
        (await c.Till().LoadAsync("totals", sessionId, async w => (SessionTotals?)await w.GetSessionTotalsAsync(c.Till().ShopId, sessionId).ConfigureAwait(false)).ConfigureAwait(false))!;
}
