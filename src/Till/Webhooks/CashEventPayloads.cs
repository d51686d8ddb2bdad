using System.Globalization;
using System.Text.Json.Nodes;
using Till.Ids;
using Till.Money;
using Till.ReasonCodes;
using Till.Reviews;
using Till.Sessions;

namespace Till.Webhooks;

/// <summary>
/// The payloads of the till version's cash events, in the REST-like shape of Shopify's webhook
/// payloads: the till version's fields of the object in snake_case, the object's number in
/// <c>id</c> and its global ID in <c>admin_graphql_api_id</c>, every other object it refers to by
/// its global ID in <c>&lt;field&gt;_id</c>, amounts as strings with the currency's minor digits,
/// enum values in lower case, and every key present (null when it does not apply). See docs/webhooks.md.
/// </summary>
public static partial class WebhookPayloads
{
    /// <summary>The top-level fields of a payment session payload (<c>TILL_PAYMENT_SESSIONS_OPEN</c>, <c>_CLOSE</c>, <c>_REVIEW_REQUIRED</c>).</summary>
    public static readonly IReadOnlySet<string> PaymentSessionFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "admin_graphql_api_id", "status", "currency", "point_of_sale_device_id", "cash_drawer_id", "location_id",
        "opening_time", "opening_staff_member_id", "opening_note", "cash_counted_at_open", "expected_cash_at_open",
        "closing_time", "closing_staff_member_id", "closing_note", "cash_counted_at_close", "expected_cash_at_close", "closing_adjustment",
        "total_cash_sales", "total_cash_refunds", "net_cash_sales", "total_sales", "total_refunds", "net_sales", "total_adjustments", "total_discrepancy",
        "till_review",
    };

    /// <summary>The top-level fields of a <c>TILL_CASH_ACTIVITIES_CREATE</c> payload.</summary>
    public static readonly IReadOnlySet<string> CashActivityFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "admin_graphql_api_id", "kind", "type", "cash", "currency", "time", "payment_session_id", "cash_drawer_id", "staff_member_id",
        "reason_code_id", "note", "cash_counted", "cash_expected", "cash_discrepancy", "till_denominations", "order_transaction_id", "till_reverses_id", "till_hash",
    };

    /// <summary>A payment session with its totals after the change that fired the event.</summary>
    public static JsonObject PaymentSession(PaymentSession session, SessionTotals totals)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(totals);
        var currency = session.Currency;
        return new JsonObject
        {
            ["id"] = session.Id,
            ["admin_graphql_api_id"] = GlobalId.Format(GidTypes.PaymentSession, session.Id),
            ["status"] = session.Status == SessionStatus.Open ? "open" : "closed",
            ["currency"] = currency,
            ["point_of_sale_device_id"] = GlobalId.Format(GidTypes.Device, session.DeviceId),
            ["cash_drawer_id"] = GlobalId.Format(GidTypes.CashDrawer, session.DrawerId),
            ["location_id"] = GlobalId.Format(GidTypes.Location, session.LocationId),
            ["opening_time"] = Time(session.OpeningTime),
            ["opening_staff_member_id"] = GlobalId.Format(GidTypes.StaffMember, session.OpeningStaffId),
            ["opening_note"] = session.OpeningNote,
            ["cash_counted_at_open"] = Amount(session.CashCountedAtOpen, currency),
            ["expected_cash_at_open"] = Amount(session.ExpectedCashAtOpen, currency),
            ["closing_time"] = session.ClosingTime is { } closed ? Time(closed) : null,
            ["closing_staff_member_id"] = session.ClosingStaffId is { } closer ? GlobalId.Format(GidTypes.StaffMember, closer) : null,
            ["closing_note"] = session.ClosingNote,
            ["cash_counted_at_close"] = Amount(session.CashCountedAtClose, currency),
            ["expected_cash_at_close"] = Amount(session.ExpectedCashAtClose, currency),
            ["closing_adjustment"] = Amount(session.ClosingAdjustment, currency),
            ["total_cash_sales"] = Amount(totals.TotalCashSales, currency),
            ["total_cash_refunds"] = Amount(totals.TotalCashRefunds, currency),
            ["net_cash_sales"] = Amount(totals.NetCashSales, currency),
            ["total_sales"] = Amount(totals.TotalSales, currency),
            ["total_refunds"] = Amount(totals.TotalRefunds, currency),
            ["net_sales"] = Amount(totals.NetSales, currency),
            ["total_adjustments"] = Amount(totals.Adjustments, currency),
            ["total_discrepancy"] = Amount(totals.Discrepancy, currency),
            ["till_review"] = session.Review is { } review
                ? new JsonObject
                {
                    ["status"] = review.Status == ReviewStatus.Approved ? "approved" : "required",
                    ["approved_by_id"] = review.ApprovedBy is { } manager ? GlobalId.Format(GidTypes.StaffMember, manager) : null,
                    ["note"] = review.Note,
                    ["time"] = review.Time is { } at ? Time(at) : null,
                }
                : null,
        };
    }

    /// <summary>A booked cash activity; <paramref name="reason"/> is its reason code, when it has one.</summary>
    public static JsonObject CashActivity(CashActivity activity, ReasonCode? reason)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var currency = activity.Currency;
        JsonArray? denominations = null;
        if (activity.Denominations is { } counts)
        {
            denominations = [];
            foreach (var count in counts.OrderBy(c => c.Value))
            {
                denominations.Add(new JsonObject { ["value"] = Amount(count.Value, currency), ["count"] = count.Count, ["total"] = Amount(count.Total, currency) });
            }
        }

        return new JsonObject
        {
            ["id"] = activity.Id,
            ["admin_graphql_api_id"] = GlobalId.Format(GidTypes.TillCashActivity, activity.Id),
            ["kind"] = activity.Kind.ToString().ToLowerInvariant(),
            ["type"] = activity.Type.ToLowerInvariant(),
            ["cash"] = Amount(activity.Cash, currency),
            ["currency"] = currency,
            ["time"] = Time(activity.Time),
            ["payment_session_id"] = GlobalId.Format(GidTypes.PaymentSession, activity.SessionId),
            ["cash_drawer_id"] = GlobalId.Format(GidTypes.CashDrawer, activity.DrawerId),
            ["staff_member_id"] = GlobalId.Format(GidTypes.StaffMember, activity.StaffId),
            ["reason_code_id"] = reason is null ? null : GlobalId.Format(ReasonCodeTypes.TypeOf(reason.Kind), reason.Id),
            ["note"] = activity.Note,
            ["cash_counted"] = Amount(activity.Counted, currency),
            ["cash_expected"] = Amount(activity.Expected, currency),
            ["cash_discrepancy"] = Amount(activity.Discrepancy, currency),
            ["till_denominations"] = denominations,
            ["order_transaction_id"] = activity.TransactionId is { } transaction ? GlobalId.Format(GidTypes.OrderTransaction, transaction) : null,
            ["till_reverses_id"] = activity.ReversesId is { } reversed ? GlobalId.Format(GidTypes.TillCashActivity, reversed) : null,
            ["till_hash"] = activity.Hash,
        };
    }

    private static string? Amount(decimal? amount, string currency) =>
        amount?.ToString("F" + Currency.MinorUnits(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
