namespace Till.Common;

/// <summary>A client's idempotency key and a fingerprint of the request it came with.</summary>
public sealed record IdempotencyKey(string Key, string Fingerprint);
