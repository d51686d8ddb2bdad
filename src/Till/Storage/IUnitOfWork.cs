using Till.Devices;
using Till.Drawers;
using Till.ReasonCodes;
using Till.Sessions;
using Till.Shops;
using Till.Transactions;

namespace Till.Storage;

/// <summary>
/// Everything a use case reads or writes, inside one transaction. Every method takes the shop,
/// and never sees another shop's rows.
/// </summary>
public interface IUnitOfWork : IAsyncDisposable
{
    /// <summary>Makes the writes durable.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);

    // Shops, people, places and tokens.

    /// <summary>Reads a shop.</summary>
    Task<Shop?> GetShopAsync(long shopId);
    /// <summary>Creates a shop with its default and system reason codes.</summary>
    Task<Shop> CreateShopAsync(string name, string currency, DateTimeOffset now);
    /// <summary>Reads a location.</summary>
    Task<Location?> GetLocationAsync(long shopId, long locationId);
    /// <summary>Creates a location.</summary>
    Task<Location> CreateLocationAsync(long shopId, string name, string currency, DateTimeOffset now);
    /// <summary>Reads a staff member, active or not.</summary>
    Task<StaffMember?> GetStaffAsync(long shopId, long staffId);
    /// <summary>Creates a staff member.</summary>
    Task<StaffMember> CreateStaffAsync(long shopId, string firstName, string lastName, string email, bool isOwner);
    /// <summary>Activates or deactivates a staff member; false when there is none.</summary>
    Task<bool> SetStaffActiveAsync(long shopId, long staffId, bool active);
    /// <summary>Stores a token hash with its scopes.</summary>
    Task<AccessToken> CreateTokenAsync(long shopId, string hash, IReadOnlyList<string> scopes, DateTimeOffset now);
    /// <summary>Finds a live (not revoked) token by its hash.</summary>
    Task<AccessToken?> FindTokenAsync(string hash);
    /// <summary>Revokes a token of the shop by its hash; false when there is none.</summary>
    Task<bool> RevokeTokenAsync(long shopId, string hash);
    /// <summary>Reads a setting.</summary>
    Task<string?> GetSettingAsync(string key);
    /// <summary>Writes a setting.</summary>
    Task SetSettingAsync(string key, string value);

    /// <summary>How many payment sessions are open, across every shop on the database (for the operator's metrics; an index holds exactly the open ones).</summary>
    Task<long> CountOpenSessionsAsync();

    // Devices and drawers.

    /// <summary>Reads a device.</summary>
    Task<Device?> GetDeviceAsync(long shopId, long deviceId);
    /// <summary>Creates a device at a location.</summary>
    Task<Device> CreateDeviceAsync(long shopId, long locationId, string name);
    /// <summary>Points a device at a drawer.</summary>
    Task AssignDeviceAsync(long shopId, long deviceId, long drawerId);
    /// <summary>Reads a drawer.</summary>
    Task<CashDrawer?> GetDrawerAsync(long shopId, long drawerId);
    /// <summary>Finds a drawer at a location by its name key (trimmed, case-folded).</summary>
    Task<CashDrawer?> FindDrawerByNameAsync(long shopId, long locationId, string nameKey);
    /// <summary>Creates a drawer; null when the name is taken at that location.</summary>
    Task<CashDrawer?> CreateDrawerAsync(long shopId, long locationId, string name, string nameKey, string currency, DateTimeOffset now);

    // Reason codes.

    /// <summary>Reads a reason code of any kind, deleted or not.</summary>
    Task<ReasonCode?> GetReasonCodeAsync(long shopId, long reasonCodeId);
    /// <summary>Reads one of the shop's system codes.</summary>
    Task<ReasonCode?> GetSystemReasonCodeAsync(long shopId, string code);

    // Sessions and the ledger.

    /// <summary>Reads a session.</summary>
    Task<PaymentSession?> GetSessionAsync(long shopId, long sessionId);
    /// <summary>Reads the device's open session.</summary>
    Task<PaymentSession?> GetOpenSessionAsync(long shopId, long deviceId);
    /// <summary>Inserts an open session; null when the device already has one (the unique index decides).</summary>
    Task<PaymentSession?> InsertSessionAsync(PaymentSession session);
    /// <summary>Marks an open session closed; false when it was no longer open.</summary>
    Task<bool> CloseSessionAsync(PaymentSession closed);
    /// <summary>Appends an activity and moves its drawer's book balance by its cash.</summary>
    Task<CashActivity> AppendActivityAsync(CashActivity activity);
    /// <summary>Inserts an order transaction.</summary>
    Task<OrderTransaction> InsertTransactionAsync(OrderTransaction transaction);
    /// <summary>Reads an order transaction.</summary>
    Task<OrderTransaction?> GetTransactionAsync(long shopId, long transactionId);
    /// <summary>The totals kept on a session's row (all zero when there is no such session).</summary>
    Task<SessionTotals> GetSessionTotalsAsync(long shopId, long sessionId);
    /// <summary>A page of a session's activities, ordered by time then recording order.</summary>
    Task<IReadOnlyList<CashActivity>> ListSessionActivitiesAsync(long shopId, long sessionId, ActivityPage page);

