using System.Globalization;
using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Visitors;

namespace Till.Server.Bulk;

/// <summary>
/// A bulk query, checked and planned: its one root connection, the connections nested in it, and
/// the queries that read it page by page. Built once from the text (when the operation is created,
/// and again by the node that runs it).
/// </summary>
internal sealed class BulkQuery
{
    /// <summary>At most this many connections in one query, the root included.</summary>
    public const int MaxConnections = 5;

    /// <summary>Connections nest at most this deep, the root counting as the first level.</summary>
    public const int MaxDepth = 2;

    /// <summary>The alias under which the id of a node with nested connections is read, for <c>__parentId</c>.</summary>
    public const string IdAlias = "_tillBulkId";

    /// <summary>The alias under which each connection's page info is read.</summary>
    public const string PageInfoAlias = "_tillBulkPageInfo";

    /// <summary>The alias of the node field of a follow-up query for a nested connection's further pages.</summary>
    public const string NodeAlias = "_tillBulkNode";

    private static readonly SDLPrinter Printer = new();

    private BulkQuery(BulkConnection root) => Root = root;

    /// <summary>The root connection.</summary>
    public BulkConnection Root { get; }

    /// <summary>Checks a bulk query against a version's schema; answers the plan, or the problem to report as INVALID.</summary>
    public static async Task<(BulkQuery? Query, string? Problem)> AnalyseAsync(ISchema schema, string text, IServiceProvider services)
    {
        GraphQLDocument document;
        try
        {
            document = Parser.Parse(text);
        }
        catch (GraphQLParser.Exceptions.GraphQLParserException e)
        {
            return (null, "Invalid bulk query: " + e.Description);
        }

        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        if (operations.Count != 1)
        {
            return (null, "Invalid bulk query: the document must hold exactly one operation.");
        }

        var operation = operations[0];
        if (operation.Operation != OperationType.Query)
        {
            return (null, "Invalid bulk query: bulkOperationRunQuery runs queries only, not mutations or subscriptions.");
        }

        if (operation.Variables is { Count: > 0 })
        {
            return (null, "Invalid bulk query: a bulk query cannot declare variables; write the values into the query.");
        }

        var validation = await new DocumentValidator().ValidateAsync(new ValidationOptions
        {
            Schema = schema,
            Document = document,
            Operation = operation,
            Rules = DocumentValidator.CoreRules,
            Variables = Inputs.Empty,
            UserContext = new Dictionary<string, object?>(),
            RequestServices = services,
        }).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            return (null, "Invalid bulk query: " + string.Join(" ", validation.Errors.Select(e => e.Message)));
        }

