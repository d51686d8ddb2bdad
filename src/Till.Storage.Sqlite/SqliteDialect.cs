using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Till.Storage.Sql;

namespace Till.Storage.Sqlite;

/// <summary>SQLite: writers hold the file's write lock for the whole transaction, so no row locks are needed.</summary>
internal sealed class SqliteDialect : ISqlDialect
{
    private const int ConstraintViolation = 19; // SQLITE_CONSTRAINT

    public static readonly SqliteDialect Instance = new();

    public string LockRows => string.Empty;

    public string? KeyLock => null;

    public bool PipelinesCommit => false;

    public string SkipLocked => string.Empty;

    public bool WritableCommonTableExpressions => false;

    // SQLite compares text with BINARY unless told otherwise.
    public string BinaryText(string expression) => expression;
    public string SystemName => "sqlite";

    public ActivitySource? CommandSource => SqliteTelemetry.Source;

    public bool IsUniqueViolation(DbException exception) => exception is SqliteException { SqliteErrorCode: ConstraintViolation };
}
