namespace Till.Devices;

/// <summary>A point-of-sale device at a location, assigned to at most one drawer.</summary>
public sealed record Device(long ShopId, long Id, long LocationId, string Name, long? CashDrawerId, string? FiscalDeviceIdentifier = null);
