using Till.Money;

namespace Till.Tests.Money;

public sealed class CurrencyTests
{
    [Theory]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    [InlineData("CAD", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("CLP", 0)]
    [InlineData("KWD", 3)]
    [InlineData("BHD", 3)]
    [InlineData("OMR", 3)]
    [InlineData("TND", 3)]
    public void MinorUnits_IsoCurrency_FollowsIso4217(string code, int digits) =>
        Currency.MinorUnits(code).ShouldBe(digits);

    [Theory]
    [InlineData("USD", true)]
    [InlineData("USDC", true)]
    [InlineData("usd", false)]
    [InlineData("US", false)]
    [InlineData("USDCC", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("U1D", false)]
    public void IsWellFormed_Code_AcceptsOnlyUpperCaseLetters(string? code, bool expected) =>
        Currency.IsWellFormed(code).ShouldBe(expected);

    [Theory]
    [InlineData("USD", true)]
    [InlineData("USDC", true)]
    [InlineData("XXX", true)]
    [InlineData("ZZZ", false)]
    [InlineData("usd", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsKnown_Code_AcceptsOnlyTheSchemasCurrencyCodes(string? code, bool expected) =>
        Currency.IsKnown(code).ShouldBe(expected);
}
