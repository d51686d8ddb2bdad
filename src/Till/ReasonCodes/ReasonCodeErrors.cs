using Till.Common;

namespace Till.ReasonCodes;

/// <summary>
/// The user errors of the reason-code mutations, each defined once. Every mutation's class names
/// the errors it answers and lists them in <c>InCheckOrder</c>: everything it can answer, in the
/// order its use case checks (the first failure wins), a storage failure last.
/// </summary>
public static class ReasonCodeErrors
{
    /// <summary><c>cashManagementReasonCodeCreate</c>.</summary>
    public static class Create
    {
        public static readonly UserErrorKind Blank = new("BLANK", ["code"], "Code must not be blank.");

        /// <summary>Longer than <see cref="ReasonCodeCommands.MaxLength"/>; the API's enum has no code for it.</summary>
        public static readonly UserErrorKind TooLong = new(null, ["code"], $"Code must be at most {ReasonCodeCommands.MaxLength} characters.");

        /// <summary>The shop has a custom code equal to it after trimming, ignoring case.</summary>
        public static readonly UserErrorKind AlreadyExists = new("CODE_ALREADY_EXISTS", ["code"], "A reason code with this code already exists.");

        /// <summary>The database failed; nothing was kept.</summary>
        public static readonly UserErrorKind NotSaved = new("NOT_SAVED", null, "The reason code could not be saved.");

        public static readonly IReadOnlyList<UserErrorKind> InCheckOrder = [Blank, TooLong, AlreadyExists, NotSaved];
    }

    /// <summary><c>cashManagementReasonCodeDelete</c>.</summary>
    public static class Delete
    {
        public static readonly UserErrorKind NotFound = SharedErrors.ReasonCodeNotFound.At("id").WithCode("NOT_FOUND");

        /// <summary>A default or system code, which every shop keeps.</summary>
        public static readonly UserErrorKind NotDeletable = new("NOT_DELETABLE", ["id"], "Only custom reason codes can be deleted.");

        /// <summary>The database failed; nothing was kept.</summary>
        public static readonly UserErrorKind DatabaseError = new("DATABASE_ERROR", null, "The reason code could not be deleted.");

        public static readonly IReadOnlyList<UserErrorKind> InCheckOrder = [NotFound, NotDeletable, DatabaseError];
    }
}
