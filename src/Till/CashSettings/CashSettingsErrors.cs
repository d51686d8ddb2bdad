using Till.Common;

namespace Till.CashSettings;

/// <summary>The user errors of <c>tillLocationCashSettingsUpdate</c>, in the order its use case checks them, a storage failure last.</summary>
public static class CashSettingsErrors
{
    private static readonly string[] AmountField = ["settings", "varianceThresholdAmount"];
    private static readonly string[] PercentageField = ["settings", "varianceThresholdPercentage"];

    /// <summary>The location does not exist in the shop.</summary>
    public static readonly UserErrorKind LocationNotFound = new("TILL_LOCATION_NOT_FOUND", ["locationId"], "Location not found.");

    /// <summary>The amount threshold is not a decimal number.</summary>
    public static readonly UserErrorKind AmountNotDecimal = new("TILL_INVALID_THRESHOLD_AMOUNT", AmountField, "The variance threshold amount must be a decimal number such as \"5.00\".");

    /// <summary>The amount threshold is negative.</summary>
    public static readonly UserErrorKind AmountNegative = new("TILL_INVALID_THRESHOLD_AMOUNT", AmountField, "The variance threshold amount must not be negative.");

    /// <summary>The amount threshold breaks the location currency's rules; <c>{0}</c> is the money rules' message.</summary>
    public static readonly UserErrorKind AmountNotValidForCurrency = new("TILL_INVALID_THRESHOLD_AMOUNT", AmountField, "{0}");

    /// <summary>The percentage threshold is not a number from 0 to 100 with at most three decimals.</summary>
    public static readonly UserErrorKind InvalidPercentage = new("TILL_INVALID_THRESHOLD_PERCENTAGE", PercentageField, "The variance threshold percentage must be a number from 0 to 100 with at most three decimals, such as \"2.5\".");

    /// <summary>The database failed; nothing was changed.</summary>
    public static readonly UserErrorKind NotSaved = new("TILL_NOT_SAVED", null, "The cash settings could not be saved; nothing was changed.");

    /// <summary>The amount rule's errors on the amount threshold.</summary>
    public static readonly AmountErrors Amount = new(AmountNotDecimal, AmountNegative, AmountNotValidForCurrency);

    public static readonly IReadOnlyList<UserErrorKind> InCheckOrder = [LocationNotFound, .. Amount.InCheckOrder, InvalidPercentage, NotSaved];
}
