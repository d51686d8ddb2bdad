using System.Data.Common;
using System.Diagnostics;
using Npgsql;
using Till.Storage.Sql;

namespace Till.Storage.Postgres;

/// <summary>PostgreSQL: rows a write will change are locked with FOR UPDATE; unique violations are SQLSTATE 23505.</summary>
internal sealed class PostgresDialect : ISqlDialect
{
    public static readonly PostgresDialect Instance = new();

    public string LockRows => " FOR UPDATE";

    public string? KeyLock => "SELECT pg_advisory_xact_lock(hashtextextended(@lockKey, 0))";

    public bool PipelinesCommit => true;

    public string SkipLocked => " FOR UPDATE SKIP LOCKED";

    public bool WritableCommonTableExpressions => true;

    // The "C" collation compares bytes, as SQLite's BINARY does, whatever the database's locale.
    public string BinaryText(string expression) => expression + " COLLATE \"C\"";
    public string SystemName => "postgresql";

    // Npgsql makes its own span per command (ActivitySource "Npgsql").
    public ActivitySource? CommandSource => null;

    public bool IsUniqueViolation(DbException exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
