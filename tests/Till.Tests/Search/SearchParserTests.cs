using System.Diagnostics;
using Till.Search;
using static Till.Tests.Search.SearchSyntax;

namespace Till.Tests.Search;

public sealed class SearchParserTests
{
    private static SearchExpression Clean(string text)
    {
        var parsed = SearchParser.Parse(text);
        parsed.Warnings.ShouldBeEmpty();
        return parsed.Expression;
    }

    private static SearchWarning SingleSyntaxWarning(ParsedSearch parsed, string code = SearchWarningCodes.InvalidSyntax)
    {
        var warning = parsed.Warnings.ShouldHaveSingleItem();
        warning.Code.ShouldBe(code);
        warning.Field.ShouldBeNull();
        return warning;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \t\n ")]
    [InlineData("()")]
    public void Parse_NothingToRead_IsEmpty(string? text)
    {
        var parsed = SearchParser.Parse(text);
        parsed.Expression.ShouldBe(EmptyExpression.Instance);
        parsed.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_FieldTerm_ReadsFieldAndValue() =>
        Clean("is_open:true").ShouldBe(T("is_open", "true"));

    [Theory]
    [InlineData("id:<5", SearchComparator.LessThan)]
    [InlineData("id:<=5", SearchComparator.LessThanOrEqual)]
    [InlineData("id:>5", SearchComparator.GreaterThan)]
    [InlineData("id:>=5", SearchComparator.GreaterThanOrEqual)]
    [InlineData("id:5", SearchComparator.Equal)]
    public void Parse_Comparators(string text, SearchComparator comparator) =>
        Clean(text).ShouldBe(T("id", "5", comparator));

    [Fact]
    public void Parse_ValueKeepsColons() =>
        Clean("location_id:gid://shopify/Location/1").ShouldBe(T("location_id", "gid://shopify/Location/1"));

    [Fact]
    public void Parse_BareWord_IsFreeText() =>
        Clean("drawer").ShouldBe(W("drawer"));

    [Theory]
    [InlineData("a b")]
    [InlineData("a AND b")]
    [InlineData("  a \t AND\nb  ")]
    public void Parse_WhitespaceAndExplicitAnd_AreTheSame(string text) =>
        Clean(text).ShouldBe(And(W("a"), W("b")));

    [Fact]
    public void Parse_AndBindsTighterThanOr()
    {
        Clean("a OR b c").ShouldBe(Or(W("a"), And(W("b"), W("c"))));
        Clean("a b OR c").ShouldBe(Or(And(W("a"), W("b")), W("c")));
        Clean("a AND b OR c AND d").ShouldBe(Or(And(W("a"), W("b")), And(W("c"), W("d"))));
        Clean("a OR b OR c").ShouldBe(Or(W("a"), W("b"), W("c")));
    }

    [Fact]
    public void Parse_NotBindsTighterThanAnd()
    {
        Clean("NOT a b").ShouldBe(And(Not(W("a")), W("b")));
        Clean("-a b").ShouldBe(And(Not(W("a")), W("b")));
        Clean("a -is_open:true").ShouldBe(And(W("a"), Not(T("is_open", "true"))));
        Clean("NOT NOT a").ShouldBe(Not(Not(W("a"))));
        Clean("--a").ShouldBe(Not(Not(W("a"))));
    }

    [Fact]
    public void Parse_ParenthesesGroup()
    {
        Clean("(a OR b) c").ShouldBe(And(Or(W("a"), W("b")), W("c")));
        Clean("-(a OR b)").ShouldBe(Not(Or(W("a"), W("b"))));
        Clean("NOT (a b)").ShouldBe(Not(And(W("a"), W("b"))));
        Clean("a (b c)").ShouldBe(And(W("a"), And(W("b"), W("c"))));
        Clean("((a))").ShouldBe(W("a"));
        Clean("(id:1)(id:2)").ShouldBe(And(T("id", "1"), T("id", "2")));
    }

    [Fact]
    public void Parse_QuotedValues()
    {
        Clean("name:\"Main drawer\"").ShouldBe(T("name", "Main drawer", quoted: true));
        Clean("name:'Main drawer'").ShouldBe(T("name", "Main drawer", quoted: true));
        Clean("name:'it\\'s'").ShouldBe(T("name", "it's", quoted: true));
        Clean("name:\"say \\\"hi\\\"\"").ShouldBe(T("name", "say \"hi\"", quoted: true));
        Clean("name:\"a\\\\b\"").ShouldBe(T("name", "a\\b", quoted: true));
        Clean("name:\"a\\nb\"").ShouldBe(T("name", "a\\nb", quoted: true));
        Clean("\"two words\"").ShouldBe(T(null, "two words", quoted: true));
        Clean("name:\"a OR (b)\"").ShouldBe(T("name", "a OR (b)", quoted: true));
        Clean("opening_time:>\"2026-04-01 12:00:00\"").ShouldBe(T("opening_time", "2026-04-01 12:00:00", SearchComparator.GreaterThan, quoted: true));
    }

    [Fact]
    public void Parse_TrailingStar_IsPrefixOnlyWhenUnquoted()
    {
        Clean("name:Mai*").ShouldBe(T("name", "Mai", prefix: true));
        Clean("Mai*").ShouldBe(T(null, "Mai", prefix: true));
        Clean("name:\"Mai*\"").ShouldBe(T("name", "Mai*", quoted: true));
        Clean("name:a**").ShouldBe(T("name", "a*", prefix: true));
        Clean("name:*").ShouldBe(T("name", "", prefix: true));
    }

    [Fact]
    public void Parse_OperatorsAreUpperCaseWords()
    {
        Clean("a and b").ShouldBe(And(W("a"), W("and"), W("b")));
        Clean("a or b").ShouldBe(And(W("a"), W("or"), W("b")));
        Clean("-AND").ShouldBe(Not(W("AND")));
        Clean("AND:x").ShouldBe(T("AND", "x"));
        Clean("ORDER").ShouldBe(W("ORDER"));
    }

    [Fact]
    public void Parse_LoneMinus_IsAWord()
    {
        Clean("a - b").ShouldBe(And(W("a"), W("-"), W("b")));
        Clean("(a -)").ShouldBe(And(W("a"), W("-")));
        Clean("a-b").ShouldBe(W("a-b"));
        Clean("id:-5").ShouldBe(T("id", "-5"));
    }

    [Fact]
    public void Parse_EmptyValue_IsKeptForTheBinderToJudge() =>
        Clean("name: x").ShouldBe(And(T("name", ""), W("x")));

    [Fact]
    public void Parse_UnclosedParenthesis_ReadsToTheEndWithWarning()
    {
        var parsed = SearchParser.Parse("(a OR b");
        parsed.Expression.ShouldBe(Or(W("a"), W("b")));
        SingleSyntaxWarning(parsed).Message.ShouldContain("never closed");
    }

    [Fact]
    public void Parse_StrayClosingParenthesis_IsIgnoredWithWarning()
    {
        var parsed = SearchParser.Parse("a OR b) c");
        parsed.Expression.ShouldBe(Or(W("a"), And(W("b"), W("c"))));
        SingleSyntaxWarning(parsed).Message.ShouldContain("no matching");
    }

    [Fact]
    public void Parse_UnclosedQuote_RunsToTheEndWithWarning()
    {
        var parsed = SearchParser.Parse("is_open:true name:\"Main dr");
        parsed.Expression.ShouldBe(And(T("is_open", "true"), T("name", "Main dr", quoted: true)));
        SingleSyntaxWarning(parsed).Message.ShouldContain("quote");
    }

    [Theory]
    [InlineData("a OR", "OR", "a")]
    [InlineData("OR a", "OR", "a")]
    [InlineData("a OR OR b", "OR", "a OR b")]
    [InlineData("AND a", "AND", "a")]
    [InlineData("a AND", "AND", "a")]
    [InlineData("a AND OR b", "AND", "a OR b")]
    [InlineData("a NOT", "NOT", "a")]
    [InlineData("(a NOT) b", "NOT", "a b")]
    [InlineData("NOT OR a", "NOT", "a")]
    public void Parse_DanglingOperator_IsDroppedWithWarning(string text, string op, string expected)
    {
        var parsed = SearchParser.Parse(text);
        SearchPrinter.Print(parsed.Expression).ShouldBe(expected);
        parsed.Warnings.ShouldNotBeEmpty();
        parsed.Warnings.ShouldAllBe(w => w.Code == SearchWarningCodes.InvalidSyntax);
        parsed.Warnings.ShouldContain(w => w.Message.StartsWith(op, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ColonWithoutField_IsDroppedWithWarning()
    {
        var parsed = SearchParser.Parse(":a");
        parsed.Expression.ShouldBe(W("a"));
        SingleSyntaxWarning(parsed);
    }

    [Fact]
    public void Parse_NestingAtTheLimit_IsRead()
    {
        var text = new string('(', SearchParser.MaxDepth) + "a" + new string(')', SearchParser.MaxDepth);
        Clean(text).ShouldBe(W("a"));
        Clean(new string('-', SearchParser.MaxDepth) + "a").ShouldNotBe(EmptyExpression.Instance);
    }

    [Fact]
    public void Parse_NestingBeyondTheLimit_IgnoresTheRestWithWarning()
    {
        var parsed = SearchParser.Parse("x " + new string('(', SearchParser.MaxDepth + 1) + "a" + new string(')', SearchParser.MaxDepth + 1) + " y");
        parsed.Expression.ShouldBe(W("x"));
        SingleSyntaxWarning(parsed, SearchWarningCodes.QueryTooComplex);

        var negations = SearchParser.Parse(string.Concat(Enumerable.Repeat("NOT ", 100)) + "a");
        negations.Expression.ShouldBe(EmptyExpression.Instance);
        SingleSyntaxWarning(negations, SearchWarningCodes.QueryTooComplex);
    }

    [Fact]
    public void Parse_TooLong_ReadsTheFirstPartWithWarning()
    {
        var text = string.Concat(Enumerable.Repeat("id:1 ", 4000));
        var parsed = SearchParser.Parse(text);
        SingleSyntaxWarning(parsed, SearchWarningCodes.QueryTooComplex);
        parsed.Expression.ShouldBeOfType<AndExpression>().Operands.Count.ShouldBe(SearchParser.MaxLength / 5);
    }

    [Fact]
    public void Parse_RepeatedMistake_WarnsOnce() =>
        SearchParser.Parse("a ) b ) c )").Warnings.Count.ShouldBe(1);

    [Theory]
    [InlineData("(")]
    [InlineData(")")]
    [InlineData("\"")]
    [InlineData("-")]
    [InlineData("NOT ")]
    [InlineData("a OR ")]
    [InlineData(":")]
    [InlineData("\\")]
    [InlineData("a:")]
    [InlineData("-(")]
    public void Parse_HostileInput_IsFast(string unit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, 200_000));
        var clock = Stopwatch.StartNew();
        var parsed = SearchParser.Parse(text);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
        parsed.Warnings.Count.ShouldBeLessThan(10);
    }
}
