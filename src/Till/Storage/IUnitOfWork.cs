using Till.CashSettings;
using Till.Devices;
using Till.Drawers;
using Till.ReasonCodes;
using Till.Reviews;
using Till.Sessions;
using Till.Shops;
using Till.Staff;
using Till.Transactions;

namespace Till.Storage;

/// <summary>
/// Everything a use case reads or writes, inside one transaction. Every method takes the shop,
/// and never sees another shop's rows.
/// </summary>
public partial interface IUnitOfWork : IAsyncDisposable
{
    /// <summary>Makes the writes durable.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);

    // Shops, people, places and tokens.

    /// <summary>Reads a shop.</summary>
    Task<Shop?> GetShopAsync(long shopId);
    /// <summary>Creates a shop with its default and system reason codes.</summary>
    Task<Shop> CreateShopAsync(string name, string currency, DateTimeOffset now, string timeZone = ShopTime.Utc);
    /// <summary>Reads a location.</summary>
    Task<Location?> GetLocationAsync(long shopId, long locationId);
    /// <summary>Creates a location.</summary>
    Task<Location> CreateLocationAsync(long shopId, string name, string currency, DateTimeOffset now);
    /// <summary>Activates or deactivates a location (a second deactivation keeps the first time); false when there is none.</summary>
    Task<bool> SetLocationActiveAsync(long shopId, long locationId, bool active, DateTimeOffset now);
    /// <summary>A page of the shop's locations in <paramref name="order"/>, active ones only unless <paramref name="includeInactive"/>.</summary>
    Task<IReadOnlyList<Location>> ListLocationsAsync(long shopId, ListOrder order, KeysetPage page, bool includeInactive, Search.BoundFilter? filter = null);
    /// <summary>How many of the shop's locations match, counting at most <paramref name="limit"/>.</summary>
    Task<long> CountLocationsAsync(long shopId, bool includeInactive, Search.BoundFilter? filter, long limit);
    /// <summary>A page of the shop's staff in <paramref name="order"/>.</summary>
    Task<IReadOnlyList<StaffMember>> ListStaffAsync(long shopId, ListOrder order, KeysetPage page, Search.BoundFilter? filter = null);
    /// <summary>The shop's owner: the staff member marked as owner, else the first one added; null when it has no staff.</summary>
    Task<StaffMember?> GetShopOwnerAsync(long shopId);
    /// <summary>Reads a staff member, active or not.</summary>
    Task<StaffMember?> GetStaffAsync(long shopId, long staffId);
    /// <summary>Creates a staff member.</summary>
    Task<StaffMember> CreateStaffAsync(long shopId, string firstName, string lastName, string email, bool isOwner, StaffRole role);
    /// <summary>Activates or deactivates a staff member; false when there is none.</summary>
    Task<bool> SetStaffActiveAsync(long shopId, long staffId, bool active);
    /// <summary>Sets a staff member's role; false when there is none.</summary>
    Task<bool> SetStaffRoleAsync(long shopId, long staffId, StaffRole role);
    /// <summary>Stores a token hash with its scopes, and the staff member it acts for (null: the shop).</summary>
    Task<AccessToken> CreateTokenAsync(long shopId, string hash, IReadOnlyList<string> scopes, DateTimeOffset now, long? staffId);
    /// <summary>Finds a live (not revoked) token by its hash.</summary>
    Task<AccessToken?> FindTokenAsync(string hash);
    /// <summary>Revokes a token of the shop by its hash; false when there is none.</summary>
    Task<bool> RevokeTokenAsync(long shopId, string hash);
    /// <summary>Reads a setting.</summary>
    Task<string?> GetSettingAsync(string key);
    /// <summary>Writes a setting.</summary>
    Task SetSettingAsync(string key, string value);

    /// <summary>A location's cash settings (<see cref="LocationCashSettings.Default"/> when none were set).</summary>
    Task<LocationCashSettings> GetLocationCashSettingsAsync(long shopId, long locationId);
    /// <summary>Writes a location's cash settings whole.</summary>
    Task SaveLocationCashSettingsAsync(long shopId, long locationId, LocationCashSettings settings);
    /// <summary>Whether any location of the shop has blind counts on.</summary>
    Task<bool> AnyBlindCountLocationAsync(long shopId);
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
    /// <summary>Records the approval of a session whose review is required; false when it is not (any more).</summary>
    Task<bool> ApproveSessionReviewAsync(long shopId, long sessionId, SessionReview approval);
    /// <summary>Sessions whose review awaits approval and whose closing time is in [start, end), at a location or in the shop's drawers of a currency.</summary>
    Task<long> CountSessionsAwaitingApprovalAsync(long shopId, long? locationId, string? currency, DateTimeOffset rangeStart, DateTimeOffset rangeEnd);
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
    Task<IReadOnlyList<OrderTransaction>> ListSessionCashTransactionsAsync(long shopId, long sessionId, bool byId, KeysetPage page, Search.BoundFilter? filter = null);
    /// <summary>A page of a session's ADJUSTMENT and CASH_PAYOUT activities by time (or by ID).</summary>
    Task<IReadOnlyList<CashActivity>> ListSessionAdjustmentsAsync(long shopId, long sessionId, bool byId, KeysetPage page);
    /// <summary>
    /// The result stored under an idempotency key (its stored form, <see cref="Common.IdempotencyKey.Stored"/>),
    /// with the fingerprint of its request and the first answer sent for it, if that was kept.
    /// </summary>
    Task<(string Fingerprint, string Result, string? Answer)?> GetIdempotentResultAsync(long shopId, string key);
    /// <summary>Stores a result under an idempotency key (its stored form).</summary>
    Task SaveIdempotentResultAsync(long shopId, string key, string fingerprint, string result, DateTimeOffset now);
    /// <summary>Keeps the first answer sent for an idempotency key's request, unless one is kept already.</summary>
    Task SaveIdempotentAnswerAsync(long shopId, string key, string answer);
    /// <summary>Reads one activity.</summary>
    Task<CashActivity?> GetActivityAsync(long shopId, long activityId);
    /// <summary>The activity that reverses the given one, if any (there is at most one).</summary>
    Task<CashActivity?> GetReversalOfAsync(long shopId, long activityId);
    /// <summary>Up to <paramref name="limit"/> of a drawer's activities with IDs above <paramref name="afterId"/>, by ID: its ledger chain in order.</summary>
    Task<IReadOnlyList<CashActivity>> ListChainAsync(long shopId, long drawerId, long afterId, int limit);
    /// <summary>Every shop's ID, ascending: the one call not scoped to a shop, for checks that cover a whole database.</summary>
    Task<IReadOnlyList<long>> ListShopIdsAsync();

