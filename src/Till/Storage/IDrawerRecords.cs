using Till.Devices;
using Till.Drawers;
using Till.Sessions;

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
    /// <summary>The drawer's verified ledger checkpoint, if a verification has stored one.</summary>
    Task<LedgerCheckpoint?> GetLedgerCheckpointAsync(long shopId, long drawerId);
    /// <summary>
    /// Up to <paramref name="limit"/> of a drawer's activities with IDs up to and including
    /// <paramref name="throughId"/>, newest first: a checkpoint's activity and the ones before it.
    /// </summary>
    Task<IReadOnlyList<CashActivity>> ListChainThroughAsync(long shopId, long drawerId, long throughId, int limit);
    /// <summary>How many of a drawer's activities have IDs up to and including <paramref name="throughId"/> (read from the index alone).</summary>
    Task<long> CountChainThroughAsync(long shopId, long drawerId, long throughId);
    /// <summary>Stores the drawer's checkpoint, unless the one stored is further along the chain.</summary>
    Task SaveLedgerCheckpointAsync(LedgerCheckpoint checkpoint);
    /// <summary>Removes the drawer's checkpoint, so its next verification starts at its first activity.</summary>
    Task DropLedgerCheckpointAsync(long shopId, long drawerId);
}
