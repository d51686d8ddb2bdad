using Till.Common;
using Till.Money;

namespace Till.Sessions;

/// <summary>Checks a count's <c>tillDenominations</c> against its currency and its counted balance.</summary>
public static class DenominationRules
{
    /// <summary>
    /// The first broken rule of <see cref="SessionErrors.Denominations"/>, or null with the counts
    /// to store (null when none were given).
    /// </summary>
    public static UserError? Check(IReadOnlyList<DenominationInput>? given, string currency, decimal counted, out IReadOnlyList<DenominationCount>? counts)
    {
        counts = null;
        if (given is null)
        {
            return null;
        }

        var known = Denominations.Of(currency);
        var parsed = new List<(decimal? Value, string Text, long Count)>(given.Count);
        foreach (var input in given)
        {
            parsed.Add((MoneyAmount.TryParseDecimal(input.Value.Trim(), out var value) ? value : null, input.Value, input.Count));
        }

        if (parsed.Any(p => p.Count < 0) || parsed.Where(p => p.Value is not null).GroupBy(p => p.Value!.Value).Any(g => g.Count() > 1))
        {
            return SessionErrors.Denominations.InvalidCount.Error();
        }

        if (parsed.FirstOrDefault(p => p.Value is not { } v || !known.Contains(v)) is { Text: { } unknown })
        {
            return SessionErrors.Denominations.Unknown.Error(unknown, currency);
        }

        var list = parsed.Select(p => new DenominationCount(p.Value!.Value, p.Count)).OrderBy(c => c.Value).ToList();
        decimal sum;
        try
        {
            sum = list.Sum(c => c.Total);
        }
        catch (OverflowException)
        {
            return SessionErrors.Denominations.Mismatch.Error("more than any balance", MoneyAmount.Format(counted));
        }

        if (sum != counted)
        {
            return SessionErrors.Denominations.Mismatch.Error(MoneyAmount.Format(sum), MoneyAmount.Format(counted));
        }

        counts = list;
        return null;
    }
}
