using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using static Till.Server.Cost.CostRules;

namespace Till.Server.Cost;

/// <summary>
/// The actual cost: counted over the execution tree of what a request really returned (see
/// <see cref="CostRules"/>); the difference to the requested cost goes back to the bucket.
/// </summary>
internal static class ActualCost
{
    /// <summary>The cost of what execution really returned.</summary>
    public static int Of(ExecutionResult result)
    {
        if (result.Data is not ExecutionNode root)
        {
            return 0;
        }

        var isMutation = result.Operation?.Operation == OperationType.Mutation;
        long total = 0;
        if (root is ObjectExecutionNode rootObject && rootObject.SubFields is { } fields)
        {
            foreach (var field in fields)
            {
                total += isMutation ? (field.Result is null && field is not ValueExecutionNode ? MutationCost : MutationCost + Children(field)) : Node(field);
            }
        }

        return (int)Math.Min(total, int.MaxValue);
    }

    private static long Node(ExecutionNode node)
    {
        if (node is ValueExecutionNode || node.Result is null)
        {
            return 0;
        }

        if (node is ArrayExecutionNode array)
        {
            return array.Items?.Sum(Node) ?? 0;
        }

        var name = node.GraphType?.GetNamedType().Name ?? string.Empty;
        return OwnCost(name) + (node.Result is IPricedResult priced ? priced.ExtraCost : 0) + Children(node);
    }

    private static long Children(ExecutionNode node) =>
        node is ObjectExecutionNode { SubFields: { } fields } ? fields.Sum(Node) : 0;
}
