using GraphQL;
using Till.CashSettings;
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
    /// <summary>The request's shop (it exists: its token was just found).</summary>
    public static async Task<Shop> Shop(IResolveFieldContext c) =>
        await c.Till().LoadAsync("shop", c.Till().ShopId, w => w.GetShopAsync(c.Till().ShopId)).ConfigureAwait(false)
        ?? throw new InvalidOperationException("The token's shop is gone.");

    /// <summary>The shop's local time, in which its days are counted.</summary>
    public static async Task<ShopTime> ShopTime(IResolveFieldContext c) => (await Shop(c).ConfigureAwait(false)).Time;

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

    public static Task<LocationCashSettings?> CashSettings(IResolveFieldContext c, long locationId) =>
        c.Till().LoadAsync<LocationCashSettings>("cash-settings", locationId, async w => await w.GetLocationCashSettingsAsync(c.Till().ShopId, locationId).ConfigureAwait(false));

    public static Task<ReasonCode?> ReasonCode(IResolveFieldContext c, long id) =>
        c.Till().LoadAsync("reason", id, w => w.GetReasonCodeAsync(c.Till().ShopId, id));

    public static Task<OrderTransaction?> Transaction(IResolveFieldContext c, long id) =>
        c.Till().LoadAsync("transaction", id, w => w.GetTransactionAsync(c.Till().ShopId, id));

    /// <summary>
    /// A session's totals: the ones read with its row when it carries them, else its row's kept
    /// totals read by ID (once per request).
    /// </summary>
    public static async Task<SessionTotals> Totals(IResolveFieldContext c, PaymentSession session) =>
        session.Totals
        ?? (await c.Till().LoadAsync("totals", session.Id, async w => (SessionTotals?)await w.GetSessionTotalsAsync(c.Till().ShopId, session.Id).ConfigureAwait(false)).ConfigureAwait(false))!;
}
