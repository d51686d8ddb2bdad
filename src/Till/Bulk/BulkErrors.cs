using Till.Common;

namespace Till.Bulk;

/// <summary>The user errors of the bulk operation mutations, each defined once.</summary>
public static class BulkErrors
{
    /// <summary><c>bulkOperationRunQuery</c>.</summary>
    public static class RunQuery
    {
        /// <summary>The query does not parse, does not validate against the version's schema, or breaks a bulk rule; the message says which.</summary>
        public static readonly UserErrorKind Invalid = new("INVALID", ["query"], "{0}");

        /// <summary>The shop already has a query operation that has not ended.</summary>
        public static readonly UserErrorKind InProgress = new("OPERATION_IN_PROGRESS", null, "A bulk query operation for this app and shop is already in progress: {0}.");

        public static readonly IReadOnlyList<UserErrorKind> InCheckOrder = [Invalid, InProgress];
    }

    /// <summary><c>bulkOperationCancel</c> (its user errors carry no code).</summary>
    public static class Cancel
    {
        public static readonly UserErrorKind NotFound = new(null, ["id"], "Bulk operation does not exist");

        /// <summary>The operation has already ended; the hole is its status, lower case.</summary>
        public static readonly UserErrorKind NotCancelable = new(null, null, "A bulk operation cannot be canceled when it is {0}");

        public static readonly IReadOnlyList<UserErrorKind> InCheckOrder = [NotFound, NotCancelable];
    }
}
