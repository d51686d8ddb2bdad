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
                ? DrawerErrors.Create.NotSaved.Fail<CashDrawer>()
                : DrawerErrors.Create.InternalError.Fail<CashDrawer>(),
            cancellationToken);

    private async Task<Outcome<CashDrawer>> CreateCoreAsync(IUnitOfWork work, long shopId, long? locationId, string name)
    {
        var location = locationId is { } id ? await work.GetLocationAsync(shopId, id).ConfigureAwait(false) : null;
        if (location is null)
        {
            return DrawerErrors.Create.LocationNotFound.Fail<CashDrawer>();
        }

        if (NameError(name, DrawerErrors.Create.Name) is { } nameError)
        {
            return Outcome<CashDrawer>.Fail(nameError);
        }

        var trimmed = name.Trim();
        var drawer = await work.CreateDrawerAsync(shopId, location.Id, trimmed, NameKey(trimmed), location.Currency, clock.UtcNowSeconds()).ConfigureAwait(false);
        return drawer is null
            ? DrawerErrors.Create.NameTaken.Fail<CashDrawer>()
            : Outcome<CashDrawer>.Ok(drawer);
    }

    /// <summary>
    /// Assigns a device to a drawer at the same location, replacing its old assignment, also while the
    /// device has a session open: that session stays on the drawer it opened on.
    /// </summary>
    public Task<Outcome<Device>> AssignAsync(long shopId, long? drawerId, long? deviceId, IdempotencyKey? idempotency = null, CancellationToken cancellationToken = default) =>
        WriteUnit.RunAsync(
            store, shopId, idempotency, clock.UtcNowSeconds(), work => AssignCoreAsync(work, shopId, drawerId, deviceId),
            _ => DrawerErrors.Assign.InternalError.Fail<Device>(),
            cancellationToken);

    private static async Task<Outcome<Device>> AssignCoreAsync(IUnitOfWork work, long shopId, long? drawerId, long? deviceId)
    {
        // Rows are locked device first, then drawer, the order every write uses (PostgreSQL).
        var device = deviceId is { } de ? await work.GetDeviceAsync(shopId, de).ConfigureAwait(false) : null;
        var drawer = drawerId is { } dr ? await work.GetDrawerAsync(shopId, dr).ConfigureAwait(false) : null;
        if (drawer is null)
        {
            return DrawerErrors.Assign.DrawerNotFound.Fail<Device>();
        }

        if (device is null)
        {
            return DrawerErrors.Assign.DeviceNotFound.Fail<Device>();
        }

        if (device.LocationId != drawer.LocationId)
        {
            return DrawerErrors.Assign.LocationMismatch.Fail<Device>();
        }

        await work.AssignDeviceAsync(shopId, device.Id, drawer.Id).ConfigureAwait(false);
        return Outcome<Device>.Ok(device with { CashDrawerId = drawer.Id });
    }

    /// <summary>Renames a drawer; the new name must be free at its location.</summary>
    public Task<Outcome<CashDrawer>> RenameAsync(long shopId, long? drawerId, string name, IdempotencyKey? idempotency = null, CancellationToken cancellationToken = default) =>
        WriteUnit.RunAsync(
            store, shopId, idempotency, clock.UtcNowSeconds(), work => RenameCoreAsync(work, shopId, drawerId, name),
            _ => DrawerErrors.Update.NotSaved.Fail<CashDrawer>(),
            cancellationToken);

    private static async Task<Outcome<CashDrawer>> RenameCoreAsync(IUnitOfWork work, long shopId, long? drawerId, string name)
    {
        var drawer = drawerId is { } id ? await work.GetDrawerAsync(shopId, id).ConfigureAwait(false) : null;
        if (drawer is null)
        {
            return DrawerErrors.Update.DrawerNotFound.Fail<CashDrawer>();
        }

        if (NameError(name, DrawerErrors.Update.Name) is { } nameError)
        {
            return Outcome<CashDrawer>.Fail(nameError);
        }

        var trimmed = name.Trim();
        if (!await work.RenameDrawerAsync(shopId, drawer.Id, trimmed, NameKey(trimmed)).ConfigureAwait(false))
        {
            return DrawerErrors.Update.NameTaken.Fail<CashDrawer>();
        }

        return Outcome<CashDrawer>.Ok(drawer with { Name = trimmed });
    }

    /// <summary>Finds the drawer of that name at the location, or creates it, and assigns the device to it.</summary>
    public Task<Outcome<CashDrawer>> FindOrCreateAsync(long shopId, long? locationId, string name, long? deviceId, IdempotencyKey? idempotency = null, CancellationToken cancellationToken = default) =>
        WriteUnit.RunAsync(
            store, shopId, idempotency, clock.UtcNowSeconds(), work => FindOrCreateCoreAsync(work, shopId, locationId, name, deviceId),
            _ => DrawerErrors.FindOrCreate.NotSaved.Fail<CashDrawer>(),
            cancellationToken);

    private async Task<Outcome<CashDrawer>> FindOrCreateCoreAsync(IUnitOfWork work, long shopId, long? locationId, string name, long? deviceId)
    {
        var location = locationId is { } l ? await work.GetLocationAsync(shopId, l).ConfigureAwait(false) : null;
        if (location is null)
        {
            return DrawerErrors.FindOrCreate.LocationNotFound.Fail<CashDrawer>();
        }

        var device = deviceId is { } d ? await work.GetDeviceAsync(shopId, d).ConfigureAwait(false) : null;
        if (device is null || device.LocationId != location.Id)
        {
            return DrawerErrors.FindOrCreate.DeviceNotFound.Fail<CashDrawer>();
        }

        if (NameError(name, DrawerErrors.FindOrCreate.Name) is { } nameError)
        {
            return Outcome<CashDrawer>.Fail(nameError);
        }

        var trimmed = name.Trim();
        var drawer = await work.FindDrawerByNameAsync(shopId, location.Id, NameKey(trimmed)).ConfigureAwait(false)
            ?? await work.CreateDrawerAsync(shopId, location.Id, trimmed, NameKey(trimmed), location.Currency, clock.UtcNowSeconds()).ConfigureAwait(false);
        if (drawer is null)
        {
            return DrawerErrors.FindOrCreate.NotCreated.Fail<CashDrawer>();
        }

        // Moving follows the rule of pointOfSaleDeviceAssignToCashDrawer: any prior assignment is
        // replaced, even while the device has a session open; that session stays on the drawer it
        // opened on (its activities, count and close are booked there), and the next one opens here.
        await work.AssignDeviceAsync(shopId, device.Id, drawer.Id).ConfigureAwait(false);
        return Outcome<CashDrawer>.Ok(drawer);
    }

    /// <summary>What is wrong with a drawer name, or null.</summary>
    public static string? NameError(string name) => NameError(name, DrawerErrors.Name)?.Message;

    /// <summary>The error of <paramref name="errors"/> that a drawer name breaks, or null.</summary>
    private static UserError? NameError(string name, DrawerNameErrors errors)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            return errors.Blank.Error();
        }

        return trimmed.Length > MaxNameLength ? errors.TooLong.Error() : null;
    }

    /// <summary>The key drawer names are compared by: trimmed and case-folded.</summary>
    public static string NameKey(string name) => name.Trim().ToUpperInvariant();
}
