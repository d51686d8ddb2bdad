namespace Till.Sessions;

/// <summary>Whether a session still takes activity.</summary>
public enum SessionStatus
{
    /// <summary>Open: takes counts, adjustments and transactions.</summary>
    Open,
    /// <summary>Closed: never changes again.</summary>
    Closed,
}
