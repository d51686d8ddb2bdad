namespace Till.ReasonCodes;

/// <summary>The three families of reason codes.</summary>
public enum ReasonCodeKind
{
    /// <summary>One of the shop's six default codes.</summary>
    Default,
    /// <summary>One of the three codes Till itself uses.</summary>
    System,
    /// <summary>A code the shop created.</summary>
    Custom,
}
