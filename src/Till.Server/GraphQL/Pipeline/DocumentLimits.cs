using GraphQLParser;
using GraphQLParser.AST;

namespace Till.Server.GraphQL.Pipeline;

/// <summary>
/// Step 3, limits: what a document may be before it is priced and run. The parser refuses nesting
/// deeper than <see cref="MaxDocumentDepth"/> (step 2 parses with <see cref="ParserOptions"/>); a new
/// document whose fragment spreads expand to more than <see cref="MaxExpandedFields"/> fields is
/// refused here. A document taken from the cache passed both when it was first seen.
/// </summary>
internal static class DocumentLimits
{
    /// <summary>The deepest document nesting the parser accepts.</summary>
    public const int MaxDocumentDepth = 64;

    /// <summary>The most fields a document may select once every fragment spread is expanded.</summary>
    public const int MaxExpandedFields = 5000;

    /// <summary>How deep spreads are followed before the expansion counts as unbounded.</summary>
    private const int MaxSpreadNesting = 256;

    /// <summary>The parser's options: Till's depth limit.</summary>
    public static readonly ParserOptions ParserOptions = new() { MaxDepth = MaxDocumentDepth };

    /// <summary>The refusal for a document that selects too much, or null when it is within the limits.</summary>
    public static ShopifyError? Check(GraphQLDocument document) =>
        ExpandedFieldCount(document) > MaxExpandedFields
            ? new ShopifyError(
                $"The document selects more than {MaxExpandedFields} fields once its fragments are expanded.",
                new Dictionary<string, object?> { ["code"] = "MAX_COMPLEXITY_EXCEEDED", ["maxFields"] = MaxExpandedFields })
            : null;

    /// <summary>
    /// How many fields the document selects once every fragment spread is expanded (each fragment
    /// is counted once and reused, so this is quick even when the expansion is not). Cyclic or
    /// absurdly deep spreading counts as unbounded.
    /// </summary>
    public static long ExpandedFieldCount(GraphQLDocument document)
    {
        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue).ToDictionary(g => g.Key, g => g.First());
        var sizes = new Dictionary<string, long>();
        var expanding = new HashSet<string>();

        long Count(GraphQLSelectionSet? set, int depth)
        {
            if (set is null)
            {
                return 0;
            }

            if (depth > MaxSpreadNesting)
            {
                return long.MaxValue / 4;
            }

            long total = 0;
            foreach (var selection in set.Selections)
            {
                total += selection switch
                {
                    GraphQLField field => 1 + Count(field.SelectionSet, depth + 1),
                    GraphQLInlineFragment inline => Count(inline.SelectionSet, depth + 1),
                    GraphQLFragmentSpread spread => Spread(spread.FragmentName.Name.StringValue, depth),
                    _ => 0,
                };
                total = Math.Min(total, long.MaxValue / 4);
            }

            return total;
        }

        long Spread(string name, int depth)
        {
            if (sizes.TryGetValue(name, out var known))
            {
                return known;
            }

            if (!fragments.TryGetValue(name, out var fragment))
            {
                return 0;
            }

            if (!expanding.Add(name))
            {
                return long.MaxValue / 4;
            }

            var size = Count(fragment.SelectionSet, depth + 1);
            expanding.Remove(name);
            sizes[name] = size;
            return size;
        }

        long sum = 0;
        foreach (var operation in document.Definitions.OfType<GraphQLOperationDefinition>())
        {
            sum = Math.Min(sum + Count(operation.SelectionSet, 0), long.MaxValue / 4);
        }

        return sum;
    }
}
