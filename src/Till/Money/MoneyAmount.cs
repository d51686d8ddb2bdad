using System.Globalization;

namespace Till.Money;

/// <summary>An exact amount of money in one currency.</summary>
public readonly record struct MoneyAmount(decimal Amount, string CurrencyCode)
{
    /// <summary>The largest absolute amount Till accepts in any argument.</summary>
    public const decimal MaxAbsolute = 999_999_999_999.999m;

    /// <summary>Formats an amount as the Admin API does: invariant culture, at least one fractional digit, no trailing zeros.</summary>
    public static string Format(decimal amount)
    {
        var text = amount.ToString("0.0##########################", CultureInfo.InvariantCulture);
        return text;
    }

    /// <summary>Parses a decimal string strictly: optional sign, digits, optional fraction; no exponent, no separators.</summary>
    public static bool TryParseDecimal(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return false;
        }

        var i = 0;
        if (text[0] is '-' or '+')
        {
            i = 1;
        }

        var digits = 0;
        var dot = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '0' and <= '9')
            {
                digits++;
            }
            else if (c == '.' && !dot)
            {
                dot = true;
            }
            else
            {
                return false;
            }
        }

        return digits > 0 && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Number of significant digits after the decimal point (trailing zeros do not count).</summary>
    public static int Scale(decimal amount)
    {
        var normalized = amount / 1.0000000000000000000000000000m;
        return (decimal.GetBits(normalized)[3] >> 16) & 0xFF;
    }

    /// <summary>Checks an amount against a currency's rules; returns a message saying what is wrong, or null.</summary>
    public static string? Validate(decimal amount, string currencyCode)
    {
        if (Math.Abs(amount) > MaxAbsolute)
        {
            return "Amount must not exceed 999999999999.999 in absolute value.";
        }

        var allowed = Currency.MinorUnits(currencyCode);
        if (Scale(amount) > allowed)
        {
            return allowed == 0
                ? $"Amount must be a whole number for {currencyCode}."
                : $"Amount must have at most {allowed} decimal places for {currencyCode}.";
        }

        return null;
    }

    /// <summary>The amount as integer thousandths, the exact form storage keeps.</summary>
    public static long ToThousandths(decimal amount) => checked((long)(amount * 1000m));

    /// <summary>Reads integer thousandths back into an amount.</summary>
    public static decimal FromThousandths(long thousandths) => thousandths / 1000m;

    /// <inheritdoc />
    public override string ToString() => $"{Format(Amount)} {CurrencyCode}";
}
