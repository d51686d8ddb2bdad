using System.Text;

namespace Till.Search;

/// <summary>Writes a <see cref="SearchExpression"/> back as canonical query text.</summary>
/// <remarks>
/// For every expression <see cref="SearchParser.Parse"/> produces, parsing the printed text gives an
/// equal expression, with no warnings, as long as the text stays within <see cref="SearchParser.MaxLength"/>.
/// The canonical form joins AND by a space, writes <c>OR</c> explicitly, negates with <c>-</c>, and
/// brackets only what the grouping needs. An expression built by hand may not survive exactly: a value
/// that cannot be written bare is quoted, and an empty operand disappears.
/// </remarks>
public static class SearchPrinter
{
    /// <summary>The canonical text of <paramref name="expression"/>; empty for an empty expression.</summary>
    public static string Print(SearchExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = new StringBuilder();
        Write(text, expression);
        return text.ToString();
    }

    private static void Write(StringBuilder text, SearchExpression expression)
    {
        switch (expression)
        {
            case AndExpression and:
                // OR binds looser, and a nested AND only exists because the query bracketed it.
                WriteJoined(text, and.Operands, " ", static operand => operand is AndExpression or OrExpression);
                break;
            case OrExpression or:
                WriteJoined(text, or.Operands, " OR ", static operand => operand is OrExpression);
                break;
            case NotExpression not:
                WriteNot(text, not);
                break;
            case TermExpression term:
                WriteTerm(text, term, afterMinus: false);
                break;
        }
    }

    private static void WriteJoined(StringBuilder text, IReadOnlyList<SearchExpression> operands, string separator, Func<SearchExpression, bool> bracket)
    {
        var first = true;
        foreach (var operand in operands)
        {
            if (IsBlank(operand))
            {
                continue;
            }

            if (!first)
            {
                text.Append(separator);
            }

            first = false;
            WriteBracketed(text, operand, bracket(operand));
        }
    }

    private static void WriteNot(StringBuilder text, NotExpression not)
    {
        if (IsBlank(not.Operand))
        {
            return;
        }

        text.Append('-');
        switch (not.Operand)
        {
            case TermExpression term:
                WriteTerm(text, term, afterMinus: true);
                break;
            case NotExpression inner:
                WriteNot(text, inner);
                break;
            default:
                WriteBracketed(text, not.Operand, true);
                break;
        }
    }

    private static void WriteBracketed(StringBuilder text, SearchExpression expression, bool bracket)
    {
        if (bracket)
        {
            text.Append('(');
        }

        Write(text, expression);
        if (bracket)
        {
            text.Append(')');
        }
    }

    private static bool IsBlank(SearchExpression expression) => expression switch
    {
        TermExpression => false,
        NotExpression not => IsBlank(not.Operand),
        AndExpression and => and.Operands.All(IsBlank),
        OrExpression or => or.Operands.All(IsBlank),
        _ => true,
    };

    private static void WriteTerm(StringBuilder text, TermExpression term, bool afterMinus)
    {
        var bare = !term.Quoted;
        if (term.Field is null)
        {
            bare = bare && IsBareWord(term, afterMinus);
        }
        else
        {
            text.Append(term.Field).Append(':').Append(term.Comparator switch
            {
                SearchComparator.LessThan => "<",
                SearchComparator.LessThanOrEqual => "<=",
                SearchComparator.GreaterThan => ">",
                SearchComparator.GreaterThanOrEqual => ">=",
                _ => "",
            });
            bare = bare && IsBareValue(term);
        }

        if (bare)
        {
            text.Append(term.Value);
            if (term.Prefix)
            {
                text.Append('*');
            }

            return;
        }

        text.Append('"');
        foreach (var c in term.Value)
        {
            if (c is '"' or '\\')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        text.Append('"');
    }

    // Each rule below mirrors a decision of the parser, so that a bare value reads back unchanged.
    private static bool IsBareValue(TermExpression term)
    {
        var value = term.Value;
        if (HasBreak(value, colonBreaks: false) || (!term.Prefix && value.EndsWith('*')))
        {
            return false;
        }

        if (value.Length == 0)
        {
            return true;
        }

        return value[0] switch
        {
            '"' or '\'' => false,
            '<' or '>' => term.Comparator != SearchComparator.Equal,
            '=' => term.Comparator is not (SearchComparator.LessThan or SearchComparator.GreaterThan),
            _ => true,
        };
    }

    private static bool IsBareWord(TermExpression term, bool afterMinus)
    {
        var word = term.Prefix ? term.Value + "*" : term.Value;
        if (term.Value.Length == 0 && !term.Prefix)
        {
            return false;
        }

        if (HasBreak(word, colonBreaks: true) || (!term.Prefix && term.Value.EndsWith('*')))
        {
            return false;
        }

        if (word[0] is '"' or '\'' || (word[0] == '-' && word != "-"))
        {
            return false;
        }

        return afterMinus || word is not ("AND" or "OR" or "NOT");
    }

    private static bool HasBreak(string value, bool colonBreaks)
    {
        foreach (var c in value)
        {
            if (c is '(' or ')' || char.IsWhiteSpace(c) || (colonBreaks && c == ':'))
            {
                return true;
            }
        }

        return false;
    }
}
