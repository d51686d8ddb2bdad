namespace Till.Sessions;

/// <summary>
/// The <c>type</c> of the activities the session use cases book, as the API spells it. A
/// transaction's activity takes its transaction's kind (<c>SALE</c>, <c>REFUND</c>, <c>CHANGE</c>).
/// </summary>
public static class ActivityType
{
    /// <summary>The count a session opens with.</summary>
    public const string Opening = "OPENING";

    /// <summary>A count during a session.</summary>
    public const string MidSession = "MID_SESSION";

    /// <summary>The count a session closes with.</summary>
    public const string Closing = "CLOSING";

    /// <summary>The re-base of the book balance to the closing count.</summary>
    public const string ClosingAdjustment = "CLOSING_ADJUSTMENT";

    /// <summary>Cash added or removed by hand.</summary>
    public const string Adjustment = "ADJUSTMENT";

    /// <summary>An adjustment with a cash payout reason code: cash paid out.</summary>
    public const string CashPayout = "CASH_PAYOUT";
}
