using System.IO.Pipelines;
using System.Text;
using GraphQL;
using Till.Server.Cost;
using Till.Server.GraphQL;
using Till.Server.GraphQL.Pipeline;

namespace Till.Server.Tests.Protocol;

/// <summary>A result written into the response's pipe is byte for byte what the serializer writes to a stream.</summary>
[Trait("Backend", "None")] // Touches no test database: the PostgreSQL pass leaves it out (scripts/test).
public sealed class AdminJsonTests
{
    [Fact]
    public async Task ResultWrittenToAPipe_IsTheSameBytesAsToAStream()
    {
        var error = new ShopifyError("Field 'x' doesn't exist on type 'QueryRoot' — “quoted” <b>&amp;</b> é", new Dictionary<string, object?> { ["code"] = "undefinedField", ["typeName"] = "QueryRoot" });
        error.AddLocation(new GraphQLParser.Location(1, 3));
        var result = new ExecutionResult
        {
            Executed = false,
            Errors = [error],
            Extensions = new Dictionary<string, object?> { ["cost"] = Responses.CostExtension(12, null, new ThrottleStatus(2000, 1988, 100)) },
        };

        using var stream = new MemoryStream();
        await AdminJson.Instance.WriteAsync(stream, result);
        var pipe = new Pipe();
        await AdminJson.Instance.WriteAsync(pipe.Writer, result, CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        using var piped = new MemoryStream();
        await pipe.Reader.CopyToAsync(piped);

        Encoding.UTF8.GetString(piped.ToArray()).ShouldBe(Encoding.UTF8.GetString(stream.ToArray()));
        Encoding.UTF8.GetString(piped.ToArray()).ShouldContain("“quoted” <b>&amp;</b> é");
    }
}
