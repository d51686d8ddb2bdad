using Microsoft.Extensions.Time.Testing;
using Till.Ids;
using Till.Search;

namespace Till.Tests.Search;

public sealed class SearchBinderTests
{
    internal static readonly SearchField[] SessionFields =
    [
        new("id", SearchFieldKind.Id, GidTypes.PaymentSession),
        new("is_open", SearchFieldKind.Boolean),
        new("location_id", SearchFieldKind.Id, GidTypes.Location),
        new("opening_time", SearchFieldKind.DateTime),
        new("opening_date", SearchFieldKind.Date),
        new("closing_time", SearchFieldKind.DateTime),
        new("name", SearchFieldKind.Text),
        SearchField.Enum("status", "OPEN", "CLOSED"),
    ];

    private static readonly DateTimeOffset Now = new(2026, 4, 2, 12, 0, 0, TimeSpan.Zero);

    private static BoundSearch Bind(string query, string? defaultTextField = null) =>
        SearchBinder.Bind(SearchParser.Parse(query), SessionFields, defaultTextField, new FakeTimeProvider(Now));

    private static BoundComparison Compare(string field, SearchComparator comparator, BoundValue value) => new(field, comparator, value);

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void Bind_UnknownField_DropsTheTermWithShopifysWarning()
    {
        var bound = Bind("staff:Kat is_open:true");
        bound.Filter.ShouldBe(Compare("is_open", SearchComparator.Equal, new BoundBoolean(true)));
        bound.Warnings.ShouldBe([new SearchWarning("staff", "Invalid search field for this query.", "invalid_field")]);
    }

    [Fact]
    public void Bind_EmptyQuery_HasNoFilter()
    {
        var bound = Bind("");
        bound.Filter.ShouldBeNull();
        bound.Warnings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("is_open:maybe", "is_open", "expected true or false")]
    [InlineData("is_open:>true", "is_open", "comparators")]
    [InlineData("is_open:tru*", "is_open", "prefix")]
    [InlineData("id:abc", "id", "gid://shopify/PointOfSaleDevicePaymentSession/1")]
    [InlineData("id:12*", "id", "prefix")]
    [InlineData("id:-3", "id", "numeric ID")]
    [InlineData("id:99999999999999999999", "id", "numeric ID")]
    [InlineData("location_id:gid://shopify/CashDrawer/1", "location_id", "gid://shopify/Location/1")]
    [InlineData("opening_date:2026-13-01", "opening_date", "a date such as")]
    [InlineData("opening_date:2026-04-01T00:00:00Z", "opening_date", "a date such as")]
    [InlineData("opening_date:now", "opening_date", "a date such as")]
    [InlineData("opening_time:yesterday", "opening_time", "ISO 8601")]
    [InlineData("opening_time:04/01/2026", "opening_time", "ISO 8601")]
    [InlineData("opening_time:2026-04-01T25:00:00Z", "opening_time", "ISO 8601")]
    [InlineData("status:pending", "status", "one of OPEN, CLOSED")]
    [InlineData("status:x*", "status", "one of OPEN, CLOSED")]
    [InlineData("status:>OPEN", "status", "comparators")]
    [InlineData("name:<a", "name", "comparators")]
    [InlineData("name:", "name", "expected a value")]
    public void Bind_BadValue_DropsTheTermWithWarning(string query, string field, string expected)
    {
        var bound = Bind(query + " is_open:false");
        bound.Filter.ShouldBe(Compare("is_open", SearchComparator.Equal, new BoundBoolean(false)));
        var warning = bound.Warnings.ShouldHaveSingleItem();
        warning.Field.ShouldBe(field);
        warning.Code.ShouldBe(SearchWarningCodes.InvalidValue);
        warning.Message.ShouldStartWith($"Invalid value for {field}: ");
        warning.Message.ShouldContain(expected);
    }

    [Fact]
    public void Bind_Ids_TakeNumbersAndGlobalIdsOfTheRightType()
    {
        Bind("id:42").Filter.ShouldBe(Compare("id", SearchComparator.Equal, new BoundId(42)));
        Bind("id:>=gid://shopify/PointOfSaleDevicePaymentSession/7").Filter.ShouldBe(Compare("id", SearchComparator.GreaterThanOrEqual, new BoundId(7)));
        Bind("location_id:'gid://shopify/Location/3'").Filter.ShouldBe(Compare("location_id", SearchComparator.Equal, new BoundId(3)));
    }

    [Fact]
    public void Bind_Booleans_IgnoreCase() =>
        Bind("is_open:TRUE").Filter.ShouldBe(Compare("is_open", SearchComparator.Equal, new BoundBoolean(true)));

