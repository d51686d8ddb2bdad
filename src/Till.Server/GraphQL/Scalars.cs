using System.Globalization;
using System.Text.RegularExpressions;
using GraphQL.Types;
using GraphQLParser.AST;
using Till.Ids;
using Till.Money;

namespace Till.Server.GraphQL;

/// <summary>An argument value that is not what its type allows; the message is shown to the client.</summary>
internal sealed class InvalidScalarException(string message, string code) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>Shopify's <c>Decimal</c>: a string on the wire. Input stays text so the amount rules can answer with a user error.</summary>
internal sealed class DecimalScalar : ScalarGraphType
{
    public DecimalScalar() => Name = "Decimal";

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s => (string)s.Value,
        GraphQLIntValue i => (string)i.Value,
        GraphQLFloatValue f => (string)f.Value,
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string s => s,
        int or long or decimal or double or float => Convert.ToString(value, CultureInfo.InvariantCulture),
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        decimal d => MoneyAmount.Format(d),
        string s => s,
        _ => ThrowSerializationError(value),
    };

    public override bool CanParseLiteral(GraphQLValue value) => value is GraphQLStringValue or GraphQLIntValue or GraphQLFloatValue or GraphQLNullValue;

    public override bool CanParseValue(object? value) => value is null or string or int or long or decimal or double or float;
}

/// <summary>Shopify's legacy <c>Money</c> scalar: a decimal string.</summary>
internal sealed class MoneyScalar : ScalarGraphType
{
    private readonly DecimalScalar inner = new();

    public MoneyScalar() => Name = "Money";

    public override object? ParseLiteral(GraphQLValue value) => inner.ParseLiteral(value);

    public override object? ParseValue(object? value) => inner.ParseValue(value);

    public override object? Serialize(object? value) => inner.Serialize(value);
}

/// <summary>
/// <c>DateTime</c> in UTC, <c>2026-04-01T12:00:00Z</c>, fractions only when present. Input is ISO 8601
/// as Shopify documents it (RFC 3339's profile): <c>yyyy-MM-ddTHH:mm:ss</c>, an optional fraction
/// and <c>Z</c> or an offset <c>±HH:MM</c>; nothing else (no RFC 1123 text, no time without a zone).
/// </summary>
internal sealed partial class DateTimeScalar : ScalarGraphType
{
    public DateTimeScalar() => Name = "DateTime";

    public static string Format(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Reads an ISO 8601 date and time into UTC; throws <see cref="InvalidScalarException"/> for anything else.</summary>
    public static DateTimeOffset Parse(string text)
    {
        if (text.Length <= 40 && Iso8601().Match(text) is { Success: true } m)
        {
            // .NET keeps seven fractional digits; further ones are dropped, not rounded.
            var fraction = m.Groups["fraction"].Value;
            var normalized = string.Concat(
                m.Groups["date"].Value, "T", m.Groups["time"].Value,
                ".", (fraction.Length > 7 ? fraction[..7] : fraction).PadRight(7, '0'),
                m.Groups["zone"].Value.ToUpperInvariant() is "Z" ? "+00:00" : m.Groups["zone"].Value);
            if (DateTimeOffset.TryParseExact(normalized, "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return parsed.ToUniversalTime();
            }
        }

        throw new InvalidScalarException($"Invalid DateTime '{text}': expected an ISO 8601 date and time such as 2026-04-01T12:00:00Z.", "argumentLiteralsIncompatible");
    }

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s => Parse((string)s.Value),
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string s => Parse(s),
        DateTimeOffset d => d,
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateTimeOffset d => Format(d),
        DateTime d => Format(new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc))),
        string s => s,
        _ => ThrowSerializationError(value),
    };

    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt](?<time>[0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.(?<fraction>[0-9]{1,9}))?(?<zone>[Zz]|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601();
}

/// <summary><c>Date</c>: <c>2026-04-01</c>.</summary>
internal sealed class DateScalar : ScalarGraphType
{
    public DateScalar() => Name = "Date";

    private static DateOnly Parse(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InvalidScalarException($"Invalid Date '{text}': expected a date such as 2026-04-01.", "argumentLiteralsIncompatible");

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s => Parse((string)s.Value),
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string s => Parse(s),
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        string s => s,
        _ => ThrowSerializationError(value),
    };
}

/// <summary><c>UnsignedInt64</c>: a string of digits.</summary>
internal sealed class UnsignedInt64Scalar : ScalarGraphType
{
    public UnsignedInt64Scalar() => Name = "UnsignedInt64";

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s when ulong.TryParse((string)s.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        GraphQLIntValue i when ulong.TryParse((string)i.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string s when ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        long or ulong or int => Convert.ToString(value, CultureInfo.InvariantCulture),
        _ => ThrowSerializationError(value),
    };
}

/// <summary><c>JSON</c>: any JSON value, passed through.</summary>
internal sealed class JsonScalar : ScalarGraphType
{
    public JsonScalar() => Name = "JSON";

    public override object? ParseLiteral(GraphQLValue value) => value is GraphQLNullValue ? null : value.ToString();

    public override object? ParseValue(object? value) => value;

    public override object? Serialize(object? value) => value;
}

/// <summary><c>ID</c>: every ID argument is a global ID, so a malformed one is refused while validating.</summary>
internal sealed class GlobalIdScalar : ScalarGraphType
{
    public GlobalIdScalar() => Name = "ID";

    private static string Check(string text) =>
        GlobalId.TryParse(text, out _) ? text : throw new InvalidScalarException($"Invalid global id '{Truncate(text)}'", "argumentLiteralsIncompatible");

    private static string Truncate(string text) => text.Length > 100 ? text[..100] + "..." : text;

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s => Check((string)s.Value),
        GraphQLIntValue i => Check((string)i.Value),
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string s => Check(s),
        int or long => Check(Convert.ToString(value, CultureInfo.InvariantCulture)!),
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        string s => s,
        GlobalId g => g.ToString(),
        _ => ThrowSerializationError(value),
    };
}

/// <summary><c>URL</c>: an absolute address, as a string; input must be an absolute URI.</summary>
internal sealed class UrlScalar : ScalarGraphType
{
    public UrlScalar() => Name = "URL";

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s when Uri.TryCreate((string)s.Value, UriKind.Absolute, out _) => (string)s.Value,
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string s when Uri.TryCreate(s, UriKind.Absolute, out _) => s,
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        string s => s,
        Uri u => u.AbsoluteUri,
        _ => ThrowSerializationError(value),
    };
}
