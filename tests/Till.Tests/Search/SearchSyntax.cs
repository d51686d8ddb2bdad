using Till.Search;

namespace Till.Tests.Search;

/// <summary>Short builders for expected trees.</summary>
internal static class SearchSyntax
{
    public static TermExpression T(string? field, string value, SearchComparator comparator = SearchComparator.Equal, bool prefix = false, bool quoted = false) =>
        new(field, comparator, value, prefix, quoted);

    public static TermExpression W(string word) => new(null, SearchComparator.Equal, word, false, false);

    public static AndExpression And(params SearchExpression[] operands) => new(operands);

    public static OrExpression Or(params SearchExpression[] operands) => new(operands);

    public static NotExpression Not(SearchExpression operand) => new(operand);
}
