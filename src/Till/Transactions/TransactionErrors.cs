using Till.Common;
using Till.Sessions;

namespace Till.Transactions;

/// <summary>
/// The errors of recording an order transaction through the control API, each defined once. The
/// control API's codes are its own: <c>NOT_FOUND</c>, <c>INVALID</c>, <c>NO_OPEN_SESSION</c>,
/// <c>CURRENCY_MISMATCH</c>.
/// </summary>
public static class TransactionErrors
{
    /// <summary><see cref="TransactionRecorder.RecordAsync"/>. A storage failure is not one of them; it reaches the caller as a server error.</summary>
    public static class Record
    {
        public static readonly UserErrorKind DeviceNotFound = SharedErrors.DeviceNotFound.At("deviceId").WithCode("NOT_FOUND");
        public static readonly UserErrorKind InvalidKind = new("INVALID", ["kind"], "Kind must be SALE, REFUND or CHANGE.");
        public static readonly UserErrorKind InvalidGateway = new("INVALID", ["gateway"], "Gateway must be a non-blank name of at most 100 characters.");
        public static readonly UserErrorKind StaffMemberNotFound = SharedErrors.StaffMemberNotFound.WithCode("NOT_FOUND");
        public static readonly UserErrorKind AmountNotPositive = new("INVALID", ["amount", "amount"], "Amount must be positive; the kind gives the direction.");

        /// <summary>A cash transaction, and the device has no open session to take it.</summary>
        public static readonly UserErrorKind NoOpenSession = new("NO_OPEN_SESSION", ["deviceId"], "The device has no open payment session to take cash.");

        /// <summary>Not in the session's currency (or the location's, with no session); <c>{0}</c> is that currency code.</summary>
        public static readonly UserErrorKind CurrencyMismatch = new("CURRENCY_MISMATCH", ["amount", "currencyCode"], "Currency must be {0}.");

        public static readonly AmountErrors Amount = AmountErrors.For("amount", allowNegative: false).WithCode("INVALID");
        public static readonly UserErrorKind TimeInFuture = Rules.TimeInFuture.At("processedAt").WithCode("INVALID");
        public static readonly UserErrorKind TimeBeforeOpen = SessionErrors.TimeBeforeOpen.At("processedAt").WithCode("INVALID");

        /// <summary>The amount would take the drawer's balance or the session's totals past <see cref="LedgerBounds"/>.</summary>
        public static readonly UserErrorKind OutOfRange = new("INVALID", ["amount", "amount"], LedgerBounds.Message);

        public static readonly IReadOnlyList<UserErrorKind> InCheckOrder =
        [
            DeviceNotFound, InvalidKind, InvalidGateway, StaffMemberNotFound, AmountNotPositive, NoOpenSession, CurrencyMismatch,
            .. Amount.InCheckOrder, TimeInFuture, TimeBeforeOpen, OutOfRange,
        ];
    }
}
