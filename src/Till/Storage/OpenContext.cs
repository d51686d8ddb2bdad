using Till.Devices;
using Till.Drawers;
using Till.ReasonCodes;
using Till.Sessions;
using Till.Shops;
using Till.Webhooks;

namespace Till.Storage;

/// <summary>
/// What opening a session on a device needs to know, read in one go: the device, the staff member,
/// the reason code given (if any), the device's open session, the device's drawer and the shop's
/// FLOAT_SETUP code, and the live subscriptions to the topics the unit may fire. In a write unit of
/// work the device, session and drawer rows are locked, in that order.
/// </summary>
public sealed record OpenContext(Device? Device, StaffMember? Staff, ReasonCode? Reason, PaymentSession? OpenSession, CashDrawer? Drawer, ReasonCode? FloatSetup)
{
    /// <summary>Nothing found.</summary>
    public static readonly OpenContext None = new(null, null, null, null, null, null);

    /// <summary>The shop's live subscriptions to the topics asked for with the read, in ID order.</summary>
    public IReadOnlyList<WebhookSubscription> Subscriptions { get; init; } = [];
}
