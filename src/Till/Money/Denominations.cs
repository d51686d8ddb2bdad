using System.Collections.Frozen;
using System.Globalization;

namespace Till.Money;

/// <summary>Whether a denomination is a banknote or a coin.</summary>
public enum DenominationKind
{
    /// <summary>A banknote.</summary>
    Note,
    /// <summary>A coin.</summary>
    Coin,
}

/// <summary>One note or coin of a currency, by its face value in major units.</summary>
public readonly record struct Denomination(decimal Value, DenominationKind Kind);

/// <summary>A currency's notes and coins, and whether they were derived from its minor unit.</summary>
public sealed record CurrencyDenominations(string CurrencyCode, IReadOnlyList<Denomination> Values, bool Derived)
{
    /// <summary>True when <paramref name="value"/> is the face value of one of these notes or coins.</summary>
    public bool Contains(decimal value) => Values.Any(d => d.Value == value);
}

/// <summary>
/// The notes and coins in circulation for the most traded currencies (values in major units,
/// smallest first), and for every other currency a series derived from its minor unit.
/// </summary>
public static class Denominations
{
    // Coins, then notes, as "value value ..." lists in major units.
    private static readonly FrozenDictionary<string, (string Coins, string Notes)> Known = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["USD"] = ("0.01 0.05 0.10 0.25 0.50 1", "1 2 5 10 20 50 100"),
        ["EUR"] = ("0.01 0.02 0.05 0.10 0.20 0.50 1 2", "5 10 20 50 100 200 500"),
        ["JPY"] = ("1 5 10 50 100 500", "1000 2000 5000 10000"),
        ["GBP"] = ("0.01 0.02 0.05 0.10 0.20 0.50 1 2", "5 10 20 50"),
        ["CNY"] = ("0.10 0.50 1", "1 5 10 20 50 100"),
        ["AUD"] = ("0.05 0.10 0.20 0.50 1 2", "5 10 20 50 100"),
        ["CAD"] = ("0.05 0.10 0.25 0.50 1 2", "5 10 20 50 100"),
        ["CHF"] = ("0.05 0.10 0.20 0.50 1 2 5", "10 20 50 100 200 1000"),
        ["HKD"] = ("0.10 0.20 0.50 1 2 5 10", "10 20 50 100 500 1000"),
        ["SGD"] = ("0.05 0.10 0.20 0.50 1", "2 5 10 50 100 1000"),
        ["SEK"] = ("1 2 5 10", "20 50 100 200 500 1000"),
        ["KRW"] = ("10 50 100 500", "1000 5000 10000 50000"),
        ["NOK"] = ("1 5 10 20", "50 100 200 500 1000"),
        ["NZD"] = ("0.10 0.20 0.50 1 2", "5 10 20 50 100"),
        ["INR"] = ("1 2 5 10 20", "10 20 50 100 200 500 2000"),
        ["MXN"] = ("0.10 0.20 0.50 1 2 5 10 20", "20 50 100 200 500 1000"),
        ["TWD"] = ("1 5 10 20 50", "100 200 500 1000 2000"),
        ["ZAR"] = ("0.10 0.20 0.50 1 2 5", "10 20 50 100 200"),
        ["BRL"] = ("0.05 0.10 0.25 0.50 1", "2 5 10 20 50 100 200"),
        ["DKK"] = ("0.50 1 2 5 10 20", "50 100 200 500 1000"),
        ["PLN"] = ("0.01 0.02 0.05 0.10 0.20 0.50 1 2 5", "10 20 50 100 200 500"),
        ["THB"] = ("0.25 0.50 1 2 5 10", "20 50 100 500 1000"),
        ["ILS"] = ("0.10 0.50 1 2 5 10", "20 50 100 200"),
        ["IDR"] = ("100 200 500 1000", "1000 2000 5000 10000 20000 50000 100000"),
        ["CZK"] = ("1 2 5 10 20 50", "100 200 500 1000 2000 5000"),
        ["AED"] = ("0.25 0.50 1", "5 10 20 50 100 200 500 1000"),
        ["TRY"] = ("0.01 0.05 0.10 0.25 0.50 1", "5 10 20 50 100 200"),
        ["HUF"] = ("5 10 20 50 100 200", "500 1000 2000 5000 10000 20000"),
        ["CLP"] = ("1 5 10 50 100 500", "1000 2000 5000 10000 20000"),
        ["SAR"] = ("0.05 0.10 0.25 0.50 1 2", "1 5 10 50 100 200 500"),
        ["PHP"] = ("0.01 0.05 0.25 1 5 10 20", "20 50 100 200 500 1000"),
        ["MYR"] = ("0.05 0.10 0.20 0.50", "1 5 10 20 50 100"),
        ["RUB"] = ("1 2 5 10", "50 100 200 500 1000 2000 5000"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The currencies whose notes and coins Till lists from their issuers (the others are derived).</summary>
    public static IEnumerable<string> ListedCurrencies => Known.Keys.Order(StringComparer.Ordinal);

    /// <summary>
    /// The notes and coins of <paramref name="currencyCode"/>, smallest first (a value issued both
    /// as a coin and as a note is listed twice, coin first). A currency Till does not list gets
    /// the 1-2-5 series from one minor unit up to 1,000 major units (coins below 5 major units,
    /// notes from 5 on).
    /// </summary>
    public static CurrencyDenominations Of(string currencyCode)
    {
        ArgumentNullException.ThrowIfNull(currencyCode);
        if (Known.TryGetValue(currencyCode, out var lists))
        {
            var values = Parse(lists.Coins, DenominationKind.Coin).Concat(Parse(lists.Notes, DenominationKind.Note))
                .OrderBy(d => d.Value).ThenBy(d => d.Kind == DenominationKind.Coin ? 0 : 1).ToList();
            return new CurrencyDenominations(currencyCode, values, Derived: false);
        }

        var derived = new List<Denomination>();
        for (var step = 1m / Pow10(Currency.MinorUnits(currencyCode)); step <= 1000m; step *= 10)
        {
            foreach (var factor in new[] { 1m, 2m, 5m })
            {
                var value = step * factor;
                if (value <= 1000m)
                {
                    derived.Add(new Denomination(value, value < 5 ? DenominationKind.Coin : DenominationKind.Note));
                }
            }
        }

        return new CurrencyDenominations(currencyCode, derived, Derived: true);
    }

    private static decimal Pow10(int digits)
    {
        var result = 1m;
        for (var i = 0; i < digits; i++)
        {
            result *= 10;
        }

        return result;
    }

    private static IEnumerable<Denomination> Parse(string list, DenominationKind kind) =>
        list.Split(' ').Select(v => new Denomination(decimal.Parse(v, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), kind));
}
