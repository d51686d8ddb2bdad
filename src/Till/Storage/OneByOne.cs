using Till.Drawers;
using Till.Sessions;
using Till.Shops;
using Till.Transactions;

namespace Till.Storage;

/// <summary>
/// The composite storage calls of <see cref="IUnitOfWork"/> made of its single-row calls, one
/// statement at a time: what a store that cannot send several statements at once does.
/// </summary>
public static class OneByOne
{
    /// <summary>Device, staff member, open session, location and session drawer, locking device, session, drawer; then the subscriptions to <paramref name="topics"/>.</summary>
    public static async Task<DeviceContext> DeviceContextAsync(IUnitOfWork work, long shopId, long deviceId, long? staffId, IReadOnlyList<string> topics)
    {
        ArgumentNullException.ThrowIfNull(work);
        var device = await work.GetDeviceAsync(shopId, deviceId).ConfigureAwait(false);
        if (device is null)
        {
            return DeviceContext.None;
        }

        var staff = staffId is { } id ? await work.GetStaffAsync(shopId, id).ConfigureAwait(false) : null;
        var session = await work.GetOpenSessionAsync(shopId, deviceId).ConfigureAwait(false);
        var location = await work.GetLocationAsync(shopId, device.LocationId).ConfigureAwait(false);
        var drawer = session is null ? null : await work.GetDrawerAsync(shopId, session.DrawerId).ConfigureAwait(false);
        return new DeviceContext(device, staff, session, location, drawer)
        {
            Subscriptions = await work.ListTopicSubscriptionsAsync(shopId, topics).ConfigureAwait(false),
            OpenSessionTotals = session is null ? null : await work.GetSessionTotalsAsync(shopId, session.Id).ConfigureAwait(false),
        };
    }

    /// <summary>Session, staff member and the session's drawer, locking session then drawer; then the subscriptions to <paramref name="topics"/>, the session's totals and, when <paramref name="cashSettings"/>, its location's cash settings.</summary>
    public static async Task<SessionContext> SessionContextAsync(IUnitOfWork work, long shopId, long sessionId, long? staffId, IReadOnlyList<string> topics, bool cashSettings)
    {
        ArgumentNullException.ThrowIfNull(work);
        var session = await work.GetSessionAsync(shopId, sessionId).ConfigureAwait(false);
        if (session is null)
        {
            return SessionContext.None;
        }

        var staff = staffId is { } id ? await work.GetStaffAsync(shopId, id).ConfigureAwait(false) : null;
        var drawer = await work.GetDrawerAsync(shopId, session.DrawerId).ConfigureAwait(false);
        return new SessionContext(session, staff, drawer)
        {
            Subscriptions = await work.ListTopicSubscriptionsAsync(shopId, topics).ConfigureAwait(false),
            Totals = await work.GetSessionTotalsAsync(shopId, session.Id).ConfigureAwait(false),
            CashSettings = cashSettings ? await work.GetLocationCashSettingsAsync(shopId, session.LocationId).ConfigureAwait(false) : null,
        };
    }

    /// <summary>Device, staff member, reason code, open session, drawer and FLOAT_SETUP code, locking device, session, drawer; then the subscriptions to <paramref name="topics"/>.</summary>
    public static async Task<OpenContext> OpenContextAsync(IUnitOfWork work, long shopId, long deviceId, long? staffId, long? reasonCodeId, IReadOnlyList<string> topics)
    {
        ArgumentNullException.ThrowIfNull(work);
        var device = await work.GetDeviceAsync(shopId, deviceId).ConfigureAwait(false);
        if (device is null)
        {
            return OpenContext.None;
        }

        var staff = staffId is { } id ? await work.GetStaffAsync(shopId, id).ConfigureAwait(false) : null;
        var reason = reasonCodeId is { } code ? await work.GetReasonCodeAsync(shopId, code).ConfigureAwait(false) : null;
        var session = await work.GetOpenSessionAsync(shopId, deviceId).ConfigureAwait(false);
        var drawer = device.CashDrawerId is { } drawerId ? await work.GetDrawerAsync(shopId, drawerId).ConfigureAwait(false) : null;
        var floatSetup = drawer is { ActivityCount: 0 } ? await work.GetSystemReasonCodeAsync(shopId, "FLOAT_SETUP").ConfigureAwait(false) : null;
        return new OpenContext(device, staff, reason, session, drawer, floatSetup) { Subscriptions = await work.ListTopicSubscriptionsAsync(shopId, topics).ConfigureAwait(false) };
    }

    /// <summary>The order transaction, then its cash activity pointing at it.</summary>
    public static async Task<(OrderTransaction Transaction, CashActivity? Activity)> RecordTransactionAsync(IUnitOfWork work, OrderTransaction transaction, CashActivity? cash)
    {
        ArgumentNullException.ThrowIfNull(work);
        var inserted = await work.InsertTransactionAsync(transaction).ConfigureAwait(false);
        var activity = cash is null ? null : await work.AppendActivityAsync(cash with { TransactionId = inserted.Id }).ConfigureAwait(false);
        return (inserted, activity);
    }
}
