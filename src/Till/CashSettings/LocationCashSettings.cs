namespace Till.CashSettings;

/// <summary>
/// A location's cash settings. <paramref name="VarianceAmount"/> (in the location's currency) and
/// <paramref name="VariancePercentage"/> (of the cash handled in a session) are the thresholds a
/// close's adjustment may not exceed without a manager's approval; either, both or none is set.
/// </summary>
/// <param name="BlindCounts">Tokens acting for a cashier see no expected or discrepancy figure.</param>
/// <param name="RevealAfterClose">With blind counts, a closed session's figures are shown to cashiers.</param>
/// <param name="VarianceAmount">The largest closing adjustment, in absolute value, that needs no approval.</param>
/// <param name="VariancePercentage">The same, as a per cent of the cash the session handled.</param>
public sealed record LocationCashSettings(bool BlindCounts, bool RevealAfterClose, decimal? VarianceAmount, decimal? VariancePercentage)
{
    /// <summary>The settings of a location nobody has set: no blind counts, no thresholds.</summary>
    public static readonly LocationCashSettings Default = new(false, false, null, null);
}
