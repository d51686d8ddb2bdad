using GraphQL;
using GraphQL.Types;
using GraphQLParser.AST;
using static Till.Server.Cost.CostRules;

namespace Till.Server.Cost;

/// <summary>
/// The requested cost: worked out from the parsed document, its operation and its variables before
/// anything runs (see <see cref="CostRules"/>).
/// </summary>
internal static class RequestedCost
{
    private static readonly Dictionary<string, GraphQLFragmentDefinition> NoFragments = [];

    /// <summary>The cost a document asks for. Unknown fields cost nothing (validation reports them).</summary>
    public static int Of(ISchema schema, GraphQLDocument document, string? operationName, Inputs? variables)
    {
        // One pass over the definitions: the operation that runs (the only one when no name is given)
        // and the fragments by name (the first of a name; validation refuses duplicates).
        GraphQLOperationDefinition? operation = null;
        var operations = 0;
        Dictionary<string, GraphQLFragmentDefinition>? fragments = null;
        foreach (var definition in document.Definitions)
        {
            if (definition is GraphQLOperationDefinition candidate)
            {
                operations++;
                if (operationName is null ? operations == 1 : operation is null && candidate.Name?.StringValue == operationName)
                {
                    operation = candidate;
                }
            }
            else if (definition is GraphQLFragmentDefinition fragment)
            {
                (fragments ??= new(StringComparer.Ordinal)).TryAdd(fragment.FragmentName.Name.StringValue, fragment);
            }
        }

        if (operation is null || (operationName is null && operations != 1))
        {
            return 0;
        }

        // A variable's declared default, for when the request leaves it out (the first of a name;
        // validation refuses duplicates, but the cost is worked out before validation runs).
        var defaults = new Dictionary<string, GraphQLValue>(StringComparer.Ordinal);
        foreach (var declared in operation.Variables?.Items ?? [])
        {
            if (declared.DefaultValue is { } value)
            {
                defaults.TryAdd(declared.Variable.Name.StringValue, value);
            }
        }

        var walker = new Walker(schema, fragments ?? NoFragments, variables, defaults);
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
            return multiplier * (OwnCost(named.Name) + FieldCost(parent.Name, definition.Name, name => BooleanArgument(field, name)) + Selection(field.SelectionSet, named, depth));
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

        private bool? BooleanArgument(GraphQLField field, string name) => ArgumentValue(field, name) switch
        {
            GraphQLBooleanValue b => b.BoolValue,
            GraphQLVariable v when variables is not null && variables.TryGetValue(v.Name.StringValue, out var raw) => raw as bool?,
            _ => null,
        };

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
