namespace Till.Common;

/// <summary>The result of a use case: a value, or the user errors that prevented it.</summary>
public sealed class Outcome<T>
{
    private Outcome(T? value, IReadOnlyList<UserError> errors)
    {
        Value = value;
        Errors = errors;
    }

    /// <summary>The value, when there were no errors.</summary>
    public T? Value { get; }

    /// <summary>The user errors; empty on success.</summary>
    public IReadOnlyList<UserError> Errors { get; }

    /// <summary>True when the use case succeeded.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>
    /// True when the errors stand for a database failure (the use case's storage error) rather
    /// than a refusal of the caller's input; the operator's metrics count these as internal errors.
    /// </summary>
    public bool StorageFailed { get; private init; }

    /// <summary>The same failure, marked as a database failure.</summary>
    public Outcome<T> AsStorageFailure() => new(Value, Errors) { StorageFailed = true };

    /// <summary>A success.</summary>
    public static Outcome<T> Ok(T value) => new(value, []);

    /// <summary>A failure with one error.</summary>
    public static Outcome<T> Fail(string[]? field, string message, string? code) => new(default, [new UserError(field, message, code)]);

    /// <summary>A failure with one error.</summary>
    public static Outcome<T> Fail(UserError error) => new(default, [error]);
}
