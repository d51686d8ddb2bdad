using Till.Bulk;
using Till.CashSettings;
using Till.Devices;
using Till.Drawers;
using Till.ReasonCodes;
using Till.Search;
using Till.Sessions;
using Till.Shops;
using Till.Transactions;
using Till.Webhooks;

namespace Till.Storage;

/// <summary>
/// What a request reads, in a read unit's snapshot: the shop's objects, its ledger and its
/// figures. Resolvers see only this side; writes go through the use cases' write units.
/// </summary>
public interface ITillReads
{
    /// <summary>Reads a shop.</summary>
    Task<Shop?> GetShopAsync(long shopId);
    /// <summary>Reads a location.</summary>
    Task<Location?> GetLocationAsync(long shopId, long locationId);
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
    /// <summary>A location's cash settings (<see cref="LocationCashSettings.Default"/> when none were set).</summary>
    Task<LocationCashSettings> GetLocationCashSettingsAsync(long shopId, long locationId);
    /// <summary>Whether any location of the shop has blind counts on.</summary>
    Task<bool> AnyBlindCountLocationAsync(long shopId);
    /// <summary>How many payment sessions are open, across every shop on the database (for the operator's metrics; an index holds exactly the open ones).</summary>
    Task<long> CountOpenSessionsAsync();
    /// <summary>Reads a device.</summary>
    Task<Device?> GetDeviceAsync(long shopId, long deviceId);
    /// <summary>Reads a drawer.</summary>
    Task<CashDrawer?> GetDrawerAsync(long shopId, long drawerId);
    /// <summary>Reads a reason code of any kind, deleted or not.</summary>
    Task<ReasonCode?> GetReasonCodeAsync(long shopId, long reasonCodeId);
    /// <summary>Reads one of the shop's system codes.</summary>
    Task<ReasonCode?> GetSystemReasonCodeAsync(long shopId, string code);
    /// <summary>Reads a session.</summary>
    Task<PaymentSession?> GetSessionAsync(long shopId, long sessionId);
    /// <summary>Reads the device's open session.</summary>
    Task<PaymentSession?> GetOpenSessionAsync(long shopId, long deviceId);
    /// <summary>Sessions whose review awaits approval and whose closing time is in [start, end), at a location or in the shop's drawers of a currency.</summary>
    Task<long> CountSessionsAwaitingApprovalAsync(long shopId, long? locationId, string? currency, DateTimeOffset rangeStart, DateTimeOffset rangeEnd);
    /// <summary>Reads an order transaction.</summary>
    Task<OrderTransaction?> GetTransactionAsync(long shopId, long transactionId);
    /// <summary>The totals kept on a session's row (all zero when there is no such session).</summary>
    Task<SessionTotals> GetSessionTotalsAsync(long shopId, long sessionId);
    /// <summary>A page of a session's activities, ordered by time then recording order.</summary>
    Task<IReadOnlyList<CashActivity>> ListSessionActivitiesAsync(long shopId, long sessionId, ActivityPage page);
    /// <summary>A page of the shop's drawers by ID.</summary>
    Task<IReadOnlyList<CashDrawer>> ListDrawersAsync(long shopId, KeysetPage page, Search.BoundFilter? filter = null);
    /// <summary>A page of the devices assigned to a drawer, by ID.</summary>
    Task<IReadOnlyList<Device>> ListDrawerDevicesAsync(long shopId, long drawerId, KeysetPage page);
    /// <summary>A page of a drawer's activities by time (or by ID when <paramref name="byId"/>).</summary>
    Task<IReadOnlyList<CashActivity>> ListDrawerActivitiesAsync(long shopId, long drawerId, bool byId, KeysetPage page, long? staffId, Search.BoundFilter? filter = null);
    /// <summary>A page of the shop's sessions in the given order; with <paramref name="posProOnly"/>, only those of locations whose POS Pro switch is on.</summary>
    Task<IReadOnlyList<PaymentSession>> ListSessionsAsync(long shopId, SessionSortKey sortKey, KeysetPage page, Search.BoundFilter? filter = null, bool posProOnly = false);
    /// <summary>The sort key value of a session for <paramref name="sortKey"/>, as stored.</summary>
    Task<long?> SessionSortValueAsync(long shopId, long sessionId, SessionSortKey sortKey);
    /// <summary>A drawer's figures over activities whose time is in [start, end).</summary>
    Task<DrawerTotals> GetDrawerTotalsAsync(long shopId, long drawerId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd);
    /// <summary>Summary of the drawers at a location, or of the shop's drawers in a currency at its POS Pro locations, over [start, end).</summary>
    Task<Summaries.CashSummary> GetSummaryAsync(long shopId, long? locationId, string? currency, DateTimeOffset rangeStart, DateTimeOffset rangeEnd);
    /// <summary>A page of the shop's reason codes that are not deleted, by ID.</summary>
    Task<IReadOnlyList<ReasonCode>> ListReasonCodesAsync(long shopId, KeysetPage page);
    /// <summary>A page of a session's cash order transactions by processing time (or by ID).</summary>
    Task<IReadOnlyList<OrderTransaction>> ListSessionCashTransactionsAsync(long shopId, long sessionId, bool byId, KeysetPage page, Search.BoundFilter? filter = null);
    /// <summary>A page of the shop's order transactions of every tender and session, by ID: its tender transactions.</summary>
    Task<IReadOnlyList<OrderTransaction>> ListTransactionsAsync(long shopId, KeysetPage page, Search.BoundFilter? filter = null);
    /// <summary>A page of a session's ADJUSTMENT and CASH_PAYOUT activities by time (or by ID).</summary>
    Task<IReadOnlyList<CashActivity>> ListSessionAdjustmentsAsync(long shopId, long sessionId, bool byId, KeysetPage page);
    /// <summary>Reads one activity.</summary>
    Task<CashActivity?> GetActivityAsync(long shopId, long activityId);
    /// <summary>The activity that reverses the given one, if any (there is at most one).</summary>
    Task<CashActivity?> GetReversalOfAsync(long shopId, long activityId);
    /// <summary>Up to <paramref name="limit"/> of a drawer's activities with IDs above <paramref name="afterId"/>, by ID: its ledger chain in order.</summary>
    Task<IReadOnlyList<CashActivity>> ListChainAsync(long shopId, long drawerId, long afterId, int limit);
    /// <summary>Every shop's ID, ascending: the one call not scoped to a shop, for checks that cover a whole database.</summary>
    Task<IReadOnlyList<long>> ListShopIdsAsync();
    /// <summary>Reads a bulk operation.</summary>
    Task<Bulk.BulkOperation?> GetBulkOperationAsync(long shopId, long id);
    /// <summary>The shop's most recently created operation of the type.</summary>
    Task<Bulk.BulkOperation?> GetLatestBulkOperationAsync(long shopId, string type);
    /// <summary>A page of the shop's operations by creation (ID) or by completion time.</summary>
    Task<IReadOnlyList<Bulk.BulkOperation>> ListBulkOperationsAsync(long shopId, bool byCompletedAt, KeysetPage page, Search.BoundFilter? filter = null);
    /// <summary>Reads a subscription of one app (token) of the shop.</summary>
    Task<WebhookSubscription?> GetWebhookSubscriptionAsync(long shopId, long tokenId, long id);
    /// <summary>A page of one app's subscriptions, by creation time or ID.</summary>
    Task<IReadOnlyList<WebhookSubscription>> ListWebhookSubscriptionsAsync(long shopId, long tokenId, WebhookSubscriptionSortKey sortKey, KeysetPage page, WebhookSubscriptionListFilter filter, BoundFilter? search);
    /// <summary>
    /// How many of one app's subscriptions match, counting no further than <paramref name="limit"/>
    /// (null: all); without <paramref name="tillTopics"/>, subscriptions to the till version's own topics are left out.
    /// </summary>
    Task<long> CountWebhookSubscriptionsAsync(long shopId, long tokenId, BoundFilter? search, int? limit, bool tillTopics = true);
}
