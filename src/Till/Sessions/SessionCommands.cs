using Till.Common;
using Till.Money;
using Till.ReasonCodes;

namespace Till.Sessions;

/// <summary>Open a session on a device. IDs are null when the argument named nothing of the right type.</summary>
public sealed record OpenSessionCommand(long ShopId, long? DeviceId, MoneyInput? Balance, long? StaffId, DateTimeOffset? Time, bool ReasonCodeGiven, ReasonCodeRef? ReasonCode, string? Note, IdempotencyKey? Idempotency = null, IReadOnlyList<DenominationInput>? Denominations = null);

/// <summary>Count the drawer mid-session, or close the session with the counted cash.</summary>
public sealed record CountSessionCommand(long ShopId, long? SessionId, MoneyInput Balance, long? StaffId, DateTimeOffset? Time, bool ReasonCodeGiven, ReasonCodeRef? ReasonCode, string? Note, IdempotencyKey? Idempotency = null, IReadOnlyList<DenominationInput>? Denominations = null);

/// <summary>Add cash to or remove cash from the drawer during a session.</summary>
public sealed record AdjustSessionCommand(long ShopId, long? SessionId, MoneyInput Cash, long? StaffId, DateTimeOffset? Time, bool ReasonCodeGiven, ReasonCodeRef? ReasonCode, string? Note, IdempotencyKey? Idempotency = null);

/// <summary>Reverse an adjustment or payout: book its opposite in its (open) session.</summary>
public sealed record ReverseActivityCommand(long ShopId, long? ActivityId, long? StaffId, bool ReasonCodeGiven, ReasonCodeRef? ReasonCode, string? Note, IdempotencyKey? Idempotency = null);
