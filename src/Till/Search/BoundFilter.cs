namespace Till.Search;

/// <summary>
/// A search query checked against a connection's fields: every term names a real field and carries a
/// value of that field's type. Storage translates it into its own query language.
/// </summary>
public abstract record BoundFilter;

/// <summary>Every operand must match.</summary>
public sealed record BoundAnd(IReadOnlyList<BoundFilter> Operands) : BoundFilter
{
    /// <inheritdoc />
    public bool Equals(BoundAnd? other) => other is not null && Operands.SequenceEqual(other.Operands);

    /// <inheritdoc />
    public override int GetHashCode() => SearchExpressionHash.Of(3, Operands);
}

/// <summary>At least one operand must match.</summary>
public sealed record BoundOr(IReadOnlyList<BoundFilter> Operands) : BoundFilter
{
    /// <inheritdoc />
    public bool Equals(BoundOr? other) => other is not null && Operands.SequenceEqual(other.Operands);

    /// <inheritdoc />
    public override int GetHashCode() => SearchExpressionHash.Of(4, Operands);
}

/// <summary>The operand must not match. A record whose field is not set does not match a comparison, so matches its negation.</summary>
public sealed record BoundNot(BoundFilter Operand) : BoundFilter;

/// <summary>One field compared with one typed value.</summary>
/// <param name="Field">The field's canonical name, as in the <see cref="SearchField"/>.</param>
/// <param name="Comparator">
/// The comparator. Only <see cref="SearchComparator.Equal"/> occurs with <see cref="BoundBoolean"/> and <see cref="BoundText"/>.
/// </param>
/// <param name="Value">The value, typed by the field's kind.</param>
public sealed record BoundComparison(string Field, SearchComparator Comparator, BoundValue Value) : BoundFilter;

/// <summary>A typed value in a <see cref="BoundComparison"/>.</summary>
public abstract record BoundValue;

/// <summary>A numeric ID (from a number or a global ID).</summary>
public sealed record BoundId(long Id) : BoundValue;

/// <summary>True or false.</summary>
public sealed record BoundBoolean(bool Value) : BoundValue;

/// <summary>
/// A moment, or a span from <paramref name="Start"/> up to (not including) <paramref name="End"/>. A span
/// stands for a whole day: <c>:</c> means within it, <c>&lt;</c> before it, <c>&lt;=</c> before its end,
/// <c>&gt;</c> after it, and <c>&gt;=</c> from its start.
/// </summary>
/// <param name="Start">The moment, or the span's first instant (a local day's, for a date).</param>
/// <param name="End">The instant just after the span; null for a moment.</param>
public sealed record BoundTime(DateTimeOffset Start, DateTimeOffset? End) : BoundValue;

/// <summary>Text (or an enum value) compared without regard to case.</summary>
/// <param name="Text">The value, or the prefix.</param>
/// <param name="Prefix">True to match any value starting with <paramref name="Text"/>.</param>
public sealed record BoundText(string Text, bool Prefix) : BoundValue;

/// <summary>The outcome of binding: the filter (null when nothing filters) and every warning, syntax ones first.</summary>
public sealed record BoundSearch(BoundFilter? Filter, IReadOnlyList<SearchWarning> Warnings);
