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

    /// <summary>
    /// The codes of the schema's <c>CurrencyCode</c> enum, in its order: the one list of the
    /// currencies a shop, a location or an amount may be in.
    /// </summary>
    public static readonly IReadOnlyList<string> Codes =
    [
        "USD", "EUR", "GBP", "CAD", "AFN", "ALL", "DZD", "AOA", "ARS", "AMD", "AWG", "AUD", "BBD", "AZN", "BDT", "BSD",
        "BHD", "BIF", "BYN", "BZD", "BMD", "BTN", "BAM", "BRL", "BOB", "BWP", "BND", "BGN", "MMK", "KHR", "CVE", "KYD",
        "XAF", "CLP", "CNY", "COP", "KMF", "CDF", "CRC", "HRK", "CZK", "DKK", "DJF", "DOP", "XCD", "EGP", "ERN", "ETB",
        "FKP", "XPF", "FJD", "GIP", "GMD", "GHS", "GTQ", "GYD", "GEL", "GNF", "HTG", "HNL", "HKD", "HUF", "ISK", "INR",
        "IDR", "ILS", "IRR", "IQD", "JMD", "JPY", "JEP", "JOD", "KZT", "KES", "KID", "KWD", "KGS", "LAK", "LVL", "LBP",
        "LSL", "LRD", "LYD", "LTL", "MGA", "MKD", "MOP", "MWK", "MVR", "MRU", "MXN", "MYR", "MUR", "MDL", "MAD", "MNT",
        "MZN", "NAD", "NPR", "ANG", "NZD", "NIO", "NGN", "NOK", "OMR", "PAB", "PKR", "PGK", "PYG", "PEN", "PHP", "PLN",
        "QAR", "RON", "RUB", "RWF", "WST", "SHP", "SAR", "RSD", "SCR", "SLL", "SGD", "SDG", "SOS", "SYP", "ZAR", "KRW",
        "SSP", "SBD", "LKR", "SRD", "SZL", "SEK", "CHF", "TWD", "THB", "TJS", "TZS", "TOP", "TTD", "TND", "TRY", "TMT",
        "UGX", "UAH", "AED", "UYU", "UZS", "VUV", "VES", "VND", "XOF", "YER", "ZMW", "USDC", "BYR", "STD", "STN", "VED",
        "VEF", "XXX",
    ];

    private static readonly FrozenSet<string> KnownCodes = Codes.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The largest scale any currency allows; storage keeps amounts at this scale.</summary>
    public const int MaxMinorUnits = 3;

    /// <summary>Number of digits after the decimal point the currency allows (2 unless ISO 4217 says otherwise).</summary>
    public static int MinorUnits(string currencyCode) =>
        MinorUnitsByCode.TryGetValue(currencyCode, out var digits) ? digits : 2;

    /// <summary>True for a three-letter upper-case code (with USDC the one longer code Shopify uses).</summary>
    public static bool IsWellFormed(string? code) =>
        code is { Length: 3 or 4 } && code.All(c => c is >= 'A' and <= 'Z');

    /// <summary>True for a value of the schema's <c>CurrencyCode</c> enum (<see cref="Codes"/>).</summary>
    public static bool IsKnown(string? code) => code is not null && KnownCodes.Contains(code);
}
