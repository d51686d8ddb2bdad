using Till.Money;

namespace Till.Common;

/// <summary>Argument rules shared by the use cases; each reports the error its caller's catalog names.</summary>
public static class Rules
{
    /// <summary>How far ahead of the server clock a client's time may be.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The longest note Till stores.</summary>
    public const int MaxNoteLength = 5000;

    /// <summary>A client time is more than <see cref="FutureTolerance"/> ahead of the server clock.</summary>
    public static readonly UserErrorKind TimeInFuture = new(null, ["time"], "Time must not be more than 5 minutes in the future.");

    /// <summary>A note is longer than <see cref="MaxNoteLength"/>.</summary>
    public static readonly UserErrorKind NoteTooLong = new(null, ["note"], $"Note must be at most {MaxNoteLength} characters.");

    /// <summary>An error when a client time is too far in the future.</summary>
    public static UserError? FutureTime(DateTimeOffset? time, DateTimeOffset now, UserErrorKind error) =>
        time is { } t && t > now + FutureTolerance ? error.Error() : null;

    /// <summary>An error when an amount breaks the currency's rules (or is negative where <paramref name="errors"/> has a negative error).</summary>
    public static UserError? Amount(string raw, string currency, AmountErrors errors, out decimal amount)
    {
        if (!MoneyAmount.TryParseDecimal(raw.Trim(), out amount))
        {
            return errors.NotDecimal.Error();
        }

        if (errors.Negative is { } negative && amount < 0)
        {
            return negative.Error();
        }

        var message = MoneyAmount.Validate(amount, currency);
        return message is null ? null : errors.NotValidForCurrency.Error(message);
    }

    /// <summary>An error when a note is too long.</summary>
    public static UserError? Note(string? note, UserErrorKind error) =>
        note is { Length: > MaxNoteLength } ? error.Error() : null;
}
