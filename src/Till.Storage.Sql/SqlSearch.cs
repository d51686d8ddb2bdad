using System.Globalization;
using System.Text;
using Till.Search;

namespace Till.Storage.Sql;

/// <summary>Translates a bound search filter into an SQLite boolean expression.</summary>
/// <remarks>
/// Every comparison comes out true or false, never NULL: a row whose column is NULL (a time not yet
/// set) fails the comparison, and so passes its negation. Plain SQL would make both NULL, and NOT
/// would then drop the row on either side.
/// </remarks>
internal static class SqlSearch
{
    /// <summary>
    /// Appends SQL for <paramref name="filter"/> as a parenthesised boolean expression, adding its values
    /// to <paramref name="parameters"/> as <c>@s0</c>, <c>@s1</c>, ...
    /// </summary>
    /// <param name="filter">The filter, as bound by <see cref="SearchBinder"/>.</param>
    /// <param name="columns">
    /// For each field name: the column holding it, or for a boolean field an SQL boolean expression.
    /// These are trusted SQL; values never go into the text.
    /// </param>
    /// <param name="parameters">The command's parameters so far; the new ones are appended.</param>
    /// <exception cref="ArgumentException">A field has no entry in <paramref name="columns"/>.</exception>
    public static string ToSql(BoundFilter filter, IReadOnlyDictionary<string, string> columns, List<(string Name, object? Value)> parameters)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(parameters);
        var sql = new StringBuilder();
        Write(sql, filter, columns, parameters);
        return sql.ToString();
    }

    private static void Write(StringBuilder sql, BoundFilter filter, IReadOnlyDictionary<string, string> columns, List<(string Name, object? Value)> parameters)
    {
        switch (filter)
        {
            case BoundAnd and:
                WriteJoined(sql, and.Operands, " AND ", columns, parameters);
                break;
            case BoundOr or:
                WriteJoined(sql, or.Operands, " OR ", columns, parameters);
                break;
            case BoundNot not:
                sql.Append("(NOT ");
                Write(sql, not.Operand, columns, parameters);
                sql.Append(')');
                break;
            case BoundComparison comparison:
                WriteComparison(sql, comparison, columns, parameters);
                break;
            default:
                throw new ArgumentException($"Unknown filter node {filter.GetType().Name}.", nameof(filter));
        }
    }

    private static void WriteJoined(StringBuilder sql, IReadOnlyList<BoundFilter> operands, string separator, IReadOnlyDictionary<string, string> columns, List<(string Name, object? Value)> parameters)
    {
        if (operands.Count == 0)
        {
            // An empty AND holds and an empty OR does not, as in logic.
            sql.Append(separator == " AND " ? "(1)" : "(0)");
            return;
        }

        sql.Append('(');
        for (var i = 0; i < operands.Count; i++)
        {
            if (i > 0)
            {
                sql.Append(separator);
            }

            Write(sql, operands[i], columns, parameters);
        }

        sql.Append(')');
    }

    private static void WriteComparison(StringBuilder sql, BoundComparison comparison, IReadOnlyDictionary<string, string> columns, List<(string Name, object? Value)> parameters)
    {
        if (!columns.TryGetValue(comparison.Field, out var column))
        {
            throw new ArgumentException($"No column is mapped for search field '{comparison.Field}'.", nameof(columns));
        }

        switch (comparison.Value)
        {
            case BoundBoolean boolean:
                // CASE turns an unknown into false, so the comparison is never NULL; it also reads a
                // boolean expression the same way on SQLite (0/1) and PostgreSQL (true/false).
                sql.Append("(CASE WHEN (").Append(column).Append(boolean.Value ? ") THEN 1 ELSE 0 END = 1)" : ") THEN 1 ELSE 0 END = 0)");
                break;
            case BoundId id:
                WriteOrdered(sql, column, comparison.Comparator, Parameter(parameters, id.Id));
                break;
            case BoundTime { End: null } moment:
                WriteOrdered(sql, column, comparison.Comparator, Parameter(parameters, moment.Start.UtcTicks));
                break;
            case BoundTime span:
                WriteSpan(sql, column, comparison.Comparator, span, parameters);
                break;
            case BoundText text when comparison.Comparator == SearchComparator.Equal:
                var name = Parameter(parameters, text.Prefix ? EscapeLike(text.Text) + "%" : text.Text);
                sql.Append('(').Append(column).Append(" IS NOT NULL AND lower(").Append(column).Append(')')
                    .Append(text.Prefix ? " LIKE lower(" : " = lower(").Append(name)
                    .Append(text.Prefix ? ") ESCAPE '\\')" : "))");
                break;
            default:
                throw new ArgumentException($"Search field '{comparison.Field}' cannot be compared with {comparison.Comparator}.", nameof(comparison));
        }
    }

    private static void WriteOrdered(StringBuilder sql, string column, SearchComparator comparator, string parameter)
    {
        var op = comparator switch
        {
            SearchComparator.LessThan => "<",
            SearchComparator.LessThanOrEqual => "<=",
            SearchComparator.GreaterThan => ">",
            SearchComparator.GreaterThanOrEqual => ">=",
            _ => "=",
        };
        sql.Append('(').Append(column).Append(" IS NOT NULL AND ").Append(column).Append(' ').Append(op).Append(' ').Append(parameter).Append(')');
    }

    // A whole day: "<=" reaches its last instant, ">" starts after it, ":" is anywhere inside.
    private static void WriteSpan(StringBuilder sql, string column, SearchComparator comparator, BoundTime span, List<(string Name, object? Value)> parameters)
    {
        var end = span.End!.Value.UtcTicks;
        switch (comparator)
        {
            case SearchComparator.LessThan:
                WriteOrdered(sql, column, SearchComparator.LessThan, Parameter(parameters, span.Start.UtcTicks));
                break;
            case SearchComparator.LessThanOrEqual:
                WriteOrdered(sql, column, SearchComparator.LessThan, Parameter(parameters, end));
                break;
            case SearchComparator.GreaterThan:
                WriteOrdered(sql, column, SearchComparator.GreaterThanOrEqual, Parameter(parameters, end));
                break;
            case SearchComparator.GreaterThanOrEqual:
                WriteOrdered(sql, column, SearchComparator.GreaterThanOrEqual, Parameter(parameters, span.Start.UtcTicks));
                break;
            default:
                var start = Parameter(parameters, span.Start.UtcTicks);
                var until = Parameter(parameters, end);
                sql.Append('(').Append(column).Append(" IS NOT NULL AND ").Append(column).Append(" >= ").Append(start)
                    .Append(" AND ").Append(column).Append(" < ").Append(until).Append(')');
                break;
        }
    }

    private static string Parameter(List<(string Name, object? Value)> parameters, object value)
    {
        var name = "@s" + parameters.Count.ToString(CultureInfo.InvariantCulture);
        parameters.Add((name, value));
        return name;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
