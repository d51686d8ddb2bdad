namespace Till.Devices;

/// <summary>
/// What to change on a device: its name and its fiscal register identifier, each only when its
/// <c>Sets…</c> flag is on; a null value then clears it.
/// </summary>
public sealed record DeviceChanges(bool SetsName, string? Name, bool SetsFiscalDeviceIdentifier, string? FiscalDeviceIdentifier)
{
    /// <summary>Whether the changes change anything.</summary>
    public bool Any => SetsName || SetsFiscalDeviceIdentifier;
}
