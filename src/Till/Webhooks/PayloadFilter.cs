using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Till.Search;

namespace Till.Webhooks;

/// <summary>
/// A subscription's <c>filter</c>: Shopify's search syntax evaluated against the payload of each
/// event, which is delivered only when it matches.
/// </summary>
/// <remarks>
/// A term names a payload field (<c>payment_method:cash</c>), a nested one with dots
/// (<c>customer.id:5</c>; through a list, any element may match). Values compare as numbers when
/// both sides are numbers (<c>amount:&gt;=10</c>), as instants when both are date-times or dates
/// (<c>processed_at:&gt;2026-01-01</c>), as <c>true</c>/<c>false</c> for booleans, else as text
/// without regard to case (<c>value*</c> for a prefix). <c>AND</c>, <c>OR</c>, <c>NOT</c> (or <c>-</c>) and
/// parentheses combine terms. A missing or null field matches no comparison. Bare words (free text)
/// are refused when the subscription is saved.
/// </remarks>
public static class PayloadFilter
{
    /// <summary>Why <paramref name="filter"/> cannot be used for <paramref name="topic"/>, or null when it can.</summary>
    public static string? Problem(string filter, string topic)
    {
        var parsed = SearchParser.Parse(filter);
        if (parsed.Warnings.Count > 0)
        {
            return parsed.Warnings[0].Message;
        }

        WebhookTopics.PayloadFields.TryGetValue(topic, out var known);
        foreach (var term in Terms(parsed.Expression))
        {
            if (term.Field is null)
            {
                return $"'{term.Value}' needs a field, such as field:value";
            }

            if (known is not null && !known.Contains(term.Field.Split('.')[0]))
            {
                return $"the {topic} payload has no field '{term.Field}'";
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="payload"/> matches <paramref name="filter"/> (an empty filter matches everything).</summary>
    public static bool Matches(string? filter, JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return string.IsNullOrWhiteSpace(filter) || Evaluate(SearchParser.Parse(filter).Expression, payload);
    }

    private static IEnumerable<TermExpression> Terms(SearchExpression expression) => expression switch
    {
        AndExpression and => and.Operands.SelectMany(Terms),
        OrExpression or => or.Operands.SelectMany(Terms),
        NotExpression not => Terms(not.Operand),
        TermExpression term => [term],
        _ => [],
    };

    private static bool Evaluate(SearchExpression expression, JsonObject payload) => expression switch
    {
        AndExpression and => and.Operands.All(o => Evaluate(o, payload)),
        OrExpression or => or.Operands.Any(o => Evaluate(o, payload)),
        NotExpression not => !Evaluate(not.Operand, payload),
        TermExpression term => term.Field is not null && Values(payload, term.Field.Split('.'), 0).Any(v => Compare(v, term)),
        _ => true,
    };

    private static IEnumerable<JsonNode> Values(JsonNode? node, string[] path, int depth)
    {
        if (node is JsonArray array)
        {
            return array.SelectMany(item => Values(item, path, depth));
        }

        if (depth == path.Length)
        {
            return node is null ? [] : [node];
        }

        return node is JsonObject obj && obj.TryGetPropertyValue(path[depth], out var child) ? Values(child, path, depth + 1) : [];
    }

    private static bool Compare(JsonNode node, TermExpression term)
    {
        if (node is not JsonValue value)
        {
            return false;
        }

        var kind = value.GetValueKind();
        if (kind is JsonValueKind.True or JsonValueKind.False)
        {
            return term.Comparator == SearchComparator.Equal && bool.TryParse(term.Value, out var wanted) && wanted == (kind == JsonValueKind.True);
        }

        var text = kind == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        if (!term.Prefix && Number(text) is { } left && Number(term.Value) is { } right)
        {
            return Ordered(left.CompareTo(right), term.Comparator);
        }

        if (!term.Prefix && Instant(text) is { } at && Instant(term.Value) is { } other)
        {
            return Ordered(at.CompareTo(other), term.Comparator);
        }

        if (term.Comparator != SearchComparator.Equal)
        {
            return false;
        }

        return term.Prefix
            ? text.StartsWith(term.Value, StringComparison.OrdinalIgnoreCase)
            : string.Equals(text, term.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static bool Ordered(int comparison, SearchComparator comparator) => comparator switch
    {
        SearchComparator.LessThan => comparison < 0,
        SearchComparator.LessThanOrEqual => comparison <= 0,
        SearchComparator.GreaterThan => comparison > 0,
        SearchComparator.GreaterThanOrEqual => comparison >= 0,
        _ => comparison == 0,
    };

    private static decimal? Number(string text) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static DateTimeOffset? Instant(string text) =>
        text.Length >= 10 && char.IsAsciiDigit(text[0]) && text[4] == '-'
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
