using Till.Common;

namespace Till.Sessions;

/// <summary>
/// <c>tillCashActivityReverse</c>'s user errors, in the order its use case checks them (the first
/// failure wins), the storage failure last.
/// </summary>
public static class ReversalErrors
{
    /// <summary>No activity with this ID in the shop.</summary>
    public static readonly UserErrorKind ActivityNotFound = new("ACTIVITY_NOT_FOUND", ["cashActivityId"], "Cash activity not found.");

    public static readonly UserErrorKind StaffMemberNotFound = SharedErrors.StaffMemberNotFound;
    public static readonly UserErrorKind ReasonCodeNotFound = SharedErrors.ReasonCodeNotFound;

    /// <summary>A sale, refund or change: the order is refunded instead.</summary>
    public static readonly UserErrorKind TransactionNotReversible = new("TRANSACTION_NOT_REVERSIBLE", ["cashActivityId"], "A sale, refund or change is corrected by refunding the order, not by reversal.");

    /// <summary>A count: the drawer is counted again instead.</summary>
    public static readonly UserErrorKind CountNotReversible = new("COUNT_NOT_REVERSIBLE", ["cashActivityId"], "A count is corrected by counting again, not by reversal.");

    /// <summary>A closing adjustment belongs to its close.</summary>
    public static readonly UserErrorKind ClosingAdjustmentNotReversible = new("CLOSING_ADJUSTMENT_NOT_REVERSIBLE", ["cashActivityId"], "A closing adjustment is part of its session's close and cannot be reversed.");

    /// <summary>The activity is itself a reversal.</summary>
    public static readonly UserErrorKind ReversalNotReversible = new("REVERSAL_NOT_REVERSIBLE", ["cashActivityId"], "A reversal cannot itself be reversed; record a new adjustment instead.");

    /// <summary>The activity's session is closed.</summary>
    public static readonly UserErrorKind SessionClosed = new("SESSION_ALREADY_CLOSED", ["cashActivityId"], "The activity's payment session is closed; only an activity of an open session can be reversed.");

    /// <summary>The session's drawer no longer exists.</summary>
    public static readonly UserErrorKind DrawerGone = SessionErrors.DrawerGone.At("cashActivityId");

    /// <summary>The activity was reversed already (an activity is reversed at most once).</summary>
    public static readonly UserErrorKind AlreadyReversed = new("ALREADY_REVERSED", ["cashActivityId"], "The activity has already been reversed.");

    public static readonly UserErrorKind NoteTooLong = Rules.NoteTooLong.WithCode("NOTE_TOO_LONG");

    /// <summary>The reversal would take the drawer's balance or the session's totals past <see cref="LedgerBounds"/>.</summary>
    public static readonly UserErrorKind OutOfRange = new("OUT_OF_RANGE", ["cashActivityId"], LedgerBounds.Message);

    /// <summary>The database failed; nothing was kept.</summary>
    public static readonly UserErrorKind FailedToReverse = new("FAILED_TO_REVERSE", null, "The reversal could not be saved; nothing was changed.");

    public static readonly IReadOnlyList<UserErrorKind> InCheckOrder =
    [
        ActivityNotFound, StaffMemberNotFound, ReasonCodeNotFound, TransactionNotReversible, CountNotReversible, ClosingAdjustmentNotReversible,
        ReversalNotReversible, SessionClosed, DrawerGone, AlreadyReversed, NoteTooLong, OutOfRange, FailedToReverse,
    ];
}