        try
        {
            var builder = new Builder(schema, document);
            return (new BulkQuery(builder.BuildRoot(operation)), null);
        }
        catch (ProblemException problem)
        {
            return (null, problem.Message);
        }
    }

    /// <summary>The query for the page of the root connection after <paramref name="cursor"/> (from the start when null).</summary>
    public string RootPage(int pageSize, string? cursor)
    {
        var text = new StringBuilder("query { ");
        Print(text, Root.Field, new Target(Root, cursor), pageSize);
        return text.Append(" }").ToString();
    }

    /// <summary>The query for the page of nested connection <paramref name="connection"/> of the node <paramref name="parentId"/> after <paramref name="cursor"/>.</summary>
    public static string NestedPage(BulkConnection connection, string parentId, int pageSize, string cursor)
    {
        var text = new StringBuilder("query { ").Append(NodeAlias).Append(": node(id: ").Append(JsonSerializer.Serialize(parentId)).Append(") { ... on ").Append(connection.ParentType).Append(" { ");
        PrintPath(text, connection.PathFromParent, 0, new Target(connection, cursor), pageSize);
        return text.Append(" } } }").ToString();
    }

    private static void PrintPath(StringBuilder text, IReadOnlyList<BulkSelection> path, int index, Target target, int pageSize)
    {
        var step = path[index];
        if (index == path.Count - 1)
        {
            Print(text, step, target, pageSize);
            return;
        }

        PrintHead(text, step, target, pageSize);
        text.Append(" { ");
        PrintPath(text, path, index + 1, target, pageSize);
        text.Append(" }");
    }

    private readonly record struct Target(BulkConnection Connection, string? Cursor);

    private static void PrintHead(StringBuilder text, BulkSelection s, Target target, int pageSize)
    {
        if (s.Name is null)
        {
            text.Append("...");
            if (s.TypeCondition is not null)
            {
                text.Append(" on ").Append(s.TypeCondition);
            }

            return;
        }

        if (s.Alias is not null)
        {
            text.Append(s.Alias).Append(": ");
        }

        text.Append(s.Name);
        var arguments = s.Arguments.ToList();
        if (s.Connection is { } connection)
        {
            arguments.RemoveAll(a => a.Name is "first" or "last" or "after" or "before");
            arguments.Add(("first", pageSize.ToString(CultureInfo.InvariantCulture)));
            if (target.Connection == connection && target.Cursor is not null)
            {
                arguments.Add(("after", JsonSerializer.Serialize(target.Cursor)));
            }
        }

        if (arguments.Count > 0)
        {
            text.Append('(').Append(string.Join(", ", arguments.Select(a => a.Name + ": " + a.Value))).Append(')');
        }
    }

    private static void Print(StringBuilder text, BulkSelection s, Target target, int pageSize)
    {
        PrintHead(text, s, target, pageSize);
        if (s.Children.Count == 0 && s.Connection is null && s.NodesOf is null)
        {
            return;
        }

        text.Append(" { ");
        if (s.NodesOf is { Nested.Count: > 0 })
        {
            text.Append(IdAlias).Append(": id ");
        }

        foreach (var child in s.Children)
        {
            Print(text, child, target, pageSize);
            text.Append(' ');
        }

        if (s.Connection is not null)
        {
            text.Append(PageInfoAlias).Append(": pageInfo { hasNextPage endCursor } ");
        }

        text.Append('}');
    }

    private sealed class ProblemException(string message) : Exception(message);

    private sealed class Builder(ISchema schema, GraphQLDocument document)
    {
        private int connections;

        public BulkConnection BuildRoot(GraphQLOperationDefinition operation)
        {
            var fields = Flatten(operation.SelectionSet).ToList();
            if (fields.Any(f => f is not GraphQLField))
            {
                throw new ProblemException("Invalid bulk query: the root of a bulk query must be one field, without fragments.");
            }

            var roots = fields.Cast<GraphQLField>().Where(f => f.Name.StringValue != "__typename").ToList();
            if (roots.Count != 1)
            {
                throw new ProblemException("Invalid bulk query: a bulk query must have exactly one root field.");
            }

            var root = roots[0];
            if (root.Name.StringValue is "node" or "nodes")
            {
                throw new ProblemException("Invalid bulk query: the root fields node and nodes cannot be used in a bulk query.");
            }

            var rootType = (IComplexGraphType)schema.Query!;
            var field = rootType.GetField(root.Name.StringValue)!;
            if (!IsConnection(field.ResolvedType!.GetNamedType()))
            {
                throw new ProblemException($"Invalid bulk query: the root field {root.Name.StringValue} is not a connection; a bulk query's root field must be a connection.");
            }

            var selection = Field(root, rootType, enclosing: null, parentType: null, path: [], keys: [], insideList: false, depth: 0);
            return selection.Connection!;
        }

        private IEnumerable<ASTNode> Flatten(GraphQLSelectionSet set)
        {
            foreach (var selection in set.Selections)
            {
                if (selection is GraphQLFragmentSpread spread)
                {
                    foreach (var inner in Flatten(Fragment(spread).SelectionSet))
                    {
                        yield return inner;
                    }
                }
                else
                {
                    yield return selection;
                }
            }
        }

        private GraphQLFragmentDefinition Fragment(GraphQLFragmentSpread spread) =>
            document.Definitions.OfType<GraphQLFragmentDefinition>().First(f => f.FragmentName.Name.StringValue == spread.FragmentName.Name.StringValue);

        /// <summary>The selections of a set, in a node (or object) of <paramref name="type"/> reached from the node by <paramref name="path"/>.</summary>
        private List<BulkSelection> Selections(GraphQLSelectionSet? set, IComplexGraphType type, BulkConnection? enclosing, string? parentType, List<BulkSelection> path, List<string> keys, bool insideList, int depth)
        {
            var list = new List<BulkSelection>();
            if (set is null)
            {
                return list;
            }

            foreach (var selection in set.Selections)
            {
                if (selection is IHasDirectivesNode { Directives.Count: > 0 })
                {
                    throw new ProblemException("Invalid bulk query: directives are not supported in bulk queries.");
                }

                switch (selection)
                {
                    case GraphQLField field:
                        list.Add(Field(field, type, enclosing, parentType, path, keys, insideList, depth));
                        break;
                    case GraphQLInlineFragment inline:
                        list.Add(Fragment(inline.TypeCondition?.Type.Name.StringValue, inline.SelectionSet, type, enclosing, parentType, path, keys, insideList, depth));
                        break;
                    case GraphQLFragmentSpread spread:
                        var definition = Fragment(spread);
                        list.Add(Fragment(definition.TypeCondition.Type.Name.StringValue, definition.SelectionSet, type, enclosing, parentType, path, keys, insideList, depth));
                        break;
                }
            }

            return list;
        }

        private BulkSelection Fragment(string? typeCondition, GraphQLSelectionSet set, IComplexGraphType type, BulkConnection? enclosing, string? parentType, List<BulkSelection> path, List<string> keys, bool insideList, int depth)
        {
            var selection = new BulkSelection(null, null, typeCondition, []);
            var inner = typeCondition is null ? type : (IComplexGraphType)schema.AllTypes[typeCondition]!;
            selection.Children.AddRange(Selections(set, inner, enclosing, parentType, [.. path, selection], keys, insideList, depth));
            return selection;
        }

        private BulkSelection Field(GraphQLField ast, IComplexGraphType type, BulkConnection? enclosing, string? parentType, List<BulkSelection> path, List<string> keys, bool insideList, int depth)
        {
            var name = ast.Name.StringValue;
            var arguments = (ast.Arguments?.Items ?? []).Select(a => (a.Name.StringValue, Printer.Print(a.Value))).ToList();
            var selection = new BulkSelection(ast.Alias?.Name.StringValue, name, null, arguments);
            if (name.StartsWith("__", StringComparison.Ordinal))
            {
                return selection;
            }

            var definition = type.GetField(name)!;
            var named = definition.ResolvedType!.GetNamedType();
            var isList = (definition.ResolvedType is NonNullGraphType nonNull ? nonNull.ResolvedType : definition.ResolvedType) is ListGraphType;
            if (IsConnection(named))
            {
                Connection(selection, ast, (IComplexGraphType)named, enclosing, parentType, path, keys, insideList, depth);
            }
            else if (named is IComplexGraphType complex)
            {
                selection.Children.AddRange(Selections(ast.SelectionSet, complex, enclosing, parentType, [.. path, selection], [.. keys, selection.ResponseKey], insideList || isList, depth));
            }

            return selection;
        }

        private void Connection(BulkSelection selection, GraphQLField ast, IComplexGraphType connectionType, BulkConnection? enclosing, string? parentType, List<BulkSelection> path, List<string> keys, bool insideList, int depth)
        {
            if (insideList)
            {
                throw new ProblemException($"Invalid bulk query: the connection {selection.Name} is inside a list field; bulk queries support connections only under connections and single objects.");
            }

            if (++connections > MaxConnections)
            {
                throw new ProblemException($"Invalid bulk query: a bulk query can contain at most {MaxConnections} connections.");
            }

            if (depth + 1 > MaxDepth)
            {
                throw new ProblemException($"Invalid bulk query: connections can be nested at most {MaxDepth} levels deep; {selection.Name} is nested deeper.");
            }

            if (enclosing is not null && !HasId(parentType!))
            {
                throw new ProblemException($"Invalid bulk query: the connection {selection.Name} is nested in {parentType}, which has no id to name its parent by.");
            }

            var connection = new BulkConnection(selection, depth + 1, parentType, [.. path, selection], [.. keys, selection.ResponseKey]);
            selection.Connection = connection;
            enclosing?.Nested.Add(connection);
            var nodeType = (IComplexGraphType)connectionType.GetField("nodes")!.ResolvedType!.GetNamedType();
            foreach (var child in Flatten(ast.SelectionSet!))
            {
                if (child is not GraphQLField field)
                {
                    throw new ProblemException($"Invalid bulk query: select the nodes of {selection.Name} with edges {{ node }} or nodes, without fragments.");
                }

                var key = field.Alias?.Name.StringValue ?? field.Name.StringValue;
                switch (field.Name.StringValue)
                {
                    case "nodes":
                        var nodes = new BulkSelection(field.Alias?.Name.StringValue, "nodes", null, []) { NodesOf = connection };
                        nodes.Children.AddRange(Selections(field.SelectionSet, nodeType, connection, nodeType.Name, [], [], false, depth + 1));
                        selection.Children.Add(nodes);
                        connection.NodesKey ??= key;
                        break;
                    case "edges":
                        var edges = new BulkSelection(field.Alias?.Name.StringValue, "edges", null, []);
                        foreach (var edgeField in Flatten(field.SelectionSet!).OfType<GraphQLField>().Where(f => f.Name.StringValue == "node"))
                        {
                            var node = new BulkSelection(edgeField.Alias?.Name.StringValue, "node", null, []) { NodesOf = connection };
                            node.Children.AddRange(Selections(edgeField.SelectionSet, nodeType, connection, nodeType.Name, [], [], false, depth + 1));
                            edges.Children.Add(node);
                            connection.EdgeNodeKey ??= node.ResponseKey;
                        }

                        if (edges.Children.Count > 0)
                        {
                            selection.Children.Add(edges);
                            connection.EdgesKey ??= key;
                        }

                        break;
                }
            }

            if (connection.EdgesKey is null && connection.NodesKey is null)
            {
                throw new ProblemException($"Invalid bulk query: the connection {selection.Name} selects no nodes; select edges {{ node {{ ... }} }} or nodes {{ ... }}.");
            }
        }

        private bool HasId(string typeName) => schema.AllTypes[typeName] is IComplexGraphType complex && complex.GetField("id") is not null;

        private static bool IsConnection(IGraphType type) =>
            type is IComplexGraphType complex && type.Name.EndsWith("Connection", StringComparison.Ordinal) && complex.GetField("pageInfo") is not null && complex.GetField("nodes") is not null;
    }
}

