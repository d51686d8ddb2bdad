using Till.Drawers;
using Till.Sessions;
using Till.Shops;
using Till.Transactions;

namespace Till.Storage;

/// <summary>
/// Everything a use case reads or writes, inside one transaction: the read side
/// (<see cref="ITillReads"/>) and the writes of each aggregate. Every method takes the shop, and
/// never sees another shop's rows.
/// </summary>
public interface IUnitOfWork : ITillReads, IShopRecords, IDrawerRecords, IReasonCodeRecords, ISessionRecords, IIdempotencyRecords, IBulkRecords, IWebhookRecords, ISignInRecords, IAsyncDisposable
{
    /// <summary>Makes the writes durable.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The device, staff member, open session (with its kept totals), location and session drawer a device's transaction
    /// needs (locking device, session and drawer in a write unit), with the live subscriptions to
    /// <paramref name="topics"/> (the topics the unit may fire). A store that can send several
    /// statements in one round trip does so.
    /// </summary>
    Task<DeviceContext> GetDeviceContextAsync(long shopId, long deviceId, long? staffId, IReadOnlyList<string> topics) =>
        OneByOne.DeviceContextAsync(this, shopId, deviceId, staffId, topics);

    /// <summary>
    /// The session (locked in a write unit) with its kept totals, the staff member, the session's
    /// drawer (locked), the live subscriptions to <paramref name="topics"/> and, when
    /// <paramref name="cashSettings"/>, the cash settings of the session's location, read in one go
    /// where the store can.
    /// </summary>
    Task<SessionContext> GetSessionContextAsync(long shopId, long sessionId, long? staffId, IReadOnlyList<string> topics, bool cashSettings) =>
        OneByOne.SessionContextAsync(this, shopId, sessionId, staffId, topics, cashSettings);

    /// <summary>
    /// The device, staff member, reason code, open session, the device's drawer and the FLOAT_SETUP
    /// code that opening a session needs (locking device, session and drawer in a write unit), and
    /// the live subscriptions to <paramref name="topics"/>, read in one go where the store can.
    /// </summary>
    Task<OpenContext> GetOpenContextAsync(long shopId, long deviceId, long? staffId, long? reasonCodeId, IReadOnlyList<string> topics) =>
        OneByOne.OpenContextAsync(this, shopId, deviceId, staffId, reasonCodeId, topics);

    /// <summary>
    /// Inserts an order transaction and, for a cash one, its activity (linked to it), which moves
    /// the drawer; in one statement where the store can.
    /// </summary>
    Task<(OrderTransaction Transaction, CashActivity? Activity)> RecordTransactionAsync(OrderTransaction transaction, CashActivity? cash) =>
        OneByOne.RecordTransactionAsync(this, transaction, cash);
}