    [Fact]
    public void Bind_Times_ReadDateTimesDatesAndNow()
    {
        Bind("opening_time:>2026-04-01T12:30:00Z").Filter.ShouldBe(Compare("opening_time", SearchComparator.GreaterThan, new BoundTime(Utc(2026, 4, 1, 12, 30), null)));
        Bind("opening_time:2026-04-01T12:30:00+02:00").Filter.ShouldBe(Compare("opening_time", SearchComparator.Equal, new BoundTime(Utc(2026, 4, 1, 10, 30), null)));
        Bind("opening_time:2026-04-01T12:30:00.25Z").Filter.ShouldBe(Compare("opening_time", SearchComparator.Equal, new BoundTime(Utc(2026, 4, 1, 12, 30).AddMilliseconds(250), null)));
        Bind("opening_time:2026-04-01T12:30").Filter.ShouldBe(Compare("opening_time", SearchComparator.Equal, new BoundTime(Utc(2026, 4, 1, 12, 30), null)));
        Bind("opening_time:'2026-04-01 12:30:00'").Filter.ShouldBe(Compare("opening_time", SearchComparator.Equal, new BoundTime(Utc(2026, 4, 1, 12, 30), null)));
        Bind("opening_time:2026-04-01").Filter.ShouldBe(Compare("opening_time", SearchComparator.Equal, new BoundTime(Utc(2026, 4, 1), Utc(2026, 4, 2))));
        Bind("opening_time:<now").Filter.ShouldBe(Compare("opening_time", SearchComparator.LessThan, new BoundTime(Now, null)));
        Bind("opening_date:<=2026-04-01").Filter.ShouldBe(Compare("opening_date", SearchComparator.LessThanOrEqual, new BoundTime(Utc(2026, 4, 1), Utc(2026, 4, 2))));
        Bind("opening_date:9999-12-31").Filter.ShouldBe(Compare("opening_date", SearchComparator.Equal, new BoundTime(Utc(9999, 12, 31), DateTimeOffset.MaxValue)));
    }

    [Fact]
    public void Bind_TextAndEnums_KeepPrefixAndCanonicalSpelling()
    {
        Bind("name:Mai*").Filter.ShouldBe(Compare("name", SearchComparator.Equal, new BoundText("Mai", true)));
        Bind("name:\"\"").Filter.ShouldBe(Compare("name", SearchComparator.Equal, new BoundText("", false)));
        Bind("status:open").Filter.ShouldBe(Compare("status", SearchComparator.Equal, new BoundText("OPEN", false)));
        Bind("status:clo*").Filter.ShouldBe(Compare("status", SearchComparator.Equal, new BoundText("clo", true)));
    }

    [Fact]
    public void Bind_FieldNames_IgnoreCase() =>
        Bind("IS_OPEN:true").Filter.ShouldBe(Compare("is_open", SearchComparator.Equal, new BoundBoolean(true)));

    [Fact]
    public void Bind_FreeText_UsesTheDefaultTextField()
    {
        var bound = Bind("\"Main drawer\"", defaultTextField: "name");
        bound.Filter.ShouldBe(Compare("name", SearchComparator.Equal, new BoundText("Main drawer", false)));
        bound.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Bind_FreeText_FallsBackToAFieldsDefault()
    {
        SearchField[] fields = [new("name", SearchFieldKind.Text, DefaultTextField: "name")];
        SearchBinder.Bind(SearchParser.Parse("main*"), fields, null).Filter.ShouldBe(Compare("name", SearchComparator.Equal, new BoundText("main", true)));
    }

    [Fact]
    public void Bind_FreeTextWithoutDefault_IsDroppedWithWarning()
    {
        var bound = Bind("drawer is_open:true");
        bound.Filter.ShouldBe(Compare("is_open", SearchComparator.Equal, new BoundBoolean(true)));
        var warning = bound.Warnings.ShouldHaveSingleItem();
        warning.Field.ShouldBeNull();
        warning.Code.ShouldBe(SearchWarningCodes.InvalidField);
    }

    [Fact]
    public void Bind_DroppedTerms_LeaveTheRestMeaningful()
    {
        Bind("-staff:Kat").Filter.ShouldBeNull();
        Bind("NOT (staff:Kat OR till:1)").Filter.ShouldBeNull();
        Bind("is_open:true OR staff:Kat").Filter.ShouldBe(Compare("is_open", SearchComparator.Equal, new BoundBoolean(true)));
        Bind("-(staff:Kat is_open:true)").Filter.ShouldBe(new BoundNot(Compare("is_open", SearchComparator.Equal, new BoundBoolean(true))));
        Bind("id:1 (staff:a OR staff:b) id:2").Filter.ShouldBe(new BoundAnd([
            Compare("id", SearchComparator.Equal, new BoundId(1)),
            Compare("id", SearchComparator.Equal, new BoundId(2)),
        ]));
    }

    [Fact]
    public void Bind_KeepsTheTreeShape() =>
        Bind("id:1 OR -is_open:true location_id:2").Filter.ShouldBe(new BoundOr([
            Compare("id", SearchComparator.Equal, new BoundId(1)),
            new BoundAnd([
                new BoundNot(Compare("is_open", SearchComparator.Equal, new BoundBoolean(true))),
                Compare("location_id", SearchComparator.Equal, new BoundId(2)),
            ]),
        ]));

    [Fact]
    public void Bind_Warnings_ComeSyntaxFirstAndOnceEach()
    {
        var bound = Bind("(staff:a staff:a is_open:x");
        bound.Warnings.Select(w => w.Code).ShouldBe([SearchWarningCodes.InvalidSyntax, SearchWarningCodes.InvalidField, SearchWarningCodes.InvalidValue]);
        bound.Filter.ShouldBeNull();
    }
}
