using System.Globalization;

namespace Till.Ids;

/// <summary>A Shopify global ID: <c>gid://shopify/&lt;Type&gt;/&lt;n&gt;</c>.</summary>
public readonly record struct GlobalId(string Type, long Id)
{
    private const string Prefix = "gid://shopify/";

    /// <summary>Formats a global ID.</summary>
    public static string Format(string type, long id) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{type}/{id}");

    /// <summary>Parses any well-formed global ID, whatever its type.</summary>
    public static bool TryParse(string? text, out GlobalId id)
    {
        id = default;
        if (text is null || text.Length > 200 || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = text.AsSpan(Prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var type = rest[..slash];
        foreach (var c in type)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        var number = rest[(slash + 1)..];
        var query = number.IndexOf('?');
        if (query >= 0)
        {
            number = number[..query];
        }

        if (number.Length is 0 or > 18 || !long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            return false;
        }

        id = new GlobalId(type.ToString(), n);
        return true;
    }

    /// <summary>The numeric ID when the text is a well-formed global ID of the given type; null otherwise (wrong type counts as not found).</summary>
    public static long? ParseOf(string? text, string type) =>
        TryParse(text, out var id) && id.Type == type ? id.Id : null;

    /// <inheritdoc />
    public override string ToString() => Format(Type, Id);
}
