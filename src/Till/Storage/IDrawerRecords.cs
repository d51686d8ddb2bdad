using Till.Devices;
using Till.Drawers;

namespace Till.Storage;

/// <summary>
/// Writes to devices and drawers.
/// </summary>
public interface IDrawerRecords
{
    /// <summary>Creates a device at a location.</summary>
    Task<Device> CreateDeviceAsync(long shopId, long locationId, string name);
    /// <summary>Points a device at a drawer.</summary>
    Task AssignDeviceAsync(long shopId, long deviceId, long drawerId);
    /// <summary>Sets or clears a device's fiscal register identifier; false when the shop has no such device.</summary>
    Task<bool> SetFiscalDeviceIdentifierAsync(long shopId, long deviceId, string? identifier);
    /// <summary>Sets or clears a device's name; false when the shop has no such device.</summary>
    Task<bool> SetDeviceNameAsync(long shopId, long deviceId, string? name);
    /// <summary>Finds a drawer at a location by its name key (trimmed, case-folded).</summary>
    Task<CashDrawer?> FindDrawerByNameAsync(long shopId, long locationId, string nameKey);
    /// <summary>Creates a drawer; null when the name is taken at that location.</summary>
    Task<CashDrawer?> CreateDrawerAsync(long shopId, long locationId, string name, string nameKey, string currency, DateTimeOffset now);
    /// <summary>Renames a drawer; false when another drawer at its location has that name.</summary>
    Task<bool> RenameDrawerAsync(long shopId, long drawerId, string name, string nameKey);
}
