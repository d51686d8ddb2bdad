using Till.Devices;
using Till.Drawers;
using Till.Sessions;
using Till.Shops;
using Till.Webhooks;

namespace Till.Storage;

/// <summary>
/// What a transaction reported by a device needs to know, read in one go: the device, the staff
/// member, the device's open session, the device's location and the open session's drawer, and the
/// live subscriptions to the topics the unit may fire. In a write unit of work the device, session and drawer rows are locked, in that order.
/// </summary>
public sealed record DeviceContext(Device? Device, StaffMember? Staff, PaymentSession? OpenSession, Location? Location, CashDrawer? SessionDrawer)
{
    /// <summary>Nothing found.</summary>
    public static readonly DeviceContext None = new(null, null, null, null, null);

    /// <summary>The shop's live subscriptions to the topics asked for with the read, in ID order.</summary>
    public IReadOnlyList<WebhookSubscription> Subscriptions { get; init; } = [];

    /// <summary>
    /// The open session's kept totals as the read found them (under the session's lock in a
    /// write unit, so before this unit books anything); null when there is no open session or the
    /// store did not read them with the context, and the use case reads them itself.
    /// </summary>
    public SessionTotals? OpenSessionTotals { get; init; }
}
