using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Till.Server.Cost;

/// <summary>
/// Shopify's query cost. Scalars and enums cost 0, objects 1, a mutation field 10 (plus what its
/// payload selects), a connection 2 plus <c>first</c>/<c>last</c> times the cost of one node
/// (its edges, cursors and page info are free), an interface or union the dearest of its types.
/// The requested cost is computed from the document before it runs; the actual cost from what
/// was really returned.
/// </summary>
internal static class QueryCost
{
    private const int MutationCost = 10;
    private const int ConnectionCost = 2;
    private const int MaxNesting = 256;

    /// <summary>The cost a document asks for. Unknown fields cost nothing (validation reports them).</summary>
    public static int Requested(ISchema schema, GraphQLDocument document, string? operationName, Inputs? variables)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var operation = operationName is null
            ? (operations.Count == 1 ? operations[0] : null)
            : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
        if (operation is null)
        {
            return 0;
        }

        var fragments = document.Definitions.OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue).ToDictionary(g => g.Key, g => g.First());
        var defaults = operation.Variables?.Items
            .Where(v => v.DefaultValue is not null)
            .ToDictionary(v => v.Variable.Name.StringValue, v => (GraphQLValue)v.DefaultValue!) ?? [];
        var walker = new Walker(schema, fragments, variables, defaults);
        IComplexGraphType? root = operation.Operation switch
        {
            OperationType.Mutation => schema.Mutation,
            OperationType.Query => schema.Query,
            _ => null,
        };
        if (root is null)
        {
            return 0;
        }

        var total = walker.Selection(operation.SelectionSet, root, 0, isMutationRoot: operation.Operation == OperationType.Mutation);
        return (int)Math.Min(total, int.MaxValue);
    }

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

            if (depth > MaxNesting)
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

    /// <summary>The cost of what execution really returned.</summary>
    public static int Actual(ExecutionResult result)
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
        return OwnCost(name) + Children(node);
    }

    private static long Children(ExecutionNode node) =>
        node is ObjectExecutionNode { SubFields: { } fields } ? fields.Sum(Node) : 0;

    private static long OwnCost(string typeName) =>
        typeName.EndsWith("Connection", StringComparison.Ordinal) ? ConnectionCost
        : typeName.EndsWith("Edge", StringComparison.Ordinal) || typeName == "PageInfo" ? 0
        : 1;

    private sealed class Walker(ISchema schema, Dictionary<string, GraphQLFragmentDefinition> fragments, Inputs? variables, Dictionary<string, GraphQLValue> defaults)
    {
        public long Selection(GraphQLSelectionSet? set, IGraphType parent, int depth, bool isMutationRoot = false)
        {
            if (set is null || depth > MaxNesting)
            {
                return 0;
            }

            if (parent is IAbstractGraphType abstractType)
            {
                long dearest = 0;
                foreach (var possible in abstractType.PossibleTypes)
                {
                    dearest = Math.Max(dearest, SelectionFor(set, possible, depth, isMutationRoot));
                }

                return dearest;
            }

            return parent is IObjectGraphType objectType ? SelectionFor(set, objectType, depth, isMutationRoot) : 0;
        }

        private readonly Dictionary<(string Fragment, string Type, bool Root), long> fragmentCosts = [];
        private readonly HashSet<string> expanding = [];

        private long SelectionFor(GraphQLSelectionSet set, IObjectGraphType type, int depth, bool isMutationRoot)
        {
            if (depth > MaxNesting)
            {
                return 0;
            }

            long total = 0;
            foreach (var selection in set.Selections)
            {
                switch (selection)
                {
                    case GraphQLField field:
                        total += Field(field, type, depth, isMutationRoot);
                        break;
                    case GraphQLInlineFragment inline when Applies(inline.TypeCondition, type):
                        total += SelectionFor(inline.SelectionSet, type, depth + 1, isMutationRoot);
                        break;
                    case GraphQLFragmentSpread spread when fragments.TryGetValue(spread.FragmentName.Name.StringValue, out var fragment) && Applies(fragment.TypeCondition, type):
                        total += Fragment(spread.FragmentName.Name.StringValue, fragment, type, depth, isMutationRoot);
                        break;
                    default:
                        break;
                }
            }

            return total;
        }

        /// <summary>A fragment's cost on a type, worked out once; a fragment that spreads itself costs nothing (validation refuses it).</summary>
        private long Fragment(string name, GraphQLFragmentDefinition fragment, IObjectGraphType type, int depth, bool isMutationRoot)
        {
            if (fragmentCosts.TryGetValue((name, type.Name, isMutationRoot), out var known))
            {
                return known;
            }

            if (!expanding.Add(name))
            {
                return 0;
            }

            try
            {
                var cost = SelectionFor(fragment.SelectionSet, type, depth + 1, isMutationRoot);
                fragmentCosts[(name, type.Name, isMutationRoot)] = cost;
                return cost;
            }
            finally
            {
                expanding.Remove(name);
            }
        }

        private bool Applies(GraphQLTypeCondition? condition, IObjectGraphType type)
        {
            if (condition is null)
            {
                return true;
            }

            var name = condition.Type.Name.StringValue;
            if (name == type.Name)
            {
                return true;
            }

            return schema.AllTypes[name] switch
            {
                IInterfaceGraphType i => type.ResolvedInterfaces.Contains(i),
                UnionGraphType u => u.PossibleTypes.Contains(type),
                _ => false,
            };
        }

        private long Field(GraphQLField field, IObjectGraphType parent, int depth, bool isMutationRoot)
        {
            var definition = parent.GetField(field.Name.StringValue);
            if (definition?.ResolvedType is null)
            {
                return 0;
            }

            var named = definition.ResolvedType.GetNamedType();
            if (isMutationRoot)
            {
                return MutationCost + Selection(field.SelectionSet, named, depth);
            }

            if (named is ScalarGraphType or EnumerationGraphType)
            {
                return 0;
            }

            if (named.Name.EndsWith("Connection", StringComparison.Ordinal))
            {
                var size = Math.Max(0, IntArgument(field, "first") ?? IntArgument(field, "last") ?? 0);
                return ConnectionCost + (size * ConnectionNode(field.SelectionSet, named, depth));
            }

            var multiplier = definition.ResolvedType is ListGraphType or NonNullGraphType { ResolvedType: ListGraphType }
                ? Math.Max(1, ListArgumentLength(field, "ids") ?? 1)
                : 1;
            return multiplier * (OwnCost(named.Name) + Selection(field.SelectionSet, named, depth));
        }

        /// <summary>The cost of one node of a connection: its edges' node and its nodes list, each counted once per node.</summary>
        private long ConnectionNode(GraphQLSelectionSet? set, IGraphType connection, int depth) =>
            connection is IObjectGraphType type && set is not null ? SelectionFor(set, type, depth + 1, isMutationRoot: false) : 0;

        /// <summary>An argument's value, with a variable the request left out replaced by its declared default.</summary>
        private GraphQLValue? ArgumentValue(GraphQLField field, string name)
        {
            var value = field.Arguments?.FirstOrDefault(a => a.Name.StringValue == name)?.Value;
            return value is GraphQLVariable v && (variables is null || !variables.ContainsKey(v.Name.StringValue)) && defaults.TryGetValue(v.Name.StringValue, out var fallback)
                ? fallback
                : value;
        }

        private long? IntArgument(GraphQLField field, string name)
        {
            var value = ArgumentValue(field, name);
            return value switch
            {
                GraphQLIntValue i when long.TryParse(i.Value.Span, out var n) => n,
                GraphQLVariable v when variables is not null && variables.TryGetValue(v.Name.StringValue, out var raw) => raw switch
                {
                    int n => n,
                    long n => n,
                    _ => null,
                },
                _ => null,
            };
        }

        private long? ListArgumentLength(GraphQLField field, string name)
        {
            var value = ArgumentValue(field, name);
            return value switch
            {
                GraphQLListValue list => list.Values?.Count ?? 0,
                GraphQLVariable v when variables is not null && variables.TryGetValue(v.Name.StringValue, out var raw) && raw is System.Collections.ICollection c => c.Count,
                _ => null,
            };
        }
    }
}
