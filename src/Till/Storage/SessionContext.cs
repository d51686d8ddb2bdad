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
}
