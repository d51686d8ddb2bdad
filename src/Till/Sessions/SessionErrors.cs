using Till.Common;

namespace Till.Sessions;

/// <summary>
/// The user errors of the session mutations, each defined once. Every mutation's class names the
/// errors it answers and lists them in <c>InCheckOrder</c>: everything it can answer, in the
/// order its use case checks (the first failure wins), a storage failure last.
/// </summary>
public static class SessionErrors
{
    /// <summary>The session does not exist in the shop.</summary>
    public static readonly UserErrorKind SessionNotFound = new("PAYMENT_SESSION_NOT_FOUND", ["pointOfSaleDevicePaymentSessionId"], "Payment session not found.");

    /// <summary>The session is closed, so it takes no more activity.</summary>
    public static readonly UserErrorKind SessionClosed = new("SESSION_ALREADY_CLOSED", ["pointOfSaleDevicePaymentSessionId"], "The payment session is already closed.");

    /// <summary>The drawer the session opened on no longer exists.</summary>
    public static readonly UserErrorKind DrawerGone = new("NO_CASH_DRAWER_ASSOCIATED", ["pointOfSaleDevicePaymentSessionId"], "The session's cash drawer no longer exists.");

    /// <summary>The time is before the session's opening time.</summary>
    public static readonly UserErrorKind TimeBeforeOpen = new("TIME_BEFORE_SESSION_OPEN", ["time"], "Time must not be before the session's opening time.");

    /// <summary>The money is not in the drawer's currency; <c>{0}</c> is the drawer's currency code.</summary>
    public static readonly UserErrorKind CurrencyMismatch = new("CURRENCY_MISMATCH", ["balance", "currencyCode"], "Currency must be the drawer's currency, {0}.");

    /// <summary>The amount rule on a counted <c>balance</c>, which must not be negative.</summary>
    public static readonly AmountErrors Balance = AmountErrors.For("balance", allowNegative: false);

    /// <summary>The counted balance would take the drawer's balance or the session's totals past <see cref="LedgerBounds"/>.</summary>
    public static readonly UserErrorKind BalanceOutOfRange = new(null, ["balance", "amount"], LedgerBounds.Message);

    /// <summary>
    /// The <c>tillDenominations</c> rules of the <c>till</c> version's open, count and close, in
    /// check order: each value once with a count of zero or more, each a note or coin of the
    /// drawer's currency, and together the counted balance.
    /// </summary>
    public static class Denominations
    {
        /// <summary>A value listed twice, or a negative count.</summary>
        public static readonly UserErrorKind InvalidCount = new("TILL_INVALID_DENOMINATION_COUNT", ["tillDenominations"], "Each denomination must be listed once, with a count of zero or more.");

        /// <summary>A value that is no note or coin of the currency; <c>{0}</c> is the value, <c>{1}</c> the currency.</summary>
        public static readonly UserErrorKind Unknown = new("TILL_UNKNOWN_DENOMINATION", ["tillDenominations"], "{0} is not a note or coin of {1} (see tillCurrencyDenominations).");

        /// <summary>The denominations do not add up to the balance; <c>{0}</c> is their sum, <c>{1}</c> the balance.</summary>
        public static readonly UserErrorKind Mismatch = new("TILL_DENOMINATIONS_MISMATCH", ["tillDenominations"], "The denominations add up to {0}, not to the balance of {1}.");

        public static readonly IReadOnlyList<UserErrorKind> InCheckOrder = [InvalidCount, Unknown, Mismatch];
    }

    /// <summary><c>pointOfSaleDevicePaymentSessionOpen</c>.</summary>
    public static class Open
    {
        public static readonly UserErrorKind DeviceNotFound = SharedErrors.DeviceNotFound;
        public static readonly UserErrorKind StaffMemberNotFound = SharedErrors.StaffMemberNotFound;
        public static readonly UserErrorKind ReasonCodeNotFound = SharedErrors.ReasonCodeNotFound;
        public static readonly UserErrorKind NoCashDrawer = new("NO_CASH_DRAWER_ASSOCIATED", ["pointOfSaleDeviceId"], "No cash drawer is associated with this device.");

        /// <summary>The device already has an open session (also when another open wins the race).</summary>
        public static readonly UserErrorKind AlreadyOpen = new("ALREADY_OPEN", ["pointOfSaleDeviceId"], "A payment session is already open on this device.");

        public static readonly UserErrorKind CurrencyMismatch = SessionErrors.CurrencyMismatch;
        public static readonly AmountErrors Balance = SessionErrors.Balance;
        public static readonly UserErrorKind TimeInFuture = Rules.TimeInFuture;
        public static readonly UserErrorKind NoteTooLong = Rules.NoteTooLong;
        public static readonly UserErrorKind OutOfRange = BalanceOutOfRange;

        /// <summary>The database failed; nothing was kept.</summary>
        public static readonly UserErrorKind NotSaved = new("NOT_SAVED", null, "The session could not be saved; nothing was changed.");

