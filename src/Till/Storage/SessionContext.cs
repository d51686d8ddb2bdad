using Till.CashSettings;
using Till.Drawers;
using Till.Sessions;
using Till.Shops;
using Till.Webhooks;

namespace Till.Storage;

/// <summary>
/// What a booking on an existing session needs, read in one go: the session, the staff member and
/// the session's drawer (session and drawer locked in a write unit of work), and the live
/// subscriptions to the topics the unit may fire.
/// </summary>
public sealed record SessionContext(PaymentSession? Session, StaffMember? Staff, CashDrawer? Drawer)
{
    /// <summary>Nothing found.</summary>
    public static readonly SessionContext None = new(null, null, null);

    /// <summary>The shop's live subscriptions to the topics asked for with the read, in ID order.</summary>
    public IReadOnlyList<WebhookSubscription> Subscriptions { get; init; } = [];

    /// <summary>
    /// The session's kept totals as the read found them (under the session's lock in a write
    /// unit, so before this unit books anything); null when the store did not read them with the
    /// context, and the use case reads them itself.
    /// </summary>
    public SessionTotals? Totals { get; init; }

    /// <summary>
    /// The cash settings of the session's location, when they were asked for with the read (a
    /// location without settings of its own has the defaults); null when not read.
    /// </summary>
    public LocationCashSettings? CashSettings { get; init; }
}
