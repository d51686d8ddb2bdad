using System.Text;

namespace Till.Search;

/// <summary>
/// Reads Shopify's search syntax (<c>field:value</c>, comparators, <c>AND</c>/<c>OR</c>/<c>NOT</c>,
/// <c>-term</c>, parentheses, quotes, <c>prefix*</c>) into a <see cref="SearchExpression"/>.
/// </summary>
/// <remarks>
/// Parsing never fails: a client's query filter is advisory, so malformed text is read as far as it
/// makes sense and the problems come back as warnings. Work is linear in the input, and the input is
/// capped in length and nesting so a hostile query cannot cost more than a normal one.
/// </remarks>
public static class SearchParser
{
    /// <summary>Characters read; the rest of a longer query is ignored with a warning.</summary>
    public const int MaxLength = 10_000;

    /// <summary>How deeply parentheses and negations may nest; deeper input is ignored with a warning.</summary>
    public const int MaxDepth = 32;

    /// <summary>Parses a query. Never throws; null or blank text gives an <see cref="EmptyExpression"/>.</summary>
    public static ParsedSearch Parse(string? text)
    {
        var warnings = new Warnings();
        text ??= string.Empty;
        if (text.Length > MaxLength)
        {
            text = text[..MaxLength];
            warnings.Add(SearchWarningCodes.QueryTooComplex, $"The query is longer than {MaxLength} characters; the rest was ignored.");
        }

        var expression = new Parser(text, warnings).ParseQuery();
        return new ParsedSearch(expression, warnings.List);
    }

    private enum TokenKind
    {
        End,
        LeftParen,
        RightParen,
        And,
        Or,
        Not,
        Minus,
        Term,
    }

    private readonly record struct Token(TokenKind Kind, TermExpression? Term = null);

    private sealed class Warnings
    {
        // A query that repeats one mistake a thousand times deserves one warning, not a thousand.
        private readonly HashSet<string> seen = new(StringComparer.Ordinal);

        public List<SearchWarning> List { get; } = [];

        public void Add(string code, string message)
        {
            if (seen.Add(code + "\n" + message))
            {
                List.Add(new SearchWarning(null, message, code));
            }
        }
    }

    private sealed class Parser(string text, Warnings warnings)
    {
        private int position;
        private Token? lookahead;
        private bool negating;
        private bool stopped;

        public SearchExpression ParseQuery() => ParseOr(0, nested: false);

        private SearchExpression ParseOr(int depth, bool nested)
        {
            var operands = new List<SearchExpression>();
            var (first, consumed) = ParseAnd(depth, nested);
            AddOperand(operands, first);
            while (!stopped && Peek().Kind == TokenKind.Or)
            {
                Next();
                var leftMissing = !consumed;
                (var next, consumed) = ParseAnd(depth, nested);
                if ((leftMissing || !consumed) && !stopped)
                {
                    Syntax("OR needs a term on each side; the operator was ignored.");
                }

                AddOperand(operands, next);
            }

            return Combine(operands, or: true);
        }

        private (SearchExpression Expression, bool Consumed) ParseAnd(int depth, bool nested)
        {
            var operands = new List<SearchExpression>();
            var consumed = false;
            while (!stopped)
            {
                var token = Peek();
                switch (token.Kind)
                {
                    case TokenKind.End or TokenKind.Or:
                        return (Combine(operands, or: false), consumed);
                    case TokenKind.RightParen when nested:
                        return (Combine(operands, or: false), consumed);
                    case TokenKind.RightParen:
                        // Nothing is open at the top level, so a stray ')' can only be dropped.
                        Next();
                        Syntax("Unbalanced parentheses: a ')' has no matching '('; it was ignored.");
                        continue;
                    case TokenKind.And:
                        Next();
                        if (!consumed || !StartsOperand(Peek().Kind))
                        {
                            Syntax("AND needs a term on each side; the operator was ignored.");
                        }

                        continue;
                    default:
                        AddOperand(operands, ParseUnary(depth));
                        consumed = true;
                        continue;
                }
            }

            return (Combine(operands, or: false), consumed);
        }

        private SearchExpression ParseUnary(int depth)
        {
            var token = Next();
            switch (token.Kind)
            {
                case TokenKind.Not or TokenKind.Minus:
                    if (depth >= MaxDepth)
                    {
                        return TooDeep();
                    }

                    if (!StartsOperand(Peek().Kind))
                    {
                        Syntax("NOT needs a term after it; the operator was ignored.");
                        return EmptyExpression.Instance;
                    }

                    var operand = ParseUnary(depth + 1);
                    return operand is EmptyExpression ? operand : new NotExpression(operand);
                case TokenKind.LeftParen:
                    if (depth >= MaxDepth)
                    {
                        return TooDeep();
                    }

                    var inner = ParseOr(depth + 1, nested: true);
                    if (stopped)
                    {
                        return inner;
                    }

                    if (Peek().Kind == TokenKind.RightParen)
                    {
                        Next();
                    }
                    else
                    {
                        Syntax("Unbalanced parentheses: a '(' is never closed.");
                    }

                    return inner;
                default:
                    return token.Term ?? (SearchExpression)EmptyExpression.Instance;
            }
        }

