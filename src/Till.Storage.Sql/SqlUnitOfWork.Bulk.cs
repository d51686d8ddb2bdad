using System.Data.Common;
using Till.Bulk;

namespace Till.Storage.Sql;

/// <summary>Bulk operations and their files. The runner's claim and sweep and the download's lookup span shops.</summary>
internal sealed partial class SqlUnitOfWork
{
    private const string BulkColumns =
        "id, shop_id, type, status, query, api_version, scopes, group_objects, error_code, object_count, root_object_count, file_size, " +
        "created_at, completed_at, finished_at, cursor, chunk_count, attempts, lease_owner, lease_until, url_token, url_expires_at";

    private const string InProgress = "('CREATED', 'RUNNING', 'CANCELING')";

    private static BulkOperation ReadBulk(DbDataReader r) => new(
        r.GetInt64(1), r.GetInt64(0), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
        r.GetString(6).Split(',', StringSplitOptions.RemoveEmptyEntries), r.GetInt64(7) != 0, r.IsDBNull(8) ? null : r.GetString(8),
        r.GetInt64(9), r.GetInt64(10), r.GetInt64(11), Time(r.GetInt64(12)), OptionalTime(r, 13), OptionalTime(r, 14),
        r.IsDBNull(15) ? null : r.GetString(15), (int)r.GetInt64(16), (int)r.GetInt64(17), r.IsDBNull(18) ? null : r.GetString(18),
        OptionalTime(r, 19), r.IsDBNull(20) ? null : r.GetString(20), OptionalTime(r, 21));

    private static DateTimeOffset? OptionalTime(DbDataReader r, int column) => r.IsDBNull(column) ? null : Time(r.GetInt64(column));

    public Task<BulkOperation?> GetBulkOperationAsync(long shopId, long id) =>
        QuerySingleAsync($"SELECT {BulkColumns} FROM bulk_operations WHERE shop_id = @shop AND id = @id", ReadBulk, ("@shop", shopId), ("@id", id));

    public Task<BulkOperation?> GetBulkOperationInProgressAsync(long shopId, string type) =>
        QuerySingleAsync($"SELECT {BulkColumns} FROM bulk_operations WHERE shop_id = @shop AND type = @type AND status IN {InProgress}", ReadBulk, ("@shop", shopId), ("@type", type));

    public Task<BulkOperation?> GetLatestBulkOperationAsync(long shopId, string type) =>
        QuerySingleAsync($"SELECT {BulkColumns} FROM bulk_operations WHERE shop_id = @shop AND type = @type ORDER BY id DESC LIMIT 1", ReadBulk, ("@shop", shopId), ("@type", type));

    public async Task<BulkOperation?> InsertBulkOperationAsync(long shopId, string type, string query, string apiVersion, IReadOnlyList<string> scopes, bool groupObjects, DateTimeOffset now)
    {
        try
        {
            return await QuerySingleAsync(
                $"INSERT INTO bulk_operations (shop_id, type, status, query, api_version, scopes, group_objects, created_at) VALUES (@shop, @type, 'CREATED', @query, @version, @scopes, @group, @now) RETURNING {BulkColumns}",
                ReadBulk, ("@shop", shopId), ("@type", type), ("@query", query), ("@version", apiVersion), ("@scopes", string.Join(',', scopes)), ("@group", groupObjects ? 1 : 0), ("@now", now.UtcTicks)).ConfigureAwait(false);
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            return null;
        }
    }

    private static readonly Dictionary<string, string> BulkSearchColumns = new(StringComparer.Ordinal)
    {
        ["id"] = "id",
        ["created_at"] = "created_at",
        ["operation_type"] = "type",
        ["status"] = "status",
    };

    public async Task<IReadOnlyList<BulkOperation>> ListBulkOperationsAsync(long shopId, bool byCompletedAt, KeysetPage page, Search.BoundFilter? filter = null)
    {
        // Operations that have not completed sort after every completed one by completion time.
        var (where, orderBy) = Keyset(page, byCompletedAt ? $"COALESCE(completed_at, {long.MaxValue})" : "id");
        var (search, parameters) = Filtered(filter, BulkSearchColumns, PageParameters(page, ("@shop", shopId)));
        await using var statement = await CommandAsync($"SELECT {BulkColumns} FROM bulk_operations WHERE shop_id = @shop{search}{where}{orderBy}", parameters).ConfigureAwait(false);
        return await ReadListAsync(statement.Command, (_, r) => ReadBulk(r)).ConfigureAwait(false);
    }

    public Task<BulkOperation?> RequestBulkCancelAsync(long shopId, long id, DateTimeOffset now) =>
        QuerySingleAsync(
            $"UPDATE bulk_operations SET status = CASE WHEN status = 'CREATED' THEN 'CANCELED' ELSE 'CANCELING' END, " +
            $"finished_at = CASE WHEN status = 'CREATED' THEN @now ELSE finished_at END " +
            $"WHERE shop_id = @shop AND id = @id AND status IN ('CREATED', 'RUNNING') RETURNING {BulkColumns}",
            ReadBulk, ("@shop", shopId), ("@id", id), ("@now", now.UtcTicks));

