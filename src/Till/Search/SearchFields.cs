using Till.Ids;

namespace Till.Search;

/// <summary>The fields each searchable connection accepts in its <c>query:</c> argument.</summary>
public static class SearchFields
{
    /// <summary>Payment sessions (and their legacy view).</summary>
    public static readonly IReadOnlyList<SearchField> Sessions =
    [
        new("id", SearchFieldKind.Id, GidTypes.PaymentSession),
        new("is_open", SearchFieldKind.Boolean),
        new("location_id", SearchFieldKind.Id, GidTypes.Location),
        new("point_of_sale_device_id", SearchFieldKind.Id, GidTypes.Device),
        new("opening_time", SearchFieldKind.DateTime),
        new("opening_date", SearchFieldKind.Date),
        new("closing_time", SearchFieldKind.DateTime),
        new("closing_date", SearchFieldKind.Date),
    ];

    /// <summary>Payment sessions in Till's own API version: also by the variance review's status.</summary>
    public static readonly IReadOnlyList<SearchField> TillSessions =
    [
        .. Sessions,
        SearchField.Enum("till_review_status", "REQUIRED", "APPROVED"),
    ];

    /// <summary>Cash drawers; a bare word searches the name.</summary>
    public static readonly IReadOnlyList<SearchField> Drawers =
    [
        new("id", SearchFieldKind.Id, GidTypes.CashDrawer),
        new("location_id", SearchFieldKind.Id, GidTypes.Location),
        new("name", SearchFieldKind.Text),
    ];

    /// <summary>Cash activities of a drawer or a session.</summary>
    public static readonly IReadOnlyList<SearchField> Activities =
    [
        new("id", SearchFieldKind.Id),
        new("time", SearchFieldKind.DateTime),
        SearchField.Enum("type", "SALE", "REFUND", "CHANGE", "ADJUSTMENT", "CASH_PAYOUT", "CLOSING_ADJUSTMENT", "OPENING", "MID_SESSION", "CLOSING"),
        new("staff_id", SearchFieldKind.Id, GidTypes.StaffMember),
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
}
