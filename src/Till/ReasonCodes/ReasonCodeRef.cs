namespace Till.ReasonCodes;

/// <summary>A reason code named by an argument: its kind comes from the global ID's type.</summary>
public sealed record ReasonCodeRef(ReasonCodeKind Kind, long Id);
