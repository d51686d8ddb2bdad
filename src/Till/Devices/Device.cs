namespace Till.Devices;

/// <summary>
/// A point-of-sale device at a location, assigned to at most one drawer. <paramref name="Name"/> is
/// what the shop calls it ("Register 2"), null when it has none.
/// </summary>
public sealed record Device(long ShopId, long Id, long LocationId, string? Name, long? CashDrawerId, string? FiscalDeviceIdentifier = null)
{
    /// <summary>The longest name a device may have, in characters.</summary>
    public const int MaxNameLength = 255;

    /// <summary>What a person reads for the device: its name, or "Device N" (its ID) when it has none.</summary>
    public string DisplayName => DisplayNameOf(Id, Name);

    /// <summary>The name to show for device <paramref name="id"/> named <paramref name="name"/> (or not).</summary>
    public static string DisplayNameOf(long id, string? name) => name ?? $"Device {id}";
}
