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

    /// <summary>Reads the context one statement at a time, for stores that cannot send several at once.</summary>
    public static async Task<DeviceContext> ReadAsync(IUnitOfWork work, long shopId, long deviceId, long? staffId)
    {
        ArgumentNullException.ThrowIfNull(work);
        var device = await work.GetDeviceAsync(shopId, deviceId).ConfigureAwait(false);
        if (device is null)
        {
            return None;
        }

        var staff = staffId is { } id ? await work.GetStaffAsync(shopId, id).ConfigureAwait(false) : null;
        var session = await work.GetOpenSessionAsync(shopId, deviceId).ConfigureAwait(false);
        var location = await work.GetLocationAsync(shopId, device.LocationId).ConfigureAwait(false);
        var drawer = session is null ? null : await work.GetDrawerAsync(shopId, session.DrawerId).ConfigureAwait(false);
        return new DeviceContext(device, staff, session, location, drawer);
    }
}