        private static bool StartsOperand(TokenKind kind) =>
            kind is TokenKind.Not or TokenKind.Minus or TokenKind.LeftParen or TokenKind.Term;

        private static void AddOperand(List<SearchExpression> operands, SearchExpression expression)
        {
            if (expression is not EmptyExpression)
            {
                operands.Add(expression);
            }
        }

        private static SearchExpression Combine(List<SearchExpression> operands, bool or) => operands.Count switch
        {
            0 => EmptyExpression.Instance,
            1 => operands[0],
            _ when or => new OrExpression(operands.ToArray()),
            _ => new AndExpression(operands.ToArray()),
        };

        private EmptyExpression TooDeep()
        {
            warnings.Add(SearchWarningCodes.QueryTooComplex, $"The query nests parentheses or negations more than {MaxDepth} deep; the rest was ignored.");
            stopped = true;
            position = text.Length;
            lookahead = new Token(TokenKind.End);
            return EmptyExpression.Instance;
        }

        private void Syntax(string message) => warnings.Add(SearchWarningCodes.InvalidSyntax, message);

        private Token Peek() => lookahead ??= Lex();

        private Token Next()
        {
            var token = Peek();
            lookahead = null;
            return token;
        }

        // Tokens are read one at a time, on demand, so text after a point where parsing stops
        // produces no warnings.
        private Token Lex()
        {
            var negated = negating;
            negating = false;
            while (true)
            {
                while (position < text.Length && char.IsWhiteSpace(text[position]))
                {
                    position++;
                }

                if (position >= text.Length)
                {
                    return new Token(TokenKind.End);
                }

                var c = text[position];
                switch (c)
                {
                    case '(':
                        position++;
                        return new Token(TokenKind.LeftParen);
                    case ')':
                        position++;
                        return new Token(TokenKind.RightParen);
                    case '-' when position + 1 < text.Length && text[position + 1] != ')' && !char.IsWhiteSpace(text[position + 1]):
                        position++;
                        negating = true;
                        return new Token(TokenKind.Minus);
                    case '"' or '\'':
                        position++;
                        return new Token(TokenKind.Term, new TermExpression(null, SearchComparator.Equal, ReadQuoted(c), false, true));
                    case ':':
                        position++;
                        Syntax("A ':' has no field name before it; it was ignored.");
                        continue;
                    default:
                        return LexWord(negated);
                }
            }
        }

        private Token LexWord(bool negated)
        {
            var start = position;
            while (position < text.Length && !EndsWord(text[position]) && text[position] != ':')
            {
                position++;
            }

            var head = text[start..position];
            if (position < text.Length && text[position] == ':')
            {
                position++;
                return new Token(TokenKind.Term, ReadFieldValue(head));
            }

            // "-AND" searches for the word; only a bare AND, OR or NOT is an operator.
            if (!negated)
            {
                switch (head)
                {
                    case "AND":
                        return new Token(TokenKind.And);
                    case "OR":
                        return new Token(TokenKind.Or);
                    case "NOT":
                        return new Token(TokenKind.Not);
                }
            }

            var prefix = head.EndsWith('*');
            return new Token(TokenKind.Term, new TermExpression(null, SearchComparator.Equal, prefix ? head[..^1] : head, prefix, false));
        }

        private TermExpression ReadFieldValue(string field)
        {
            var comparator = SearchComparator.Equal;
            if (position < text.Length && text[position] is '<' or '>')
            {
                var less = text[position] == '<';
                position++;
                var orEqual = position < text.Length && text[position] == '=';
                if (orEqual)
                {
                    position++;
                }

                comparator = (less, orEqual) switch
                {
                    (true, false) => SearchComparator.LessThan,
                    (true, true) => SearchComparator.LessThanOrEqual,
                    (false, false) => SearchComparator.GreaterThan,
                    (false, true) => SearchComparator.GreaterThanOrEqual,
                };
            }

            if (position < text.Length && text[position] is '"' or '\'')
            {
                var quote = text[position];
                position++;
                return new TermExpression(field, comparator, ReadQuoted(quote), false, true);
            }

            var start = position;
            while (position < text.Length && !EndsWord(text[position]))
            {
                position++;
            }

            var raw = text[start..position];
            var prefix = raw.EndsWith('*');
            return new TermExpression(field, comparator, prefix ? raw[..^1] : raw, prefix, false);
        }

        private string ReadQuoted(char quote)
        {
            var value = new StringBuilder();
            while (position < text.Length)
            {
                var c = text[position];
                if (c == '\\' && position + 1 < text.Length && text[position + 1] is '"' or '\'' or '\\')
                {
                    value.Append(text[position + 1]);
                    position += 2;
                }
                else if (c == quote)
                {
                    position++;
                    return value.ToString();
                }
                else
                {
                    value.Append(c);
                    position++;
                }
            }

            Syntax("Unbalanced quotes: a quoted value is never closed; it runs to the end of the query.");
            return value.ToString();
        }

        private static bool EndsWord(char c) => c is '(' or ')' || char.IsWhiteSpace(c);
    }
}
