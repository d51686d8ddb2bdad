namespace Till.Bulk;

/// <summary>
/// A bulk operation: a query run in the background over a whole connection, its result a JSONL
/// file kept in the database in chunks. <see cref="Status"/> is one of <see cref="BulkStatus"/>.
/// </summary>
public sealed record BulkOperation(
    long ShopId,
    long Id,
    string Type,
    string Status,
    string Query,
    string ApiVersion,
    IReadOnlyList<string> Scopes,
    bool GroupObjects,
    string? ErrorCode,
    long ObjectCount,
    long RootObjectCount,
    long FileSize,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? FinishedAt,
    string? Cursor,
    int ChunkCount,
    int Attempts,
    string? LeaseOwner,
    DateTimeOffset? LeaseUntil,
    string? UrlToken,
    DateTimeOffset? UrlExpiresAt)
{
    /// <summary>True while the operation has not ended (created, running or being canceled).</summary>
    public bool InProgress => Status is BulkStatus.Created or BulkStatus.Running or BulkStatus.Canceling;
}

/// <summary>The values of <c>BulkOperationStatus</c>.</summary>
public static class BulkStatus
{
    public const string Created = "CREATED";
    public const string Running = "RUNNING";
    public const string Canceling = "CANCELING";
    public const string Canceled = "CANCELED";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
    public const string Expired = "EXPIRED";
}

/// <summary>The values of <c>BulkOperationErrorCode</c>: why an operation failed.</summary>
public static class BulkErrorCode
{
    public const string AccessDenied = "ACCESS_DENIED";
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";
    public const string Timeout = "TIMEOUT";
}

/// <summary>How far a running operation got: what the next page starts after, and what is written.</summary>
/// <param name="Cursor">The root connection's cursor after the last page written; null before the first.</param>
/// <param name="ChunkCount">How many chunks of the file are written.</param>
/// <param name="ObjectCount">Lines written.</param>
/// <param name="RootObjectCount">Lines of the root connection written.</param>
/// <param name="FileSize">Bytes written.</param>
public sealed record BulkProgress(string? Cursor, int ChunkCount, long ObjectCount, long RootObjectCount, long FileSize);
