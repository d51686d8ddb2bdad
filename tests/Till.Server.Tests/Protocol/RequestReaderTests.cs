using System.Text;
using GraphQL.Types;
using GraphQL.Validation.Rules;
using Till.Server.GraphQL;
using Till.Server.GraphQL.Pipeline;

namespace Till.Server.Tests.Protocol;

/// <summary>The read step: one parse for a good body, and the exact 400 message for every kind of bad one.</summary>
[Trait("Backend", "None")] // Touches no test database: the PostgreSQL pass leaves it out (scripts/test).
public sealed class RequestReaderTests
{
    private static BodyRead Read(string body) => RequestReader.Parse(Encoding.UTF8.GetBytes(body));

    [Theory]
    [InlineData("not json", "Request body is not valid JSON.")]
    [InlineData("{\"query\": ", "Request body is not valid JSON.")]
    [InlineData("", "Request body is not valid JSON.")]
    [InlineData("{\"query\":\"{ a }\"} trailing", "Request body is not valid JSON.")]
    [InlineData("{\"query\":5}", "Request body is not valid JSON.")]
    [InlineData("{\"query\":\"{ a }\",\"operationName\":[]}", "Request body is not valid JSON.")]
    [InlineData("{\"query\":\"{ a }\",\"variables\":{\"a\":1,\"a\":2}}", "Request body is not valid JSON.")]
    [InlineData("null", "Request body must be a JSON object with a query.")]
    [InlineData("[]", "Request body must be a JSON object with a query.")]
    [InlineData("\"{ __typename }\"", "Request body must be a JSON object with a query.")]
    [InlineData("42", "Request body must be a JSON object with a query.")]
    [InlineData("{\"query\":\"{ a }\",\"variables\":[1,2]}", "variables must be a JSON object.")]
    [InlineData("{\"query\":\"{ a }\",\"variables\":\"{}\"}", "variables must be a JSON object.")]
    [InlineData("{\"query\":\"{ a }\",\"variables\":true}", "variables must be a JSON object.")]
    [InlineData("{}", "No query string was present")]
    [InlineData("{\"variables\":{}}", "No query string was present")]
    [InlineData("{\"query\":null}", "No query string was present")]
    [InlineData("{\"query\":\"  \"}", "No query string was present")]
    public void BadBody_IsRefusedWithItsMessage(string body, string message)
    {
        var read = Read(body);

        read.Request.ShouldBeNull();
        read.TooLarge.ShouldBeFalse();
        read.Problem.ShouldBe(message);
    }

    [Fact]
    public void JsonNestedDeeperThanTheLimit_IsNotValidJson()
    {
        var deep = string.Concat(Enumerable.Repeat("[", RequestReader.MaxJsonDepth)) + string.Concat(Enumerable.Repeat("]", RequestReader.MaxJsonDepth));
        Read("{\"query\":\"{ a }\",\"variables\":{\"a\":" + deep + "}}").Problem.ShouldBe("Request body is not valid JSON.");
    }

    [Fact]
    public void GoodBody_GivesEveryPart()
    {
        var read = Read("{\"query\":\"query A($n: Int) { a(n: $n) }\",\"operationName\":\"A\",\"variables\":{\"n\":5,\"s\":\"x\",\"l\":[1,{\"b\":true}]},\"extensions\":{\"e\":1},\"other\":{\"ignored\":[1]}}");

        read.Problem.ShouldBeEmpty();
        var request = read.Request.ShouldNotBeNull();
        request.Query.ShouldBe("query A($n: Int) { a(n: $n) }");
        request.OperationName.ShouldBe("A");
        request.Variables.ShouldNotBeNull();
        request.Variables["n"].ShouldBe(5);
        request.Variables["s"].ShouldBe("x");
        request.Variables["l"].ShouldBeAssignableTo<IList<object?>>()!.Count.ShouldBe(2);
        request.Extensions.ShouldNotBeNull();
    }

    [Fact]
    public void NullVariables_AreNone()
    {
        var request = Read("{\"query\":\"{ a }\",\"variables\":null}").Request.ShouldNotBeNull();
        request.Variables.ShouldBeNull();
    }

    [Fact]
    public void ValidatedDocument_RunsNoRuleOnTillsSchemas()
    {
        foreach (var version in ApiVersions.Served)
        {
            Executor.RulesForValidated(SchemaFactory.Build(version)).ShouldBeEmpty();
        }
    }

    [Fact]
    public void ValidatedDocument_StillRunsFieldArgumentChecks_WhenASchemaHasThem()
    {
        // Argument checks of a field see the request's variables, so a cached document must still run them.
        var query = new ObjectGraphType { Name = "Query" };
        var field = query.Field<StringGraphType>("a").Argument<IntGraphType>("n");
        field.FieldType.ValidateArguments = _ => default;
        var schema = new global::GraphQL.Types.Schema { Query = query };
        schema.Initialize();

        Executor.RulesForValidated(schema).ShouldContain(FieldArgumentsAreValidRule.Instance);
    }
}
