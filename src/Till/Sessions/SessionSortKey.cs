namespace Till.Sessions;

/// <summary>The orders a list of sessions can be read in.</summary>
public enum SessionSortKey
{
    /// <summary>By ID.</summary>
    Id,
    /// <summary>By opening time, then ID.</summary>
    OpeningTime,
    /// <summary>By closing time (open sessions last), then ID.</summary>
    ClosingTime,
    /// <summary>By total discrepancy, then ID (the legacy view's order).</summary>
    TotalDiscrepancy,
}
