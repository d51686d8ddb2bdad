using Till.Ids;

namespace Till.Search;

/// <summary>
/// The fields each searchable connection accepts in its <c>query:</c> argument: exactly the filter
/// table of the connection's reference page, so a query that filters on Till filters the same way
/// on Shopify. A term on any other field is dropped with a warning, as Shopify does.
/// </summary>
public static class SearchFields
{
    /// <summary>
    /// <c>pointOfSaleDevicePaymentSessions</c>: the reference's table, plus <c>status</c>, which
    /// Shopify's changelog announces for this connection although its table omits it.
    /// </summary>
    public static readonly IReadOnlyList<SearchField> Sessions =
    [
        new("closing_date", SearchFieldKind.Date),
        new("closing_time", SearchFieldKind.DateTime),
        new("id", SearchFieldKind.Id, GidTypes.PaymentSession),
        new("is_open", SearchFieldKind.Boolean),
        new("location_id", SearchFieldKind.Id, GidTypes.Location),
        new("opening_date", SearchFieldKind.Date),
        new("opening_time", SearchFieldKind.DateTime),
        new("point_of_sale_device_id", SearchFieldKind.Id, GidTypes.Device),
        SearchField.Enum("status", "OPEN", "CLOSED"),
    ];

    /// <summary>
    /// Payment sessions in Till's own API version: also by the variance review's status, by the
    /// staff member who opened the session, and by whether its close was over or short.
    /// </summary>
    public static readonly IReadOnlyList<SearchField> TillSessions =
    [
        .. Sessions,
        new("till_over_short", SearchFieldKind.Boolean),
        SearchField.Enum("till_review_status", "REQUIRED", "APPROVED"),
        new("till_staff_member_id", SearchFieldKind.Id, GidTypes.StaffMember),
    ];

    /// <summary><c>cashTrackingSessions</c> (the legacy view of the same sessions).</summary>
    public static readonly IReadOnlyList<SearchField> TrackingSessions =
    [
        new("closing_time", SearchFieldKind.DateTime),
        new("id", SearchFieldKind.Id, GidTypes.CashTrackingSession),
        new("location_id", SearchFieldKind.Id, GidTypes.Location),
        new("opening_time", SearchFieldKind.DateTime),
        new("point_of_sale_device_ids", SearchFieldKind.Id, GidTypes.Device),
        SearchField.Enum("status", "OPEN", "CLOSED"),
    ];

    /// <summary><c>cashTrackingSessions</c> from 2027-01 on, whose reference adds <c>created_at</c> (when the session's record was made).</summary>
    public static readonly IReadOnlyList<SearchField> TrackingSessions202701 =
    [
        .. TrackingSessions,
        new("created_at", SearchFieldKind.DateTime),
    ];

    /// <summary>
    /// <c>cashTrackingSessions</c> in Till's own API version: the newest Shopify version's terms
    /// (<see cref="TrackingSessions202701"/>) and the ones <see cref="TillSessions"/> adds.
    /// </summary>
    public static readonly IReadOnlyList<SearchField> TillTrackingSessions =
    [
        .. TrackingSessions202701,
        new("till_over_short", SearchFieldKind.Boolean),
        SearchField.Enum("till_review_status", "REQUIRED", "APPROVED"),
        new("till_staff_member_id", SearchFieldKind.Id, GidTypes.StaffMember),
    ];

    /// <summary><c>cashDrawers</c>; the reference has no free-text search, so a bare word is dropped with a warning.</summary>
    public static readonly IReadOnlyList<SearchField> Drawers =
    [
        new("id", SearchFieldKind.Id, GidTypes.CashDrawer),
        new("location_id", SearchFieldKind.Id, GidTypes.Location),
    ];

    /// <summary>
    /// <c>cashActivities</c> of a drawer or a session. Staff is filtered by the connection's
    /// <c>staffMemberId</c> argument, time by the sort key and paging, not by search terms.
    /// </summary>
    public static readonly IReadOnlyList<SearchField> Activities =
    [
        new("id", SearchFieldKind.Id),
        SearchField.Enum("type", "SALE", "REFUND", "CHANGE", "ADJUSTMENT", "CASH_PAYOUT", "CLOSING_ADJUSTMENT", "OPENING", "MID_SESSION", "CLOSING"),
    ];

    /// <summary><c>CashTrackingSession.cashTransactions</c>: the session's cash order transactions.</summary>
    public static readonly IReadOnlyList<SearchField> CashTransactions =
    [
        new("id", SearchFieldKind.Id, GidTypes.OrderTransaction),
        SearchField.Enum("kind", "AUTHORIZATION", "CAPTURE", "CHANGE", "EMV_AUTHORIZATION", "REFUND", "SALE", "SUGGESTED_REFUND", "VOID"),
        new("processed_at", SearchFieldKind.DateTime),
    ];

    /// <summary><c>tenderTransactions</c>: the shop's order transactions of every tender.</summary>
    public static readonly IReadOnlyList<SearchField> TenderTransactions =
    [
        new("id", SearchFieldKind.Id, GidTypes.TenderTransaction),
        new("point_of_sale_device_id", SearchFieldKind.Id, GidTypes.Device),
        new("processed_at", SearchFieldKind.DateTime),
        new("test", SearchFieldKind.Boolean),
    ];

    /// <summary>Bulk operations.</summary>
    public static readonly IReadOnlyList<SearchField> BulkOperations =
    [
        new("id", SearchFieldKind.Id, GidTypes.BulkOperation),
        new("created_at", SearchFieldKind.DateTime),
        SearchField.Enum("operation_type", "QUERY", "MUTATION"),
        SearchField.Enum("status", "CANCELED", "CANCELING", "COMPLETED", "CREATED", "EXPIRED", "FAILED", "RUNNING"),
    ];

    /// <summary>Locations, as the reference lists them; a bare word searches the name.</summary>
    public static readonly IReadOnlyList<SearchField> Locations =
    [
        new("active", SearchFieldKind.Boolean),
        new("address1", SearchFieldKind.Text),
        new("address2", SearchFieldKind.Text),
        new("city", SearchFieldKind.Text),
        new("country", SearchFieldKind.Text),
        new("created_at", SearchFieldKind.DateTime),
        new("geolocated", SearchFieldKind.Boolean),
        new("id", SearchFieldKind.Id, GidTypes.Location),
        new("legacy", SearchFieldKind.Boolean),
        new("location_id", SearchFieldKind.Id, GidTypes.Location),
        new("name", SearchFieldKind.Text, DefaultTextField: "name"),
        SearchField.Enum("pickup_in_store", "enabled", "disabled"),
        new("province", SearchFieldKind.Text),
        new("zip", SearchFieldKind.Text),
    ];

    /// <summary>Staff members, as the reference lists them.</summary>
    public static readonly IReadOnlyList<SearchField> Staff =
    [
        SearchField.Enum("account_type", "collaborator", "collaborator_team_member", "invited", "regular", "requested", "restricted", "saml"),
        new("email", SearchFieldKind.Text),
        new("first_name", SearchFieldKind.Text),
        new("id", SearchFieldKind.Id, GidTypes.StaffMember),
        new("last_name", SearchFieldKind.Text),
    ];

    /// <summary>Staff members from 2027-01 on, whose reference adds <c>created_at</c>.</summary>
    public static readonly IReadOnlyList<SearchField> Staff202701 =
    [
        .. Staff,
        new("created_at", SearchFieldKind.DateTime),
    ];
}
