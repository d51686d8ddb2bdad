using Till.Common;
using Till.Devices;
using Till.Storage;

namespace Till.Drawers;

/// <summary>Creating drawers and assigning devices to them.</summary>
public sealed class DrawerCommands(ITillStore store, TimeProvider clock)
{
    /// <summary>The longest drawer name.</summary>
    public const int MaxNameLength = 255;

    /// <summary>Creates a drawer at a location, in the location's currency.</summary>
    public Task<Outcome<CashDrawer>> CreateAsync(long shopId, long? locationId, string name, IdempotencyKey? idempotency = null, CancellationToken cancellationToken = default) =>
        WriteUnit.RunAsync(
            store, shopId, idempotency, clock.UtcNowSeconds(), work => CreateCoreAsync(work, shopId, locationId, name),
            failure => failure.Started
                ? Outcome<CashDrawer>.Fail(null, "The cash drawer could not be saved; nothing was changed.", "NOT_SAVED")
                : Outcome<CashDrawer>.Fail(null, "The cash drawer could not be created because of an internal error.", "INTERNAL_ERROR"),
            cancellationToken);

    private async Task<Outcome<CashDrawer>> CreateCoreAsync(IUnitOfWork work, long shopId, long? locationId, string name)
    {
        var location = locationId is { } id ? await work.GetLocationAsync(shopId, id).ConfigureAwait(false) : null;
        if (location is null)
        {
            return Outcome<CashDrawer>.Fail(["locationId"], "Location not found.", "LOCATION_NOT_FOUND");
        }

        if (NameError(name) is { } message)
        {
            return Outcome<CashDrawer>.Fail(["name"], message, "INVALID_NAME");
        }

        var trimmed = name.Trim();
        var drawer = await work.CreateDrawerAsync(shopId, location.Id, trimmed, NameKey(trimmed), location.Currency, clock.UtcNowSeconds()).ConfigureAwait(false);
        return drawer is null
            ? Outcome<CashDrawer>.Fail(["name"], "A cash drawer with this name already exists at this location.", "CASH_DRAWER_ALREADY_EXISTS")
            : Outcome<CashDrawer>.Ok(drawer);
    }

    /// <summary>Assigns a device to a drawer at the same location, replacing its old assignment.</summary>
    public Task<Outcome<Device>> AssignAsync(long shopId, long? drawerId, long? deviceId, IdempotencyKey? idempotency = null, CancellationToken cancellationToken = default) =>
        WriteUnit.RunAsync(
            store, shopId, idempotency, clock.UtcNowSeconds(), work => AssignCoreAsync(work, shopId, drawerId, deviceId),
            _ => Outcome<Device>.Fail(null, "The assignment could not be saved; nothing was changed.", "INTERNAL_ERROR"),
            cancellationToken);

    private static async Task<Outcome<Device>> AssignCoreAsync(IUnitOfWork work, long shopId, long? drawerId, long? deviceId)
    {
        // Rows are locked device first, then drawer, the order every write uses (PostgreSQL).
        var device = deviceId is { } de ? await work.GetDeviceAsync(shopId, de).ConfigureAwait(false) : null;
        var drawer = drawerId is { } dr ? await work.GetDrawerAsync(shopId, dr).ConfigureAwait(false) : null;
        if (drawer is null)
        {
            return Outcome<Device>.Fail(["cashDrawerId"], "Cash drawer not found.", "CASH_DRAWER_NOT_FOUND");
        }

        if (device is null)
        {
            return Outcome<Device>.Fail(["pointOfSaleDeviceId"], "Point of sale device not found.", "POINT_OF_SALE_DEVICE_NOT_FOUND");
        }

        if (device.LocationId != drawer.LocationId)
        {
            return Outcome<Device>.Fail(["cashDrawerId"], "The cash drawer is at a different location from the device.", "LOCATION_MISMATCH");
        }

        await work.AssignDeviceAsync(shopId, device.Id, drawer.Id).ConfigureAwait(false);
        return Outcome<Device>.Ok(device with { CashDrawerId = drawer.Id });
    }

    /// <summary>Renames a drawer; the new name must be free at its location.</summary>
    public Task<Outcome<CashDrawer>> RenameAsync(long shopId, long? drawerId, string name, IdempotencyKey? idempotency = null, CancellationToken cancellationToken = default) =>
        WriteUnit.RunAsync(
            store, shopId, idempotency, clock.UtcNowSeconds(), work => RenameCoreAsync(work, shopId, drawerId, name),
            _ => Outcome<CashDrawer>.Fail(null, "The cash drawer could not be saved; nothing was changed.", "NOT_SAVED"),
            cancellationToken);

