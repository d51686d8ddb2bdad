namespace Till.Sessions;

/// <summary>The three shapes of drawer activity.</summary>
public enum ActivityKind
{
    /// <summary>Cash from an order transaction.</summary>
    Transaction,
    /// <summary>Cash added or removed by hand, or the closing re-base.</summary>
    Adjustment,
    /// <summary>A count of the drawer.</summary>
    Count,
}
