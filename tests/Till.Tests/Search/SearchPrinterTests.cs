using Till.Search;
using static Till.Tests.Search.SearchSyntax;

namespace Till.Tests.Search;

public sealed class SearchPrinterTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("is_open:true", "is_open:true")]
    [InlineData("a AND b", "a b")]
    [InlineData("NOT a", "-a")]
    [InlineData("NOT (a b)", "-(a b)")]
    [InlineData("(a b) OR c", "a b OR c")]
    [InlineData("a OR (b OR c)", "a OR (b OR c)")]
    [InlineData("(a OR b) (c OR d)", "(a OR b) (c OR d)")]
    [InlineData("name:'Main drawer'", "name:\"Main drawer\"")]
    [InlineData("name:'say \"hi\"'", "name:\"say \\\"hi\\\"\"")]
    [InlineData("id:<=  5", "id:<= 5")]
    [InlineData("opening_date:>=2026-04-01", "opening_date:>=2026-04-01")]
    [InlineData("name:Mai*", "name:Mai*")]
    [InlineData("-AND", "-AND")]
    [InlineData("((a))", "a")]
    [InlineData("(a OR b", "a OR b")]
    public void Print_IsCanonical(string text, string expected) =>
        SearchPrinter.Print(SearchParser.Parse(text).Expression).ShouldBe(expected);

    [Theory]
    [InlineData("staff:Kat is_open:true")]
    [InlineData("a OR b c -(d OR e) NOT f")]
    [InlineData("id:>=gid://shopify/PointOfSaleDevicePaymentSession/4 opening_time:<'2026-04-01T00:00:00Z'")]
    [InlineData("name:\"a\\\\b\\\"c\" 'x y'* name:'' name: - -- -\"-\"")]
    [InlineData("x:<<1 x:>>1 x:<==1 x:=1 x:>= x:< x:a:b x:\"*\" x:**")]
    [InlineData("-OR -NOT a:\\ b:\\\" c:'\\'")]
    [InlineData("((a OR (b c)) OR -(-d)) (e)")]
    public void Print_ThenParse_GivesTheSameTree(string text)
    {
        var expression = SearchParser.Parse(text).Expression;
        var printed = SearchPrinter.Print(expression);
        var reparsed = SearchParser.Parse(printed);
        reparsed.Warnings.ShouldBeEmpty();
        reparsed.Expression.ShouldBe(expression);
        SearchPrinter.Print(reparsed.Expression).ShouldBe(printed);
    }

    [Fact]
    public void Print_HandBuiltTreeWithAwkwardValues_QuotesThem()
    {
        SearchPrinter.Print(And(W("AND"), T("name", "a b"), T("name", "\"x"), W("-x"), T("n", "<3"))).ShouldBe("\"AND\" name:\"a b\" name:\"\\\"x\" \"-x\" n:\"<3\"");
        SearchPrinter.Print(Or(new AndExpression([]), Not(EmptyExpression.Instance), W("a"))).ShouldBe("a");
    }

    [Fact]
    public void Equality_IsStructural()
    {
        And(W("a"), Or(W("b"), W("c"))).ShouldBe(And(W("a"), Or(W("b"), W("c"))));
        And(W("a"), W("b")).GetHashCode().ShouldBe(And(W("a"), W("b")).GetHashCode());
        And(W("a"), W("b")).ShouldNotBe(And(W("b"), W("a")));
        And(W("a"), W("b")).ShouldNotBe<SearchExpression>(Or(W("a"), W("b")));
        T("n", "x", quoted: true).ShouldNotBe(T("n", "x"));
    }
}
