using System.Globalization;
using Till.Ids;
using Till.Shops;

namespace Till.Search;

/// <summary>Checks a parsed query against a connection's fields and types its values.</summary>
/// <remarks>
/// A term the connection cannot use is dropped with a warning instead of failing the request, as
/// Shopify does; what remains keeps its meaning: a NOT, AND or OR left with nothing disappears too.
/// </remarks>
public static class SearchBinder
{
    /// <summary>The message of an <c>invalid_field</c> warning, as Shopify words it.</summary>
    public const string InvalidFieldMessage = "Invalid search field for this query.";

    /// <summary>The message of an <c>invalid_field</c> warning for a bare word where no default text field exists.</summary>
    public const string FreeTextMessage = "Free-text search is not supported for this query; use field:value.";

    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK",
    ];

    /// <summary>
    /// Binds <paramref name="parsed"/> to <paramref name="fields"/>. Never throws for any parsed query.
    /// </summary>
    /// <param name="parsed">The parsed query; its warnings come first in the result.</param>
    /// <param name="fields">The fields the connection can filter by; names match without regard to case.</param>
    /// <param name="defaultTextField">The field a bare word searches; when null, a field's <see cref="SearchField.DefaultTextField"/>, else bare words are dropped.</param>
    /// <param name="time">The clock <c>now</c> reads; the system clock when null.</param>
    /// <param name="days">The shop's time, in which a date such as <c>2026-04-01</c> is a whole local day; UTC when null.</param>
    public static BoundSearch Bind(ParsedSearch parsed, IReadOnlyList<SearchField> fields, string? defaultTextField, TimeProvider? time = null, ShopTime? days = null)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(fields);

        var byName = new Dictionary<string, SearchField>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in fields)
        {
            if (field is not null)
            {
                byName.TryAdd(field.Name, field);
                defaultTextField ??= field.DefaultTextField;
            }
        }

        var binder = new Binder(byName, defaultTextField, time ?? TimeProvider.System, days ?? ShopTime.Of(ShopTime.Utc));
        foreach (var warning in parsed.Warnings)
        {
            binder.Warn(warning);
        }

        var filter = binder.Bind(parsed.Expression);
        return new BoundSearch(filter, binder.Warnings);
    }

    private sealed class Binder(Dictionary<string, SearchField> fields, string? defaultTextField, TimeProvider time, ShopTime days)
    {
        private readonly HashSet<SearchWarning> seen = [];

        public List<SearchWarning> Warnings { get; } = [];

        public void Warn(SearchWarning warning)
        {
            if (seen.Add(warning))
            {
                Warnings.Add(warning);
            }
        }

        public BoundFilter? Bind(SearchExpression expression) => expression switch
        {
            AndExpression and => Combine(and.Operands, static operands => new BoundAnd(operands)),
            OrExpression or => Combine(or.Operands, static operands => new BoundOr(operands)),
            NotExpression not => Bind(not.Operand) is { } operand ? new BoundNot(operand) : null,
            TermExpression term => BindTerm(term),
            _ => null,
        };

        private BoundFilter? Combine(IReadOnlyList<SearchExpression> operands, Func<BoundFilter[], BoundFilter> make)
        {
            var bound = new List<BoundFilter>(operands.Count);
            foreach (var operand in operands)
            {
                if (Bind(operand) is { } filter)
                {
                    bound.Add(filter);
                }
            }

            return bound.Count switch
            {
                0 => null,
                1 => bound[0],
                _ => make([.. bound]),
            };
        }

        private BoundComparison? BindTerm(TermExpression term)
        {
            var name = term.Field ?? defaultTextField;
            if (name is null)
            {
                Warn(new SearchWarning(null, FreeTextMessage, SearchWarningCodes.InvalidField));
                return null;
            }

            if (!fields.TryGetValue(name, out var field))
            {
                Warn(new SearchWarning(term.Field, InvalidFieldMessage, SearchWarningCodes.InvalidField));
                return null;
            }

            BoundValue? value = field.Kind switch
            {
                SearchFieldKind.Id => BindId(term, field),
                SearchFieldKind.Boolean => BindBoolean(term),
                SearchFieldKind.DateTime => BindTime(term, allowDateTime: true),
                SearchFieldKind.Date => BindTime(term, allowDateTime: false),
                SearchFieldKind.Text => BindText(term),
                SearchFieldKind.Enum => BindEnum(term, field),
                _ => null,
            };

            if (value is null)
            {
                Warn(new SearchWarning(term.Field, $"Invalid value for {field.Name}: {Expected(term, field)}", SearchWarningCodes.InvalidValue));
                return null;
            }

            return new BoundComparison(field.Name, term.Comparator, value);
        }

        private static BoundId? BindId(TermExpression term, SearchField field)
        {
            if (term.Prefix)
            {
                return null;
            }

            if (long.TryParse(term.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return new BoundId(id);
            }

            return GlobalId.TryParse(term.Value, out var gid) && (field.GidType is null || gid.Type == field.GidType)
                ? new BoundId(gid.Id)
                : null;
        }

        private static BoundBoolean? BindBoolean(TermExpression term)
        {
            if (term.Prefix || term.Comparator != SearchComparator.Equal)
            {
                return null;
            }

            return term.Value.ToUpperInvariant() switch
            {
                "TRUE" => new BoundBoolean(true),
                "FALSE" => new BoundBoolean(false),
                _ => null,
            };
        }

        private BoundTime? BindTime(TermExpression term, bool allowDateTime)
        {
            if (term.Prefix)
            {
                return null;
            }

            var text = term.Value;
            if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                var date = DateOnly.FromDateTime(day);
                var (start, end) = days.Days(date, date);
                return new BoundTime(start, end);
            }

            if (!allowDateTime)
            {
                return null;
            }

            if (string.Equals(text, "now", StringComparison.OrdinalIgnoreCase))
            {
                return new BoundTime(time.GetUtcNow().ToUniversalTime(), null);
            }

            return DateTimeOffset.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var moment)
                ? new BoundTime(moment, null)
                : null;
        }

        private static BoundText? BindText(TermExpression term)
        {
            // A bare "name:" names no value at all, while name:"" asks for an empty one.
            if (term.Comparator != SearchComparator.Equal || (term.Value.Length == 0 && !term.Prefix && !term.Quoted))
            {
                return null;
            }

            return new BoundText(term.Value, term.Prefix);
        }

        private static BoundText? BindEnum(TermExpression term, SearchField field)
        {
            if (term.Comparator != SearchComparator.Equal)
            {
                return null;
            }

            if (field.Values.Count == 0)
            {
                return BindText(term);
            }

            foreach (var allowed in field.Values)
            {
                if (term.Prefix && allowed.StartsWith(term.Value, StringComparison.OrdinalIgnoreCase))
                {
                    return new BoundText(term.Value, true);
                }

                if (!term.Prefix && string.Equals(allowed, term.Value, StringComparison.OrdinalIgnoreCase))
                {
                    return new BoundText(allowed, false);
                }
            }

            return null;
        }

        private static string Expected(TermExpression term, SearchField field)
        {
            var limits = (field.Kind, term.Comparator, term.Prefix) switch
            {
                (SearchFieldKind.Boolean or SearchFieldKind.Text or SearchFieldKind.Enum, not SearchComparator.Equal, _) => " (comparators such as < and > do not apply)",
                (SearchFieldKind.Id or SearchFieldKind.Boolean or SearchFieldKind.DateTime or SearchFieldKind.Date, _, true) => " (prefix matching with * does not apply)",
                _ => "",
            };

            var expected = field.Kind switch
            {
                SearchFieldKind.Id => $"expected a numeric ID or a global ID such as gid://shopify/{field.GidType ?? "Type"}/1",
                SearchFieldKind.Boolean => "expected true or false",
                SearchFieldKind.DateTime => "expected an ISO 8601 date-time such as 2026-04-01T12:00:00Z, a date such as 2026-04-01, or now",
                SearchFieldKind.Date => "expected a date such as 2026-04-01",
                SearchFieldKind.Enum when field.Values.Count > 0 => "expected one of " + string.Join(", ", field.Values),
                _ => "expected a value",
            };

            return expected + limits + ".";
        }
    }
}
