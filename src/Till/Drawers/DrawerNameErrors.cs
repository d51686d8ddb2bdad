using Till.Common;

namespace Till.Drawers;

/// <summary>The errors of the drawer name rule (<see cref="DrawerCommands.NameError(string)"/>) on one argument, in the order it checks them.</summary>
/// <param name="Blank">The name is blank after trimming.</param>
/// <param name="TooLong">The trimmed name is longer than <see cref="DrawerCommands.MaxNameLength"/>.</param>
public sealed record DrawerNameErrors(UserErrorKind Blank, UserErrorKind TooLong)
{
    /// <summary>The same errors on another argument path.</summary>
    public DrawerNameErrors At(params string[] field) => new(Blank.At(field), TooLong.At(field));

    /// <summary>The same errors with another code.</summary>
    public DrawerNameErrors WithCode(string? code) => new(Blank.WithCode(code), TooLong.WithCode(code));

    /// <summary>The errors in the order the rule checks them.</summary>
    public IReadOnlyList<UserErrorKind> InCheckOrder => [Blank, TooLong];
}