    // Lists and figures.

    /// <summary>Renames a drawer; false when another drawer at its location has that name.</summary>
    Task<bool> RenameDrawerAsync(long shopId, long drawerId, string name, string nameKey);
    /// <summary>A page of the shop's drawers by ID.</summary>
    Task<IReadOnlyList<CashDrawer>> ListDrawersAsync(long shopId, KeysetPage page, Search.BoundFilter? filter = null);
    /// <summary>A page of the devices assigned to a drawer, by ID.</summary>
    Task<IReadOnlyList<Device>> ListDrawerDevicesAsync(long shopId, long drawerId, KeysetPage page);
    /// <summary>A page of a drawer's activities by time (or by ID when <paramref name="byId"/>).</summary>
    Task<IReadOnlyList<CashActivity>> ListDrawerActivitiesAsync(long shopId, long drawerId, bool byId, KeysetPage page, long? staffId, Search.BoundFilter? filter = null);
    /// <summary>A page of the shop's sessions in the given order.</summary>
    Task<IReadOnlyList<PaymentSession>> ListSessionsAsync(long shopId, SessionSortKey sortKey, KeysetPage page, Search.BoundFilter? filter = null);
    /// <summary>The sort key value of a session for <paramref name="sortKey"/>, as stored.</summary>
    Task<long?> SessionSortValueAsync(long shopId, long sessionId, SessionSortKey sortKey);
    /// <summary>A drawer's figures over activities whose time is in [start, end).</summary>
    Task<DrawerTotals> GetDrawerTotalsAsync(long shopId, long drawerId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd);
    /// <summary>Summary of the drawers at a location, or of the shop's drawers in a currency, over [start, end).</summary>
    Task<Summaries.CashSummary> GetSummaryAsync(long shopId, long? locationId, string? currency, DateTimeOffset rangeStart, DateTimeOffset rangeEnd);
    /// <summary>A page of the shop's reason codes that are not deleted, by ID.</summary>
    Task<IReadOnlyList<ReasonCode>> ListReasonCodesAsync(long shopId, KeysetPage page);
    /// <summary>Creates a custom reason code; null when a live one has the same key.</summary>
    Task<ReasonCode?> CreateCustomReasonCodeAsync(long shopId, string code, string codeKey);
    /// <summary>Marks a reason code deleted.</summary>
    Task MarkReasonCodeDeletedAsync(long shopId, long reasonCodeId);
    /// <summary>A page of a session's cash order transactions by processing time (or by ID).</summary>
    Task<IReadOnlyList<OrderTransaction>> ListSessionCashTransactionsAsync(long shopId, long sessionId, bool byId, KeysetPage page);
    /// <summary>A page of a session's ADJUSTMENT and CASH_PAYOUT activities by time (or by ID).</summary>
    Task<IReadOnlyList<CashActivity>> ListSessionAdjustmentsAsync(long shopId, long sessionId, bool byId, KeysetPage page);
    /// <summary>The result stored under an idempotency key, with the fingerprint of its request.</summary>
    Task<(string Fingerprint, string Result)?> GetIdempotentResultAsync(long shopId, string key);
    /// <summary>Stores a result under an idempotency key.</summary>
    Task SaveIdempotentResultAsync(long shopId, string key, string fingerprint, string result, DateTimeOffset now);
    /// <summary>Reads one activity.</summary>
    Task<CashActivity?> GetActivityAsync(long shopId, long activityId);

    /// <summary>
    /// The device, staff member, open session, location and session drawer a device's transaction
    /// needs (locking device, session and drawer in a write unit). A store that can send several
    /// statements in one round trip does so.
    /// </summary>
    Task<DeviceContext> GetDeviceContextAsync(long shopId, long deviceId, long? staffId) => OneByOne.DeviceContextAsync(this, shopId, deviceId, staffId);

    /// <summary>
    /// The session (locked in a write unit), the staff member and the session's drawer (locked),
    /// read in one go where the store can.
    /// </summary>
    Task<(PaymentSession? Session, StaffMember? Staff, CashDrawer? Drawer)> GetSessionContextAsync(long shopId, long sessionId, long? staffId) =>
        OneByOne.SessionContextAsync(this, shopId, sessionId, staffId);

    /// <summary>
    /// The device, staff member, reason code, open session, the device's drawer and the FLOAT_SETUP
    /// code that opening a session needs (locking device, session and drawer in a write unit), read
    /// in one go where the store can.
    /// </summary>
    Task<OpenContext> GetOpenContextAsync(long shopId, long deviceId, long? staffId, long? reasonCodeId) =>
        OneByOne.OpenContextAsync(this, shopId, deviceId, staffId, reasonCodeId);

    /// <summary>
    /// Inserts an order transaction and, for a cash one, its activity (linked to it), which moves
    /// the drawer; in one statement where the store can.
    /// </summary>
    Task<(OrderTransaction Transaction, CashActivity? Activity)> RecordTransactionAsync(OrderTransaction transaction, CashActivity? cash) =>
        OneByOne.RecordTransactionAsync(this, transaction, cash);
}
