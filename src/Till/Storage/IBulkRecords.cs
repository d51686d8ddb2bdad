using Till.Bulk;

namespace Till.Storage;

/// <summary>
/// Bulk operations' lifecycle and files. The runner's calls (claim, sweep, the download's lookup) span shops.
/// </summary>
public interface IBulkRecords
{
    /// <summary>The shop's operation of the type that has not ended (created, running or canceling), if any.</summary>
    Task<Bulk.BulkOperation?> GetBulkOperationInProgressAsync(long shopId, string type);
    /// <summary>Creates an operation in CREATED; null when the shop already has one of the type in progress (the unique index decides).</summary>
    Task<Bulk.BulkOperation?> InsertBulkOperationAsync(long shopId, string type, string query, string apiVersion, IReadOnlyList<string> scopes, bool groupObjects, DateTimeOffset now);
    /// <summary>Cancels a CREATED operation at once, or marks a RUNNING one CANCELING; answers the row as it then is.</summary>
    Task<Bulk.BulkOperation?> RequestBulkCancelAsync(long shopId, long id, DateTimeOffset now);
    /// <summary>
    /// Takes the lease of one operation that is CREATED, or RUNNING or CANCELING with a lease that ran
    /// out before <paramref name="now"/>, for <paramref name="owner"/> until <paramref name="leaseUntil"/>;
    /// marks it RUNNING and counts the attempt. Null when there is none to take.
    /// </summary>
    Task<Bulk.BulkOperation?> ClaimBulkOperationAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil);
    /// <summary>Extends the lease while <paramref name="owner"/> holds it; false when it does not any more.</summary>
    Task<bool> RenewBulkLeaseAsync(long shopId, long id, string owner, DateTimeOffset leaseUntil);
    /// <summary>Writes (or replaces) one chunk of an operation's file while <paramref name="owner"/> holds its lease; false when it does not.</summary>
    Task<bool> WriteBulkChunkAsync(long shopId, long id, string owner, int seq, byte[] data);
    /// <summary>Drops an operation's chunks from <paramref name="fromSeq"/> on (written after its last checkpoint, or all of them).</summary>
    Task DeleteBulkChunksAsync(long shopId, long id, int fromSeq);
    /// <summary>Reads one chunk of an operation's file; null past the last.</summary>
    Task<byte[]?> ReadBulkChunkAsync(long shopId, long id, int seq);
    /// <summary>Records how far a RUNNING operation got and extends its lease, while <paramref name="owner"/> holds it; false otherwise (lost, or canceling).</summary>
    Task<bool> CheckpointBulkOperationAsync(long shopId, long id, string owner, Bulk.BulkProgress progress, DateTimeOffset leaseUntil);
    /// <summary>
    /// Ends an operation <paramref name="owner"/> holds (any owner when null) in a final status, with
    /// its error code and, when there is a file, its download token and expiry; false when it no longer
    /// holds it or it has ended already.
    /// </summary>
    Task<bool> FinishBulkOperationAsync(long shopId, long id, string? owner, string status, string? errorCode, DateTimeOffset now, string? urlToken, DateTimeOffset? urlExpiresAt);
    /// <summary>Finds an operation by its download token.</summary>
    Task<Bulk.BulkOperation?> FindBulkOperationByUrlAsync(string urlToken);
    /// <summary>Marks operations whose file expired before <paramref name="now"/> EXPIRED and drops their files; answers how many.</summary>
    Task<int> ExpireBulkOperationsAsync(DateTimeOffset now);
}
