using Till.Devices;
using Till.Drawers;
using Till.Sessions;
using Till.Shops;

namespace Till.Storage;

/// <summary>
/// What a transaction reported by a device needs to know, read in one go: the device, the staff
/// member, the device's open session, the device's location and the open session's drawer. In a
/// write unit of work the device, session and drawer rows are locked, in that order.
/// </summary>
public sealed record DeviceContext(Device? Device, StaffMember? Staff, PaymentSession? OpenSession, Location? Location, CashDrawer? SessionDrawer)
{
    /// <summary>Nothing found.</summary>
    public static readonly DeviceContext None = new(null, null, null, null, null);
}
