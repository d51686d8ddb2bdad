namespace Till.Search;

/// <summary>How a term compares its field with its value.</summary>
public enum SearchComparator
{
    /// <summary><c>field:value</c>: equal to (or, for dates, within) the value.</summary>
    Equal,
    /// <summary><c>field:&lt;value</c>.</summary>
    LessThan,
    /// <summary><c>field:&lt;=value</c>.</summary>
    LessThanOrEqual,
    /// <summary><c>field:&gt;value</c>.</summary>
    GreaterThan,
    /// <summary><c>field:&gt;=value</c>.</summary>
    GreaterThanOrEqual,
}

/// <summary>
/// A node of a parsed search query. Nodes compare structurally, and print as canonical query text.
/// </summary>
public abstract record SearchExpression
{
    /// <summary>The canonical query text of this node (see <see cref="SearchPrinter"/>).</summary>
    public sealed override string ToString() => SearchPrinter.Print(this);
}

/// <summary>A query with nothing in it: it filters nothing out.</summary>
public sealed record EmptyExpression : SearchExpression
{
    /// <summary>The one empty expression.</summary>
    public static EmptyExpression Instance { get; } = new();
}

/// <summary>Every operand must match. Operands are never empty expressions when produced by the parser.</summary>
public sealed record AndExpression(IReadOnlyList<SearchExpression> Operands) : SearchExpression
{
    /// <inheritdoc />
    public bool Equals(AndExpression? other) => other is not null && Operands.SequenceEqual(other.Operands);

    /// <inheritdoc />
    public override int GetHashCode() => SearchExpressionHash.Of(1, Operands);
}

/// <summary>At least one operand must match.</summary>
public sealed record OrExpression(IReadOnlyList<SearchExpression> Operands) : SearchExpression
{
    /// <inheritdoc />
    public bool Equals(OrExpression? other) => other is not null && Operands.SequenceEqual(other.Operands);

    /// <inheritdoc />
    public override int GetHashCode() => SearchExpressionHash.Of(2, Operands);
}

/// <summary>The operand must not match.</summary>
public sealed record NotExpression(SearchExpression Operand) : SearchExpression;

/// <summary>
/// One term: <c>field:value</c>, <c>field:&lt;=value</c>, <c>field:prefix*</c>, or a bare word when
/// <paramref name="Field"/> is null.
/// </summary>
/// <param name="Field">The field name as written, or null for free text.</param>
/// <param name="Comparator">The comparator after the colon.</param>
/// <param name="Value">The value, unquoted and unescaped; without the trailing <c>*</c> of a prefix match.</param>
/// <param name="Prefix">True when an unquoted value ended with <c>*</c>.</param>
/// <param name="Quoted">True when the value was written in quotes.</param>
public sealed record TermExpression(string? Field, SearchComparator Comparator, string Value, bool Prefix, bool Quoted) : SearchExpression;

internal static class SearchExpressionHash
{
    public static int Of<T>(int seed, IReadOnlyList<T> items)
    {
        var hash = new HashCode();
        hash.Add(seed);
        foreach (var item in items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }
}
