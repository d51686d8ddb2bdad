using System.Globalization;
using Till.Money;

namespace Till.Sessions;

/// <summary>How many of one note or coin a count found.</summary>
public sealed record DenominationCount(decimal Value, long Count)
{
    /// <summary>Value times count.</summary>
    public decimal Total => Value * Count;

    /// <summary>
    /// The stored (and hashed) form of a count's denominations: <c>thousandths x count</c> pairs,
    /// by value ascending, separated by single spaces, e.g. <c>5000x3 20000x1</c>; null for none.
    /// </summary>
    public static string? Format(IReadOnlyList<DenominationCount>? counts) =>
        counts is null ? null
        : string.Join(' ', counts.OrderBy(c => c.Value).Select(c => string.Create(CultureInfo.InvariantCulture, $"{MoneyAmount.ToThousandths(c.Value)}x{c.Count}")));

    /// <summary>Reads <see cref="Format"/>'s text back.</summary>
    public static IReadOnlyList<DenominationCount>? Parse(string? text) =>
        text is null ? null
        : text.Length == 0 ? []
        : [.. text.Split(' ').Select(pair =>
        {
            var x = pair.IndexOf('x', StringComparison.Ordinal);
            return new DenominationCount(
                MoneyAmount.FromThousandths(long.Parse(pair.AsSpan(0, x), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                long.Parse(pair.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture));
        })];
}

/// <summary>A denomination as a client gave it: the value's text and the count.</summary>
public sealed record DenominationInput(string Value, long Count);
