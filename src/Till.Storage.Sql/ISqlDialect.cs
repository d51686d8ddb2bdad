using System.Data.Common;
using System.Diagnostics;

namespace Till.Storage.Sql;

/// <summary>What differs between the SQL backends; everything else is the same SQL text.</summary>
internal interface ISqlDialect
{
    /// <summary>Appended to the reads a write unit of work makes of rows it will change (empty where the database locks the whole file).</summary>
    string LockRows { get; }

    /// <summary>
    /// A statement taking a transaction-scoped lock on <c>@lockKey</c>, so two requests with one
    /// idempotency key run one after the other; null where writers are already serialised.
    /// </summary>
    string? KeyLock { get; }

    /// <summary>
    /// True when one statement may insert into one table and update another (data-modifying
    /// common table expressions), which saves a round trip to a server.
    /// </summary>
    bool WritableCommonTableExpressions { get; }

    /// <summary>
    /// True when a write unit should send BEGIN with its first statement and its last writes with
    /// COMMIT (a server database, where each round trip counts); keys come from sequences.
    /// </summary>
    bool PipelinesCommit { get; }

    /// <summary>
    /// Appended to the inner select that picks background work rows to claim, so that two claimers
    /// never wait on (or take) the same rows (<c>FOR UPDATE SKIP LOCKED</c>); empty where the
    /// database runs one writer at a time.
    /// </summary>
    string SkipLocked { get; }
    /// <summary>A text expression compared and sorted by code point (byte order of UTF-8), the same on every backend.</summary>
    string BinaryText(string expression);
    /// <summary>The database's name in telemetry (OpenTelemetry's <c>db.system.name</c>).</summary>
    string SystemName { get; }

    /// <summary>Where a span per statement goes when the database's own driver makes none (SQLite); null when the driver traces its commands itself.</summary>
    ActivitySource? CommandSource { get; }

    /// <summary>True when the failure is a unique-index violation, which the domain treats as an expected outcome.</summary>
    bool IsUniqueViolation(DbException exception);
}
