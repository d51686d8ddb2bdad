using Till.Money;

namespace Till.Common;

/// <summary>Argument rules shared by the use cases.</summary>
public static class Rules
{
    /// <summary>How far ahead of the server clock a client's time may be.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The longest note Till stores.</summary>
    public const int MaxNoteLength = 5000;

    /// <summary>An error when a client time is too far in the future.</summary>
    public static UserError? FutureTime(DateTimeOffset? time, DateTimeOffset now) =>
        time is { } t && t > now + FutureTolerance
            ? new UserError(["time"], "Time must not be more than 5 minutes in the future.", null)
            : null;

    /// <summary>An error when an amount breaks the currency's rules (or is negative where that is not allowed).</summary>
    public static UserError? Amount(string raw, string currency, string argument, bool allowNegative, out decimal amount)
    {
        if (!MoneyAmount.TryParseDecimal(raw.Trim(), out amount))
        {
            return new UserError([argument, "amount"], "Amount must be a decimal number such as \"12.50\" and not exceed 999999999999.999 in absolute value.", null);
        }

        if (!allowNegative && amount < 0)
        {
            return new UserError([argument, "amount"], "Amount must not be negative.", null);
        }

        var message = MoneyAmount.Validate(amount, currency);
        return message is null ? null : new UserError([argument, "amount"], message, null);
    }

    /// <summary>An error when a note is too long.</summary>
    public static UserError? Note(string? note) =>
        note is { Length: > MaxNoteLength } ? new UserError(["note"], $"Note must be at most {MaxNoteLength} characters.", null) : null;
}
