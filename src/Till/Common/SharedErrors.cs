namespace Till.Common;

/// <summary>
/// User errors that mutations of more than one feature answer, defined once. A mutation's
/// catalog refers to these, moving one to another argument or code where its API says so.
/// </summary>
public static class SharedErrors
{
    /// <summary>The staff member does not exist in the shop, or is deactivated.</summary>
    public static readonly UserErrorKind StaffMemberNotFound = new("STAFF_MEMBER_NOT_FOUND", ["staffMemberId"], "Staff member not found.");

    /// <summary>The point-of-sale device does not exist in the shop.</summary>
    public static readonly UserErrorKind DeviceNotFound = new("POINT_OF_SALE_DEVICE_NOT_FOUND", ["pointOfSaleDeviceId"], "Point of sale device not found.");

    /// <summary>The reason code does not exist in the shop, is deleted, or is not of the kind its ID names.</summary>
    public static readonly UserErrorKind ReasonCodeNotFound = new("REASON_CODE_NOT_FOUND", ["reasonCodeId"], "Reason code not found.");
}
