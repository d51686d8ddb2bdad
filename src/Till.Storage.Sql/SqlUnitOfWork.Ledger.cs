using Till.Drawers;
using Till.Sessions;

namespace Till.Storage.Sql;

/// <summary>Drawers' verified ledger checkpoints (migration 0019) and the reads that check one.</summary>
internal sealed partial class SqlUnitOfWork
{
    public Task<LedgerCheckpoint?> GetLedgerCheckpointAsync(long shopId, long drawerId) =>
        QuerySingleAsync(
            "SELECT activity_id, hash, position, verified_at FROM ledger_checkpoints WHERE shop_id = @shop AND drawer_id = @drawer",
            r => new LedgerCheckpoint(shopId, drawerId, r.GetInt64(0), r.GetString(1), r.GetInt64(2), Time(r.GetInt64(3))),
            ("@shop", shopId), ("@drawer", drawerId));

    public async Task<IReadOnlyList<CashActivity>> ListChainThroughAsync(long shopId, long drawerId, long throughId, int limit)
    {
        await using var statement = await CommandAsync(
            $"SELECT {ActivityColumns} FROM cash_activities WHERE shop_id = @shop AND drawer_id = @drawer AND id <= @through ORDER BY id DESC LIMIT @limit",
            ("@shop", shopId), ("@drawer", drawerId), ("@through", throughId), ("@limit", limit)).ConfigureAwait(false);
        return await ReadListAsync(statement.Command, ReadActivity).ConfigureAwait(false);
    }

    public async Task<long> CountChainThroughAsync(long shopId, long drawerId, long throughId)
    {
        // cash_activities_drawer_id (shop_id, drawer_id, id) answers this without reading a row.
        await using var statement = await CommandAsync(
            "SELECT COUNT(*) FROM cash_activities WHERE shop_id = @shop AND drawer_id = @drawer AND id <= @through",
            ("@shop", shopId), ("@drawer", drawerId), ("@through", throughId)).ConfigureAwait(false);
        return Convert.ToInt64(await statement.Command.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task SaveLedgerCheckpointAsync(LedgerCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        // Two checks of one drawer may finish in either order: the one that reached further stays.
        return ExecuteAsync(
            "INSERT INTO ledger_checkpoints (shop_id, drawer_id, activity_id, hash, position, verified_at) VALUES (@shop, @drawer, @activity, @hash, @position, @at)"
            + " ON CONFLICT (shop_id, drawer_id) DO UPDATE SET activity_id = excluded.activity_id, hash = excluded.hash, position = excluded.position, verified_at = excluded.verified_at"
            + " WHERE excluded.position >= ledger_checkpoints.position",
            ("@shop", checkpoint.ShopId), ("@drawer", checkpoint.DrawerId), ("@activity", checkpoint.ActivityId), ("@hash", checkpoint.Hash), ("@position", checkpoint.Position), ("@at", checkpoint.VerifiedAt.UtcTicks));
    }

    public Task DropLedgerCheckpointAsync(long shopId, long drawerId) =>
        ExecuteAsync("DELETE FROM ledger_checkpoints WHERE shop_id = @shop AND drawer_id = @drawer", ("@shop", shopId), ("@drawer", drawerId));
}
