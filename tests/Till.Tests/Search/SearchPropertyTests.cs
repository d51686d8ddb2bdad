using CsCheck;
using Microsoft.Extensions.Time.Testing;
using Till.Search;

namespace Till.Tests.Search;

public sealed class SearchPropertyTests
{
    private const string SpecialCharacters = "():<>=*\"'- \\";

    private static readonly Gen<string> Special = Gen.Char[SpecialCharacters].Select(c => c.ToString());

    private static readonly Gen<string> Word = Gen.OneOf(
        "AND", "OR", "NOT", " AND ", " OR ", "NOT ", "-", "*", "is_open", "id", "name", "status", "staff",
        "opening_date", "closing_time", "true", "false", "open", "2026-04-01", "2026-04-01T12:00:00Z", "now",
        "gid://shopify/Location/20", "3", "main", "x");

    private static readonly Gen<string> Letters = Gen.Char['a', 'z'].Array[1, 4].Select(letters => new string(letters));

    // Random mixes of the grammar's own characters and words reach the parser's corners far more
    // often than arbitrary Unicode does.
    private static readonly Gen<string> Soup = Gen.Frequency((3, Special), (3, Word), (1, Letters), (1, Gen.String[0, 3]))
        .Array[0, 40].Select(pieces => string.Concat(pieces));

    private static readonly Gen<string> Term =
        from field in Gen.OneOf("id", "is_open", "location_id", "opening_time", "opening_date", "closing_time", "name", "status", "staff")
        from comparator in Gen.OneOf("", "", "<", "<=", ">", ">=")
        from value in Gen.OneOf(
            "1", "3", "6", "10", "20", "gid://shopify/Location/20", "gid://shopify/PointOfSaleDevicePaymentSession/4", "true", "false",
            "2026-04-01", "2026-04-02", "2026-04-01T18:00:00Z", "'2026-04-01 09:00:00'", "now", "main*", "\"side till\"", "50%*",
            "5_*", "back\\*", "closed", "clo*", "OPEN", "", "*")
        select $"{field}:{comparator}{value}";

    private static readonly Gen<string> Joint = Gen.OneOf(" ", " ", " AND ", " OR ", " -", " NOT ", " (", ") ", " (-", " \"main drawer\" ");

    // Mostly well-formed queries over real fields, so that binding and SQL see many live terms.
    private static readonly Gen<string> Query =
        from terms in Term.Array[1, 6]
        from joints in Joint.Array[6]
        select string.Concat(terms.Select((term, i) => joints[i] + term));

    private static readonly Gen<string> AnyText = Gen.OneOf(Gen.String, Soup, Query, Gen.Char[SpecialCharacters + "ANDORT"].Array[0, 80].Select(chars => new string(chars)));

    [Fact]
    public void Parse_AnyText_NeverThrows()
    {
        Gen.String.Sample(text => SearchParser.Parse(text).Expression.ShouldNotBeNull(), iter: 3000);
        AnyText.Sample(text =>
        {
            var parsed = SearchParser.Parse(text);
            parsed.Expression.ShouldNotBeNull();
            parsed.Warnings.Count.ShouldBeLessThan(10);
        }, iter: 5000);
    }

    [Fact]
    public void ParsePrint_IsStable() =>
        AnyText.Sample(text =>
        {
            var printed = SearchPrinter.Print(SearchParser.Parse(text).Expression);
            SearchPrinter.Print(SearchParser.Parse(printed).Expression).ShouldBe(printed);
        }, iter: 5000);

    [Fact]
    public void PrintThenParse_GivesTheSameTreeWithoutWarnings() =>
        AnyText.Sample(text =>
        {
            var expression = SearchParser.Parse(text).Expression;
            var reparsed = SearchParser.Parse(SearchPrinter.Print(expression));
            reparsed.Warnings.ShouldBeEmpty();
            reparsed.Expression.ShouldBe(expression);
        }, iter: 5000);

    [Fact]
    public void Bind_AnyText_NeverThrows()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 2, 12, 0, 0, TimeSpan.Zero));
        AnyText.Sample(text =>
        {
            var bound = SearchBinder.Bind(SearchParser.Parse(text), SearchBinderTests.SessionFields, text.Length % 2 == 0 ? "name" : null, clock);
            bound.Warnings.ShouldNotBeNull();
        }, iter: 5000);
    }

    [Fact]
    public void ToSql_SelectsWhatTheFilterMeans()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 2, 12, 0, 0, TimeSpan.Zero));
        using var connection = SqliteSearchTests.OpenDatabase();
        Gen.OneOf(Query, Soup).Sample(text =>
        {
            var bound = SearchBinder.Bind(SearchParser.Parse(text), SearchBinderTests.SessionFields, "name", clock);
            var expected = bound.Filter is null
                ? SqliteSearchTests.Rows
                : SqliteSearchTests.Rows.Where(row => SearchOracle.Matches(bound.Filter, row));
            SqliteSearchTests.Matching(connection, bound.Filter).ShouldBe(string.Join(",", expected.Select(row => row.Id)));
        }, iter: 2000, threads: 1);
    }
}
