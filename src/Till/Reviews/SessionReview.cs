namespace Till.Reviews;

/// <summary>A closed session's variance review: required at the close, approved once by a manager.</summary>
/// <param name="Status">Required or approved.</param>
/// <param name="ApprovedBy">The manager who approved it.</param>
/// <param name="ReasonCodeId">The reason code given with the approval.</param>
/// <param name="Note">The note given with the approval.</param>
/// <param name="Time">When it was approved.</param>
public sealed record SessionReview(ReviewStatus Status, long? ApprovedBy = null, long? ReasonCodeId = null, string? Note = null, DateTimeOffset? Time = null)
{
    /// <summary>A review the close asked for, not yet approved.</summary>
    public static readonly SessionReview Required = new(ReviewStatus.Required);

    /// <summary>The status's name on the wire and in storage.</summary>
    public string StatusName => Name(Status);

    /// <summary>A status's name (<c>REQUIRED</c>, <c>APPROVED</c>).</summary>
    public static string Name(ReviewStatus status) => status == ReviewStatus.Approved ? "APPROVED" : "REQUIRED";
}
