namespace Till.Common;

/// <summary>
/// The errors of the amount rule (<see cref="Rules.Amount"/>) on one money argument, all on
/// <c>[argument, "amount"]</c>, in the order the rule checks them.
/// </summary>
/// <param name="NotDecimal">The amount is not a decimal number (or is far too large to read).</param>
/// <param name="Negative">The amount is negative; null where the argument may be negative.</param>
/// <param name="NotValidForCurrency">
/// The amount breaks the currency's rules (more digits than its minor unit, or above the largest
/// amount); the message is the money rules' own, filled in as <c>{0}</c>.
/// </param>
public sealed record AmountErrors(UserErrorKind NotDecimal, UserErrorKind? Negative, UserErrorKind NotValidForCurrency)
{
    /// <summary>The amount rule's errors on <paramref name="argument"/>, without codes.</summary>
    public static AmountErrors For(string argument, bool allowNegative)
    {
        string[] field = [argument, "amount"];
        return new(
            new UserErrorKind(null, field, "Amount must be a decimal number such as \"12.50\" and not exceed 999999999999.999 in absolute value."),
            allowNegative ? null : new UserErrorKind(null, field, "Amount must not be negative."),
            new UserErrorKind(null, field, "{0}"));
    }

    /// <summary>The same errors, each with <paramref name="code"/>.</summary>
    public AmountErrors WithCode(string? code) => new(NotDecimal.WithCode(code), Negative?.WithCode(code), NotValidForCurrency.WithCode(code));

    /// <summary>The errors in the order the rule checks them.</summary>
    public IReadOnlyList<UserErrorKind> InCheckOrder => Negative is null ? [NotDecimal, NotValidForCurrency] : [NotDecimal, Negative, NotValidForCurrency];
}
