namespace Till.Reviews;

/// <summary>Where a closed session's variance review stands.</summary>
public enum ReviewStatus
{
    /// <summary>The closing adjustment exceeded a threshold; a manager has yet to approve it.</summary>
    Required,

    /// <summary>A manager approved it.</summary>
    Approved,
}
