using Till.Money;

namespace Till.Tests.Money;

public sealed class MoneyAmountTests
{
    public static TheoryData<decimal, string> FormatCases => new()
    {
        { 12.50m, "12.5" },
        { 12m, "12.0" },
        { 12.00m, "12.0" },
        { 0m, "0.0" },
        { 0.000m, "0.0" },
        { -0.5m, "-0.5" },
        { -0.50m, "-0.5" },
        { 0.001m, "0.001" },
        { -114.75m, "-114.75" },
        { 1000000m, "1000000.0" },
        { 999_999_999_999.999m, "999999999999.999" },
        { -999_999_999_999.999m, "-999999999999.999" },
        { 100_000_000_000_000_000_000m, "100000000000000000000.0" },
        { 0.0000000001m, "0.0000000001" },
    };

    [Theory]
    [MemberData(nameof(FormatCases))]
    public void Format_Amount_IsInvariantWithAtLeastOneFractionalDigitAndNoTrailingZeros(decimal amount, string expected) =>
        MoneyAmount.Format(amount).ShouldBe(expected);

    [Fact]
    public void Format_ExtremeValues_HaveNoExponentOrSeparator()
    {
        foreach (var amount in new[] { decimal.MaxValue, decimal.MinValue, 0.000000000000000000000000001m, 1e20m, 1.5e-15m })
        {
            var text = MoneyAmount.Format(amount);
            text.ShouldNotContain("E");
            text.ShouldNotContain("e");
            text.ShouldNotContain(",");
            text.ShouldContain(".");
            decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(amount);
        }
    }

    [Fact]
    public void Format_UnderAnotherCurrentCulture_StaysInvariant()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
            MoneyAmount.Format(1234567.5m).ShouldBe("1234567.5");
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Theory]
    [InlineData("1e5")]
    [InlineData("1E5")]
    [InlineData("1,000")]
    [InlineData("1 000")]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("--1")]
    [InlineData("+-1")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData(".")]
    [InlineData("abc")]
    [InlineData("12abc")]
    [InlineData("1.2.3")]
    [InlineData("0x10")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("١٢")]
    [InlineData("79228162514264337593543950336")]
    public void TryParseDecimal_MalformedText_IsRejected(string text) =>
        MoneyAmount.TryParseDecimal(text, out _).ShouldBeFalse();

    [Fact]
    public void TryParseDecimal_Null_IsRejected() =>
        MoneyAmount.TryParseDecimal(null, out _).ShouldBeFalse();

    [Fact]
    public void TryParseDecimal_VeryLongText_IsRejected() =>
        MoneyAmount.TryParseDecimal(new string('1', 65), out _).ShouldBeFalse();

    [Theory]
    [InlineData("-3.25", "-3.25")]
    [InlineData("+1", "1")]
    [InlineData("0.0", "0")]
    [InlineData("0", "0")]
    [InlineData("12.50", "12.5")]
    [InlineData("999999999999.999", "999999999999.999")]
    [InlineData("-0.001", "-0.001")]
    [InlineData("007", "7")]
    public void TryParseDecimal_PlainDecimal_IsAcceptedExactly(string text, string expected)
    {
        MoneyAmount.TryParseDecimal(text, out var value).ShouldBeTrue();
        value.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TryParseDecimal_ManyFractionalDigits_KeepsThemExactly()
    {
        MoneyAmount.TryParseDecimal("0.1234567", out var value).ShouldBeTrue();
        value.ShouldBe(0.1234567m);
        MoneyAmount.Scale(value).ShouldBe(7);
    }

    [Theory]
    [InlineData("12.50", 1)]
    [InlineData("12", 0)]
    [InlineData("12.000", 0)]
    [InlineData("12.345", 3)]
    [InlineData("1.000", 0)]
    [InlineData("0.001", 3)]
    [InlineData("-0.05", 2)]
    [InlineData("0", 0)]
    [InlineData("0.00", 0)]
    [InlineData("999999999999.999", 3)]
    [InlineData("999999999999.990", 2)]
    [InlineData("0.0000000001", 10)]
    public void Scale_Amount_CountsSignificantFractionalDigits(string text, int expected) =>
        MoneyAmount.Scale(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);

    [Theory]
    [InlineData("12.34", "USD")]
    [InlineData("12.3", "USD")]
    [InlineData("12.340", "USD")]
    [InlineData("-12.34", "USD")]
    [InlineData("100", "JPY")]
    [InlineData("100.0", "JPY")]
    [InlineData("1.234", "KWD")]
    [InlineData("1.2", "KWD")]
    [InlineData("999999999999.999", "KWD")]
    [InlineData("-999999999999.999", "KWD")]
    [InlineData("999999999999.99", "USD")]
    [InlineData("999999999999", "JPY")]
    [InlineData("0", "USD")]
    public void Validate_AmountWithinTheCurrencyRules_IsNull(string text, string currency) =>
        MoneyAmount.Validate(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture), currency).ShouldBeNull();

    [Theory]
    [InlineData("12.345", "USD", "2 decimal places")]
    [InlineData("0.001", "EUR", "2 decimal places")]
    [InlineData("100.5", "JPY", "whole number")]
    [InlineData("1.01", "JPY", "whole number")]
    [InlineData("1.2345", "KWD", "3 decimal places")]
    [InlineData("999999999999.999", "USD", "2 decimal places")]
    public void Validate_TooManyFractionalDigits_SaysHowManyTheCurrencyAllows(string text, string currency, string expected)
    {
        var message = MoneyAmount.Validate(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture), currency);
        message.ShouldNotBeNull();
        message.ShouldContain(expected);
        message.ShouldContain(currency);
    }

    [Theory]
    [InlineData("1000000000000", "USD")]
    [InlineData("-1000000000000", "USD")]
    [InlineData("1000000000000.000", "KWD")]
    [InlineData("999999999999.9991", "KWD")]
    [InlineData("79228162514264337593543950335", "JPY")]
    public void Validate_AboveTheMaximum_SaysSo(string text, string currency)
    {
        var message = MoneyAmount.Validate(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture), currency);
        message.ShouldNotBeNull();
        message.ShouldContain("999999999999.999");
    }

    [Fact]
    public void MaxAbsolute_IsTheDocumentedLimit() =>
        MoneyAmount.MaxAbsolute.ShouldBe(999_999_999_999.999m);

    [Theory]
    [InlineData("12.345", 12345L)]
    [InlineData("-0.5", -500L)]
    [InlineData("0", 0L)]
    [InlineData("999999999999.999", 999_999_999_999_999L)]
    [InlineData("-999999999999.999", -999_999_999_999_999L)]
    public void Thousandths_RoundTripExactly(string text, long thousandths)
    {
        var amount = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        MoneyAmount.ToThousandths(amount).ShouldBe(thousandths);
        MoneyAmount.FromThousandths(thousandths).ShouldBe(amount);
    }

    [Fact]
    public void ToString_FormatsAmountAndCurrency() =>
        new MoneyAmount(12.50m, "USD").ToString().ShouldBe("12.5 USD");
}
