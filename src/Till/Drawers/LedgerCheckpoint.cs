namespace Till.Drawers;

/// <summary>
/// Where a drawer's ledger chain was last verified to hold: the last activity the check reached,
/// its link (<c>tillHash</c>) and its position in the chain (how many activities lead up to and
/// include it). The next verification of the drawer can start there (<see cref="LedgerVerification"/>).
/// </summary>
public sealed record LedgerCheckpoint(long ShopId, long DrawerId, long ActivityId, string Hash, long Position, DateTimeOffset VerifiedAt);
