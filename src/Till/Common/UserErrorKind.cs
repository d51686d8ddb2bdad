using System.Globalization;

namespace Till.Common;

/// <summary>
/// One error a use case can answer, defined once: its code (null where the API's error type has
/// none), the argument path it points at, and its message. A message may hold composite-format
/// holes (<c>{0}</c>) that are filled per request, such as the drawer's currency.
/// </summary>
public sealed record UserErrorKind(string? Code, IReadOnlyList<string>? Field, string Message)
{
    /// <summary>The error, with the message as defined.</summary>
    public UserError Error() => new(Field, Message, Code);

    /// <summary>The error, with the message's holes filled by <paramref name="values"/> (invariant culture).</summary>
    public UserError Error(params object?[] values) => new(Field, string.Format(CultureInfo.InvariantCulture, Message, values), Code);

    /// <summary>A failed outcome carrying this error.</summary>
    public Outcome<T> Fail<T>() => Outcome<T>.Fail(Error());

    /// <summary>A failed outcome carrying this error, its message's holes filled by <paramref name="values"/>.</summary>
    public Outcome<T> Fail<T>(params object?[] values) => Outcome<T>.Fail(Error(values));

    /// <summary>The same error on another argument path.</summary>
    public UserErrorKind At(params string[] field) => this with { Field = field };

    /// <summary>The same error with another code (null for a mutation whose errors carry none).</summary>
    public UserErrorKind WithCode(string? code) => this with { Code = code };
}
