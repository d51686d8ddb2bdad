using Till.Seeding;

namespace Till.Storage;

/// <summary>
/// A store that takes generated history in bulk (the seeder's way in, much faster than one use
/// case per booking) and checks a shop's ledger against its kept figures.
/// </summary>
public interface IHistoryStore
{
    /// <summary>Opens a loader on a connection of its own.</summary>
    Task<IHistoryLoader> OpenHistoryLoaderAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Compares the shop's kept figures (drawer balances, session totals, drawer period rows) with
    /// figures recomputed from its activities and order transactions.
    /// </summary>
    Task<LedgerCheck> CheckLedgerAsync(long shopId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Writes batches of generated history, each in one transaction, with the figures kept with the
/// ledger (session totals, drawer period rows) worked out from the rows as the bookings would
/// have moved them.
/// </summary>
public interface IHistoryLoader : IAsyncDisposable
{
    /// <summary>
    /// Writes <paramref name="batch"/> for shop <paramref name="shopId"/> (amounts in
    /// <paramref name="currency"/>), giving its rows real IDs after every row already stored; returns
    /// the real IDs of its sessions, in the batch's order.
    /// </summary>
    Task<IReadOnlyList<long>> WriteAsync(long shopId, string currency, HistoryBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Sets the drawers' book balances and activity counts to the generated ones, and writes their period rows.</summary>
    Task FinishAsync(long shopId, IEnumerable<SeedDrawer> drawers, CancellationToken cancellationToken = default);
}

/// <summary>
/// What a ledger check found: how many drawers, sessions and period rows (kept or recomputed)
/// there are, and how many of each disagree with the figures recomputed from the activities.
/// </summary>
public sealed record LedgerCheck(int Drawers, int DrawersOff, int Sessions, int SessionsOff, int Periods, int PeriodsOff)
{
    /// <summary>True when every kept figure equals its recomputed one.</summary>
    public bool Consistent => DrawersOff == 0 && SessionsOff == 0 && PeriodsOff == 0;
}