        public static readonly IReadOnlyList<UserErrorKind> InCheckOrder =
        [
            DeviceNotFound, StaffMemberNotFound, ReasonCodeNotFound, NoCashDrawer, AlreadyOpen, CurrencyMismatch,
            .. Balance.InCheckOrder, TimeInFuture, NoteTooLong, .. Denominations.InCheckOrder, OutOfRange, NotSaved,
        ];
    }

    /// <summary>The checks count and close share (one code path); each adds its own storage failure.</summary>
    public static class CountOrClose
    {
        public static readonly UserErrorKind SessionNotFound = SessionErrors.SessionNotFound;
        public static readonly UserErrorKind StaffMemberNotFound = SharedErrors.StaffMemberNotFound;
        public static readonly UserErrorKind ReasonCodeNotFound = SharedErrors.ReasonCodeNotFound;

        /// <summary>The session is closed (also when a concurrent close wins the race).</summary>
        public static readonly UserErrorKind SessionClosed = SessionErrors.SessionClosed;

        public static readonly UserErrorKind DrawerGone = SessionErrors.DrawerGone;
        public static readonly UserErrorKind TimeBeforeOpen = SessionErrors.TimeBeforeOpen;
        public static readonly UserErrorKind CurrencyMismatch = SessionErrors.CurrencyMismatch;
        public static readonly AmountErrors Balance = SessionErrors.Balance;
        public static readonly UserErrorKind TimeInFuture = Rules.TimeInFuture;
        public static readonly UserErrorKind NoteTooLong = Rules.NoteTooLong;
        public static readonly UserErrorKind OutOfRange = BalanceOutOfRange;

        public static readonly IReadOnlyList<UserErrorKind> InCheckOrder =
        [
            SessionNotFound, StaffMemberNotFound, ReasonCodeNotFound, SessionClosed, DrawerGone, TimeBeforeOpen, CurrencyMismatch,
            .. Balance.InCheckOrder, TimeInFuture, NoteTooLong, .. Denominations.InCheckOrder, OutOfRange,
        ];
    }

    /// <summary><c>pointOfSaleDevicePaymentSessionCount</c>: the checks of <see cref="CountOrClose"/>.</summary>
    public static class Count
    {
        /// <summary>The database failed; nothing was kept.</summary>
        public static readonly UserErrorKind FailedToRecordCount = new("FAILED_TO_RECORD_COUNT", null, "The count could not be recorded; nothing was changed.");

        public static readonly IReadOnlyList<UserErrorKind> InCheckOrder = [.. CountOrClose.InCheckOrder, FailedToRecordCount];
    }

    /// <summary><c>pointOfSaleDevicePaymentSessionClose</c>: the checks of <see cref="CountOrClose"/>.</summary>
    public static class Close
    {
        /// <summary>The database failed; the session is still open and unchanged.</summary>
        public static readonly UserErrorKind FailedToCloseSession = new("FAILED_TO_CLOSE_SESSION", null, "The session could not be closed; it is still open and unchanged.");

        public static readonly IReadOnlyList<UserErrorKind> InCheckOrder = [.. CountOrClose.InCheckOrder, FailedToCloseSession];
    }

    /// <summary>
    /// <c>pointOfSaleDevicePaymentSessionAdjust</c>: plain user errors, without codes. A storage
    /// failure is not one of them; it reaches the caller as a request error.
    /// </summary>
    public static class Adjust
    {
        public static readonly UserErrorKind SessionNotFound = SessionErrors.SessionNotFound.WithCode(null);
        public static readonly UserErrorKind SessionClosed = SessionErrors.SessionClosed.WithCode(null);
        public static readonly UserErrorKind StaffMemberNotFound = SharedErrors.StaffMemberNotFound.WithCode(null);
        public static readonly UserErrorKind ReasonCodeNotFound = SharedErrors.ReasonCodeNotFound.WithCode(null);
        public static readonly UserErrorKind DrawerGone = SessionErrors.DrawerGone.WithCode(null);
        public static readonly UserErrorKind CurrencyMismatch = SessionErrors.CurrencyMismatch.At("cash", "currencyCode").WithCode(null);

        /// <summary>The amount rule on <c>cash</c>, which may be negative (cash removed).</summary>
        public static readonly AmountErrors Cash = AmountErrors.For("cash", allowNegative: true);

        public static readonly UserErrorKind ZeroAmount = new(null, ["cash", "amount"], "Amount must not be zero.");
        public static readonly UserErrorKind TimeBeforeOpen = SessionErrors.TimeBeforeOpen.WithCode(null);
        public static readonly UserErrorKind TimeInFuture = Rules.TimeInFuture;
        public static readonly UserErrorKind NoteTooLong = Rules.NoteTooLong;

        /// <summary>The cash would take the drawer's balance or the session's totals past <see cref="LedgerBounds"/>.</summary>
        public static readonly UserErrorKind OutOfRange = new(null, ["cash", "amount"], LedgerBounds.Message);

        public static readonly IReadOnlyList<UserErrorKind> InCheckOrder =
        [
            SessionNotFound, SessionClosed, StaffMemberNotFound, ReasonCodeNotFound, DrawerGone, CurrencyMismatch,
            .. Cash.InCheckOrder, ZeroAmount, TimeBeforeOpen, TimeInFuture, NoteTooLong, OutOfRange,
        ];
    }
}
