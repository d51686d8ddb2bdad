namespace Till.ReasonCodes;

/// <summary>A reason attached to counts and adjustments.</summary>
public sealed record ReasonCode(long ShopId, long Id, ReasonCodeKind Kind, string Code, bool Deleted)
{
    /// <summary>The six default codes every shop starts with.</summary>
    public static readonly IReadOnlyList<string> DefaultCodes = ["CASH_PICKUP", "CASH_COUNT", "CHANGE_CORRECTION", "PETTY_CASH", "TIP_PAYOUT", "CASH_PAYOUT"];

    /// <summary>The three system codes every shop starts with.</summary>
    public static readonly IReadOnlyList<string> SystemCodes = ["FLOAT_SETUP", "CASH_PAYOUT", "OTHER"];

    /// <summary>True when an adjustment with this code pays cash out.</summary>
    public bool IsCashPayout => Kind != ReasonCodeKind.Custom && Code == "CASH_PAYOUT";

    /// <summary>The key custom codes are compared by: trimmed and case-folded.</summary>
    public static string KeyOf(string code) => code.Trim().ToUpperInvariant();
}