    // Bulk operations. The runner's calls (claim, sweep, the download's lookup) span shops.

    /// <summary>Reads a bulk operation.</summary>
    Task<Bulk.BulkOperation?> GetBulkOperationAsync(long shopId, long id);
    /// <summary>The shop's operation of the type that has not ended (created, running or canceling), if any.</summary>
    Task<Bulk.BulkOperation?> GetBulkOperationInProgressAsync(long shopId, string type);
    /// <summary>The shop's most recently created operation of the type.</summary>
    Task<Bulk.BulkOperation?> GetLatestBulkOperationAsync(long shopId, string type);
    /// <summary>Creates an operation in CREATED; null when the shop already has one of the type in progress (the unique index decides).</summary>
    Task<Bulk.BulkOperation?> InsertBulkOperationAsync(long shopId, string type, string query, string apiVersion, IReadOnlyList<string> scopes, bool groupObjects, DateTimeOffset now);
    /// <summary>A page of the shop's operations by creation (ID) or by completion time.</summary>
    Task<IReadOnlyList<Bulk.BulkOperation>> ListBulkOperationsAsync(long shopId, bool byCompletedAt, KeysetPage page, Search.BoundFilter? filter = null);
    /// <summary>Cancels a CREATED operation at once, or marks a RUNNING one CANCELING; answers the row as it then is.</summary>
    Task<Bulk.BulkOperation?> RequestBulkCancelAsync(long shopId, long id, DateTimeOffset now);
    /// <summary>
    /// Takes the lease of one operation that is CREATED, or RUNNING or CANCELING with a lease that ran
    /// out before <paramref name="now"/>, for <paramref name="owner"/> until <paramref name="leaseUntil"/>;
    /// marks it RUNNING and counts the attempt. Null when there is none to take.
    /// </summary>
    Task<Bulk.BulkOperation?> ClaimBulkOperationAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil);
    /// <summary>Extends the lease while <paramref name="owner"/> holds it; false when it does not any more.</summary>
    Task<bool> RenewBulkLeaseAsync(long shopId, long id, string owner, DateTimeOffset leaseUntil);
    /// <summary>Writes (or replaces) one chunk of an operation's file while <paramref name="owner"/> holds its lease; false when it does not.</summary>
    Task<bool> WriteBulkChunkAsync(long shopId, long id, string owner, int seq, byte[] data);
    /// <summary>Drops an operation's chunks from <paramref name="fromSeq"/> on (written after its last checkpoint, or all of them).</summary>
    Task DeleteBulkChunksAsync(long shopId, long id, int fromSeq);
    /// <summary>Reads one chunk of an operation's file; null past the last.</summary>
    Task<byte[]?> ReadBulkChunkAsync(long shopId, long id, int seq);
    /// <summary>Records how far a RUNNING operation got and extends its lease, while <paramref name="owner"/> holds it; false otherwise (lost, or canceling).</summary>
    Task<bool> CheckpointBulkOperationAsync(long shopId, long id, string owner, Bulk.BulkProgress progress, DateTimeOffset leaseUntil);
    /// <summary>
    /// Ends an operation <paramref name="owner"/> holds (any owner when null) in a final status, with
    /// its error code and, when there is a file, its download token and expiry; false when it no longer
    /// holds it or it has ended already.
    /// </summary>
    Task<bool> FinishBulkOperationAsync(long shopId, long id, string? owner, string status, string? errorCode, DateTimeOffset now, string? urlToken, DateTimeOffset? urlExpiresAt);
    /// <summary>Finds an operation by its download token.</summary>
    Task<Bulk.BulkOperation?> FindBulkOperationByUrlAsync(string urlToken);
    /// <summary>Marks operations whose file expired before <paramref name="now"/> EXPIRED and drops their files; answers how many.</summary>
    Task<int> ExpireBulkOperationsAsync(DateTimeOffset now);

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
