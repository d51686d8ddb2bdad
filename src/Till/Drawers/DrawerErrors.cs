using Till.Common;

namespace Till.Drawers;

/// <summary>
/// The user errors of the drawer mutations, each defined once. Every mutation's class names the
/// errors it answers and lists them in <c>InCheckOrder</c>: everything it can answer, in the
/// order its use case checks (the first failure wins), a storage failure last.
/// </summary>
public static class DrawerErrors
{
    /// <summary>The location does not exist in the shop.</summary>
    public static readonly UserErrorKind LocationNotFound = new("LOCATION_NOT_FOUND", ["locationId"], "Location not found.");

    /// <summary>The drawer does not exist in the shop.</summary>
    public static readonly UserErrorKind DrawerNotFound = new("CASH_DRAWER_NOT_FOUND", ["cashDrawerId"], "Cash drawer not found.");

    /// <summary>The name rule on <c>name</c>.</summary>
    public static readonly DrawerNameErrors Name = new(
        new UserErrorKind("INVALID_NAME", ["name"], "Name must not be blank."),
        new UserErrorKind("INVALID_NAME", ["name"], $"Name must be at most {DrawerCommands.MaxNameLength} characters."));

    /// <summary>Another drawer at the location has the name (compared trimmed, ignoring case).</summary>
    public static readonly UserErrorKind NameTaken = new("CASH_DRAWER_ALREADY_EXISTS", ["name"], "A cash drawer with this name already exists at this location.");

    /// <summary>The database failed; nothing was kept.</summary>
    public static readonly UserErrorKind NotSaved = new("NOT_SAVED", null, "The cash drawer could not be saved; nothing was changed.");

    /// <summary><c>cashDrawerCreate</c>.</summary>
    public static class Create
    {
        public static readonly UserErrorKind LocationNotFound = DrawerErrors.LocationNotFound;
        public static readonly DrawerNameErrors Name = DrawerErrors.Name;
        public static readonly UserErrorKind NameTaken = DrawerErrors.NameTaken;
        public static readonly UserErrorKind NotSaved = DrawerErrors.NotSaved;

        /// <summary>The database could not even start the unit of work.</summary>
        public static readonly UserErrorKind InternalError = new("INTERNAL_ERROR", null, "The cash drawer could not be created because of an internal error.");

        public static readonly IReadOnlyList<UserErrorKind> InCheckOrder = [LocationNotFound, .. Name.InCheckOrder, NameTaken, NotSaved, InternalError];
    }

    /// <summary><c>pointOfSaleDeviceAssignToCashDrawer</c>.</summary>
    public static class Assign
    {
        public static readonly UserErrorKind DrawerNotFound = DrawerErrors.DrawerNotFound;
        public static readonly UserErrorKind DeviceNotFound = SharedErrors.DeviceNotFound;
        public static readonly UserErrorKind LocationMismatch = new("LOCATION_MISMATCH", ["cashDrawerId"], "The cash drawer is at a different location from the device.");

        /// <summary>The database failed; nothing was kept.</summary>
        public static readonly UserErrorKind InternalError = new("INTERNAL_ERROR", null, "The assignment could not be saved; nothing was changed.");

        public static readonly IReadOnlyList<UserErrorKind> InCheckOrder = [DrawerNotFound, DeviceNotFound, LocationMismatch, InternalError];
    }

    /// <summary><c>cashDrawerUpdate</c> (a rename): the name is under <c>input</c>.</summary>
    public static class Update
    {
        public static readonly UserErrorKind DrawerNotFound = DrawerErrors.DrawerNotFound.At("id");
        public static readonly DrawerNameErrors Name = DrawerErrors.Name.At("input", "name");
        public static readonly UserErrorKind NameTaken = DrawerErrors.NameTaken.At("input", "name");
        public static readonly UserErrorKind NotSaved = DrawerErrors.NotSaved;

        public static readonly IReadOnlyList<UserErrorKind> InCheckOrder = [DrawerNotFound, .. Name.InCheckOrder, NameTaken, NotSaved];
    }

    /// <summary><c>cashDrawerFindOrCreate</c>: its code enum has no invalid-name value, so a bad name has no code.</summary>
    public static class FindOrCreate
    {
        public static readonly UserErrorKind LocationNotFound = DrawerErrors.LocationNotFound;

        /// <summary>The device does not exist in the shop, or is at another location.</summary>
        public static readonly UserErrorKind DeviceNotFound = SharedErrors.DeviceNotFound with { Message = "Point of sale device not found at this location." };

        public static readonly DrawerNameErrors Name = DrawerErrors.Name.WithCode(null);

        /// <summary>The drawer was neither found nor created (a drawer of that name appeared meanwhile).</summary>
        public static readonly UserErrorKind NotCreated = new("NOT_SAVED", ["name"], "The cash drawer could not be saved.");

        public static readonly UserErrorKind NotSaved = DrawerErrors.NotSaved;

        public static readonly IReadOnlyList<UserErrorKind> InCheckOrder = [LocationNotFound, DeviceNotFound, .. Name.InCheckOrder, NotCreated, NotSaved];
    }
}