/// <summary>A field or inline fragment of a bulk query, with its arguments printed.</summary>
internal sealed class BulkSelection(string? alias, string? name, string? typeCondition, List<(string Name, string Value)> arguments)
{
    public string? Alias { get; } = alias;

    /// <summary>The field's name; null for an inline fragment.</summary>
    public string? Name { get; } = name;

    public string? TypeCondition { get; } = typeCondition;

    public List<(string Name, string Value)> Arguments { get; } = arguments;

    public List<BulkSelection> Children { get; } = [];

    /// <summary>The connection this field is, if it is one.</summary>
    public BulkConnection? Connection { get; set; }

    /// <summary>The connection whose nodes this field (edges' node, or nodes) selects.</summary>
    public BulkConnection? NodesOf { get; init; }

    public string ResponseKey => Alias ?? Name!;
}

/// <summary>A connection of a bulk query: where it sits in its parent node, and what is nested in it.</summary>
internal sealed class BulkConnection(BulkSelection field, int depth, string? parentType, IReadOnlyList<BulkSelection> pathFromParent, IReadOnlyList<string> keyPath)
{
    public BulkSelection Field { get; } = field;

    /// <summary>1 for the root connection, 2 for one nested in it.</summary>
    public int Depth { get; } = depth;

    /// <summary>The type of the node the connection is nested in; null for the root.</summary>
    public string? ParentType { get; } = parentType;

    /// <summary>The selections from the parent node down to the connection's field.</summary>
    public IReadOnlyList<BulkSelection> PathFromParent { get; } = pathFromParent;

    /// <summary>The response keys from the parent node's object down to the connection's object.</summary>
    public IReadOnlyList<string> KeyPath { get; } = keyPath;

    public List<BulkConnection> Nested { get; } = [];

    public string? EdgesKey { get; set; }

    public string? EdgeNodeKey { get; set; }

    public string? NodesKey { get; set; }
}
