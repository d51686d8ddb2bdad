namespace Till.Transactions;

/// <summary>An order transaction a device reports through the control API.</summary>
public sealed record RecordTransactionCommand(long ShopId, long? DeviceId, string Kind, string Gateway, decimal Amount, string Currency, long? StaffId, DateTimeOffset? ProcessedAt);
