using System.Collections.Frozen;

namespace Till.Money;

/// <summary>ISO 4217 facts Till needs: how many minor-unit digits a currency allows.</summary>
public static class Currency
{
    private static readonly FrozenDictionary<string, int> MinorUnitsByCode = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        // Zero-decimal currencies.
        ["BIF"] = 0,
        ["CLP"] = 0,
        ["DJF"] = 0,
        ["GNF"] = 0,
        ["ISK"] = 0,
        ["JPY"] = 0,
        ["KMF"] = 0,
        ["KRW"] = 0,
        ["PYG"] = 0,
        ["RWF"] = 0,
        ["UGX"] = 0,
        ["UYI"] = 0,
        ["VND"] = 0,
        ["VUV"] = 0,
        ["XAF"] = 0,
        ["XOF"] = 0,
        ["XPF"] = 0,
        ["XXX"] = 0,
        // Three-decimal currencies.
        ["BHD"] = 3,
        ["IQD"] = 3,
        ["JOD"] = 3,
        ["KWD"] = 3,
        ["LYD"] = 3,
        ["OMR"] = 3,
        ["TND"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The largest scale any currency allows; storage keeps amounts at this scale.</summary>
    public const int MaxMinorUnits = 3;

    /// <summary>Number of digits after the decimal point the currency allows (2 unless ISO 4217 says otherwise).</summary>
    public static int MinorUnits(string currencyCode) =>
        MinorUnitsByCode.TryGetValue(currencyCode, out var digits) ? digits : 2;

    /// <summary>True for a three-letter upper-case code (with USDC the one longer code Shopify uses).</summary>
    public static bool IsWellFormed(string? code) =>
        code is { Length: 3 or 4 } && code.All(c => c is >= 'A' and <= 'Z');
}
