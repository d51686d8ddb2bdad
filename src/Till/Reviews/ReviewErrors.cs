using Till.Common;

namespace Till.Reviews;

/// <summary>The user errors of <c>tillPaymentSessionApprove</c>, in the order its use case checks them, a storage failure last.</summary>
public static class ReviewErrors
{
    /// <summary>The session does not exist in the shop.</summary>
    public static readonly UserErrorKind SessionNotFound = new("TILL_PAYMENT_SESSION_NOT_FOUND", ["pointOfSaleDevicePaymentSessionId"], "Payment session not found.");

    /// <summary>The staff member does not exist in the shop, or is deactivated.</summary>
    public static readonly UserErrorKind StaffMemberNotFound = SharedErrors.StaffMemberNotFound.WithCode("TILL_STAFF_MEMBER_NOT_FOUND");

    /// <summary>The reason code does not exist, is deleted, or is not of the kind its ID names.</summary>
    public static readonly UserErrorKind ReasonCodeNotFound = SharedErrors.ReasonCodeNotFound.WithCode("TILL_REASON_CODE_NOT_FOUND");

    /// <summary>The session has no review to approve: it is open, or its close stayed within the thresholds.</summary>
    public static readonly UserErrorKind ReviewNotRequired = new("TILL_REVIEW_NOT_REQUIRED", ["pointOfSaleDevicePaymentSessionId"], "The payment session has no variance review to approve: it is open, or its close stayed within the location's thresholds.");

    /// <summary>The review was approved already (also when another approval wins the race).</summary>
    public static readonly UserErrorKind AlreadyApproved = new("TILL_ALREADY_APPROVED", ["pointOfSaleDevicePaymentSessionId"], "The payment session's variance review is already approved.");

    /// <summary>The staff member is not a manager.</summary>
    public static readonly UserErrorKind NotAManager = new("TILL_STAFF_MEMBER_NOT_MANAGER", ["staffMemberId"], "Only a manager can approve a variance review.");

    /// <summary>The staff member closed the session (four eyes: someone else approves).</summary>
    public static readonly UserErrorKind ClosedBySameStaffMember = new("TILL_STAFF_MEMBER_CLOSED_SESSION", ["staffMemberId"], "The staff member who closed the session cannot approve its variance review.");

    /// <summary>The note is too long.</summary>
    public static readonly UserErrorKind NoteTooLong = Rules.NoteTooLong.WithCode("TILL_NOTE_TOO_LONG");

    /// <summary>The database failed; nothing was changed.</summary>
    public static readonly UserErrorKind NotSaved = new("TILL_NOT_SAVED", null, "The approval could not be saved; nothing was changed.");

    public static readonly IReadOnlyList<UserErrorKind> InCheckOrder =
    [
        SessionNotFound, StaffMemberNotFound, ReasonCodeNotFound, ReviewNotRequired, AlreadyApproved, NotAManager, ClosedBySameStaffMember, NoteTooLong, NotSaved,
    ];
}