    public Task<BulkOperation?> ClaimBulkOperationAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil) =>
        // The outer condition is checked again on the row as it is when the update gets it, so of two
        // nodes that picked the same operation only the first takes it.
        QuerySingleAsync(
            $"UPDATE bulk_operations SET status = CASE WHEN status = 'CANCELING' THEN 'CANCELING' ELSE 'RUNNING' END, lease_owner = @owner, lease_until = @until, attempts = attempts + 1 " +
            $"WHERE id = (SELECT id FROM bulk_operations WHERE status IN {InProgress} AND (lease_until IS NULL OR lease_until < @now) ORDER BY id LIMIT 1) " +
            $"AND status IN {InProgress} AND (lease_until IS NULL OR lease_until < @now) RETURNING {BulkColumns}",
            ReadBulk, ("@owner", owner), ("@until", leaseUntil.UtcTicks), ("@now", now.UtcTicks));

    public async Task<bool> RenewBulkLeaseAsync(long shopId, long id, string owner, DateTimeOffset leaseUntil) =>
        await ExecuteAsync($"UPDATE bulk_operations SET lease_until = @until WHERE shop_id = @shop AND id = @id AND lease_owner = @owner AND status IN ('RUNNING', 'CANCELING')",
            ("@until", leaseUntil.UtcTicks), ("@shop", shopId), ("@id", id), ("@owner", owner)).ConfigureAwait(false) == 1;

    public async Task<bool> WriteBulkChunkAsync(long shopId, long id, string owner, int seq, byte[] data) =>
        // A node that lost the lease writes nothing; the one that took over replaces what it finds.
        await ExecuteAsync(
            "INSERT INTO bulk_operation_chunks (shop_id, operation_id, seq, data) SELECT @shop, @id, @seq, @data WHERE EXISTS " +
            "(SELECT 1 FROM bulk_operations WHERE shop_id = @shop AND id = @id AND lease_owner = @owner) " +
            "ON CONFLICT (shop_id, operation_id, seq) DO UPDATE SET data = excluded.data",
            ("@shop", shopId), ("@id", id), ("@seq", (long)seq), ("@data", data), ("@owner", owner)).ConfigureAwait(false) == 1;

    public Task DeleteBulkChunksAsync(long shopId, long id, int fromSeq) =>
        ExecuteAsync("DELETE FROM bulk_operation_chunks WHERE shop_id = @shop AND operation_id = @id AND seq >= @seq", ("@shop", shopId), ("@id", id), ("@seq", (long)fromSeq));

    public Task<byte[]?> ReadBulkChunkAsync(long shopId, long id, int seq) =>
        QuerySingleAsync("SELECT data FROM bulk_operation_chunks WHERE shop_id = @shop AND operation_id = @id AND seq = @seq", r => r.GetFieldValue<byte[]>(0), ("@shop", shopId), ("@id", id), ("@seq", (long)seq));

    public async Task<bool> CheckpointBulkOperationAsync(long shopId, long id, string owner, BulkProgress progress, DateTimeOffset leaseUntil) =>
        await ExecuteAsync(
            "UPDATE bulk_operations SET cursor = @cursor, chunk_count = @chunks, object_count = @objects, root_object_count = @roots, file_size = @size, lease_until = @until " +
            "WHERE shop_id = @shop AND id = @id AND lease_owner = @owner AND status = 'RUNNING'",
            ("@cursor", progress.Cursor), ("@chunks", (long)progress.ChunkCount), ("@objects", progress.ObjectCount), ("@roots", progress.RootObjectCount), ("@size", progress.FileSize),
            ("@until", leaseUntil.UtcTicks), ("@shop", shopId), ("@id", id), ("@owner", owner)).ConfigureAwait(false) == 1;

    public async Task<bool> FinishBulkOperationAsync(long shopId, long id, string? owner, string status, string? errorCode, DateTimeOffset now, string? urlToken, DateTimeOffset? urlExpiresAt) =>
        await ExecuteAsync(
            "UPDATE bulk_operations SET status = @status, error_code = @error, completed_at = @completed, finished_at = @now, url_token = @token, url_expires_at = @expires, lease_owner = NULL, lease_until = NULL " +
            $"WHERE shop_id = @shop AND id = @id AND status IN {InProgress}" + (owner is null ? string.Empty : " AND lease_owner = @owner"),
            ("@status", status), ("@error", errorCode), ("@completed", status == BulkStatus.Completed ? now.UtcTicks : (long?)null), ("@now", now.UtcTicks),
            ("@token", urlToken), ("@expires", urlExpiresAt?.UtcTicks), ("@shop", shopId), ("@id", id), ("@owner", owner)).ConfigureAwait(false) == 1;

    public Task<BulkOperation?> FindBulkOperationByUrlAsync(string urlToken) =>
        QuerySingleAsync($"SELECT {BulkColumns} FROM bulk_operations WHERE url_token = @token", ReadBulk, ("@token", urlToken));

    public async Task<int> ExpireBulkOperationsAsync(DateTimeOffset now)
    {
        await ExecuteAsync(
            "DELETE FROM bulk_operation_chunks WHERE operation_id IN (SELECT id FROM bulk_operations WHERE url_expires_at IS NOT NULL AND url_expires_at < @now)",
            ("@now", now.UtcTicks)).ConfigureAwait(false);
        return await ExecuteAsync(
            "UPDATE bulk_operations SET status = CASE WHEN status = 'COMPLETED' THEN 'EXPIRED' ELSE status END, url_token = NULL, url_expires_at = NULL WHERE url_expires_at IS NOT NULL AND url_expires_at < @now",
            ("@now", now.UtcTicks)).ConfigureAwait(false);
    }
}
