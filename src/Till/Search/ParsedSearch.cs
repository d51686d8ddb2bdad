namespace Till.Search;

/// <summary>A problem found in a search query. The query still runs, without the part the warning names.</summary>
/// <param name="Field">The field of the offending term, or null when the problem is not about one field.</param>
/// <param name="Message">A sentence for the API client.</param>
/// <param name="Code">A stable code; see <see cref="SearchWarningCodes"/>.</param>
public sealed record SearchWarning(string? Field, string Message, string Code);

/// <summary>The codes a <see cref="SearchWarning"/> can carry.</summary>
public static class SearchWarningCodes
{
    /// <summary>The term names a field the connection cannot be filtered by.</summary>
    public const string InvalidField = "invalid_field";
    /// <summary>The term's value does not fit its field.</summary>
    public const string InvalidValue = "invalid_value";
    /// <summary>The query text is malformed (unbalanced parentheses or quotes, a dangling operator).</summary>
    public const string InvalidSyntax = "invalid_syntax";
    /// <summary>The query is longer or more deeply nested than Till reads; the rest was ignored.</summary>
    public const string QueryTooComplex = "query_too_complex";
}

/// <summary>A parsed query and the syntax problems met on the way.</summary>
/// <param name="Expression">The expression tree; <see cref="EmptyExpression"/> when nothing was read.</param>
/// <param name="Warnings">Syntax warnings, in the order met.</param>
public sealed record ParsedSearch(SearchExpression Expression, IReadOnlyList<SearchWarning> Warnings);
