using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using Till.Server.Cost;

namespace Till.Server.GraphQL.Pipeline;

/// <summary>Step 4, cost: the requested cost of the operation, and the refusal of one that costs more than any single query may.</summary>
internal static class CostCheck
{
    /// <summary>The most a single query may cost.</summary>
    public const int MaxQueryCost = 1000;

    /// <summary>The requested cost (<see cref="RequestedCost"/>) and, above <see cref="MaxQueryCost"/>, the refusal.</summary>
    public static (int Requested, ShopifyError? Refusal) Price(ISchema schema, GraphQLDocument document, string? operationName, Inputs? variables)
    {
        var requested = RequestedCost.Of(schema, document, operationName, variables);
        return requested > MaxQueryCost
            ? (requested, new ShopifyError(
                $"Query cost is {requested}, which exceeds the single query max cost limit ({MaxQueryCost}). Ask for fewer nodes with first or last, or split the query.",
                new Dictionary<string, object?> { ["code"] = "MAX_COST_EXCEEDED", ["cost"] = requested, ["maxCost"] = MaxQueryCost, ["documentation"] = Responses.RateLimitDocs }))
            : (requested, null);
    }
}
