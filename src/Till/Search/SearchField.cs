namespace Till.Search;

/// <summary>What kind of value a search field takes, which decides how its terms are read.</summary>
public enum SearchFieldKind
{
    /// <summary>A numeric ID or a global ID of the field's type; comparators allowed.</summary>
    Id,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary>An ISO 8601 date-time, a date (that whole day in the shop's time zone), or <c>now</c>; comparators allowed.</summary>
    DateTime,
    /// <summary>A date, <c>yyyy-MM-dd</c>, meaning that whole day in the shop's time zone; comparators allowed.</summary>
    Date,
    /// <summary>Text compared without regard to case; <c>value*</c> matches a prefix.</summary>
    Text,
    /// <summary>One of the field's allowed values, without regard to case.</summary>
    Enum,
}

/// <summary>A field a connection's <c>query:</c> argument can filter by.</summary>
/// <param name="Name">The name used in queries, such as <c>is_open</c>.</param>
/// <param name="Kind">What kind of value it takes.</param>
/// <param name="GidType">For <see cref="SearchFieldKind.Id"/>: the type a global ID must name (any type when null).</param>
/// <param name="DefaultTextField">
/// Lets a field list carry its own default: when <see cref="SearchBinder.Bind(ParsedSearch, IReadOnlyList{SearchField}, string?, TimeProvider?, Shops.ShopTime?)"/>
/// is given no default text field, free text binds to the field named here by the first field that names one.
/// </param>
public sealed record SearchField(string Name, SearchFieldKind Kind, string? GidType = null, string? DefaultTextField = null)
{
    /// <summary>
    /// For <see cref="SearchFieldKind.Enum"/>: the values a term may take, in their canonical spelling.
    /// Empty means any value is taken as written.
    /// </summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    /// <summary>An enum field with its allowed values.</summary>
    public static SearchField Enum(string name, params string[] values) =>
        new(name, SearchFieldKind.Enum) { Values = values };
}