    private static async Task<Outcome<CashDrawer>> RenameCoreAsync(IUnitOfWork work, long shopId, long? drawerId, string name)
    {
        var drawer = drawerId is { } id ? await work.GetDrawerAsync(shopId, id).ConfigureAwait(false) : null;
        if (drawer is null)
        {
            return Outcome<CashDrawer>.Fail(["id"], "Cash drawer not found.", "CASH_DRAWER_NOT_FOUND");
        }

        if (NameError(name) is { } message)
        {
            return Outcome<CashDrawer>.Fail(["input", "name"], message, "INVALID_NAME");
        }

        var trimmed = name.Trim();
        if (!await work.RenameDrawerAsync(shopId, drawer.Id, trimmed, NameKey(trimmed)).ConfigureAwait(false))
        {
            return Outcome<CashDrawer>.Fail(["input", "name"], "A cash drawer with this name already exists at this location.", "CASH_DRAWER_ALREADY_EXISTS");
        }

        return Outcome<CashDrawer>.Ok(drawer with { Name = trimmed });
    }

    /// <summary>Finds the drawer of that name at the location, or creates it, and assigns the device to it.</summary>
    public Task<Outcome<CashDrawer>> FindOrCreateAsync(long shopId, long? locationId, string name, long? deviceId, IdempotencyKey? idempotency = null, CancellationToken cancellationToken = default) =>
        WriteUnit.RunAsync(
            store, shopId, idempotency, clock.UtcNowSeconds(), work => FindOrCreateCoreAsync(work, shopId, locationId, name, deviceId),
            _ => Outcome<CashDrawer>.Fail(null, "The cash drawer could not be saved; nothing was changed.", "NOT_SAVED"),
            cancellationToken);

    private async Task<Outcome<CashDrawer>> FindOrCreateCoreAsync(IUnitOfWork work, long shopId, long? locationId, string name, long? deviceId)
    {
        var location = locationId is { } l ? await work.GetLocationAsync(shopId, l).ConfigureAwait(false) : null;
        if (location is null)
        {
            return Outcome<CashDrawer>.Fail(["locationId"], "Location not found.", "LOCATION_NOT_FOUND");
        }

        var device = deviceId is { } d ? await work.GetDeviceAsync(shopId, d).ConfigureAwait(false) : null;
        if (device is null || device.LocationId != location.Id)
        {
            return Outcome<CashDrawer>.Fail(["pointOfSaleDeviceId"], "Point of sale device not found at this location.", "POINT_OF_SALE_DEVICE_NOT_FOUND");
        }

        if (NameError(name) is { } message)
        {
            return Outcome<CashDrawer>.Fail(["name"], message, null);
        }

        var trimmed = name.Trim();
        var drawer = await work.FindDrawerByNameAsync(shopId, location.Id, NameKey(trimmed)).ConfigureAwait(false)
            ?? await work.CreateDrawerAsync(shopId, location.Id, trimmed, NameKey(trimmed), location.Currency, clock.UtcNowSeconds()).ConfigureAwait(false);
        if (drawer is null)
        {
            return Outcome<CashDrawer>.Fail(["name"], "The cash drawer could not be saved.", "NOT_SAVED");
        }

        var open = await work.GetOpenSessionAsync(shopId, device.Id).ConfigureAwait(false);
        if (open is not null && open.DrawerId != drawer.Id)
        {
            return Outcome<CashDrawer>.Fail(["pointOfSaleDeviceId"], "The device has an open payment session on another cash drawer.", "CASH_DRAWER_ASSIGNMENT_ALREADY_EXISTS");
        }

        await work.AssignDeviceAsync(shopId, device.Id, drawer.Id).ConfigureAwait(false);
        return Outcome<CashDrawer>.Ok(drawer);
    }

    /// <summary>What is wrong with a drawer name, or null.</summary>
    public static string? NameError(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            return "Name must not be blank.";
        }

        return trimmed.Length > MaxNameLength ? $"Name must be at most {MaxNameLength} characters." : null;
    }

    /// <summary>The key drawer names are compared by: trimmed and case-folded.</summary>
    public static string NameKey(string name) => name.Trim().ToUpperInvariant();
}
