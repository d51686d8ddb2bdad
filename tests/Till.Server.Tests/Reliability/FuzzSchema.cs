using GraphQLParser.AST;

namespace Till.Server.Tests.Reliability;

/// <summary>A type reference as written in SDL: its named type, whether it is a list, and its text (<c>[ID!]!</c>).</summary>
internal sealed record FuzzTypeRef(string Named, bool IsList, bool NonNull, string Text);

internal sealed record FuzzArgument(string Name, FuzzTypeRef Type);

internal sealed record FuzzField(string Name, IReadOnlyList<FuzzArgument> Arguments, FuzzTypeRef Type);

internal enum FuzzKind
{
    Object,
    Interface,
    Union,
    Enum,
    Input,
    Scalar,
}

internal sealed record FuzzType(string Name, FuzzKind Kind, IReadOnlyList<FuzzField> Fields, IReadOnlyList<string> Values, IReadOnlyList<string> Interfaces)
{
    /// <summary>For unions, their members; for interfaces, filled in after loading.</summary>
    public List<string> PossibleTypes { get; } = [];
}

/// <summary>The schema a Till version serves, composed from the SDL embedded in Till.Server, reduced to what the fuzzer needs.</summary>
internal sealed class FuzzSchema
{
    private FuzzSchema(Dictionary<string, FuzzType> types) => Types = types;

    public IReadOnlyDictionary<string, FuzzType> Types { get; }

    public FuzzType Query => Types["QueryRoot"];

    public FuzzType Mutation => Types["Mutation"];

    public static FuzzSchema Load(string version = "2026-04")
    {
        var document = Till.Server.GraphQL.SchemaComposer.Compose(version);
        var types = new Dictionary<string, FuzzType>(StringComparer.Ordinal);
        foreach (var definition in document.Definitions)
        {
            FuzzType? type = definition switch
            {
                GraphQLObjectTypeDefinition o => new FuzzType(o.Name.StringValue, FuzzKind.Object, Fields(o.Fields), [], (o.Interfaces?.Items ?? []).Select(i => i.Name.StringValue).ToList()),
                GraphQLInterfaceTypeDefinition i => new FuzzType(i.Name.StringValue, FuzzKind.Interface, Fields(i.Fields), [], []),
                GraphQLUnionTypeDefinition u => new FuzzType(u.Name.StringValue, FuzzKind.Union, [], [], []),
                GraphQLEnumTypeDefinition e => new FuzzType(e.Name.StringValue, FuzzKind.Enum, [], (e.Values?.Items ?? []).Select(v => v.Name.StringValue).ToList(), []),
                GraphQLInputObjectTypeDefinition n => new FuzzType(n.Name.StringValue, FuzzKind.Input, (n.Fields?.Items ?? []).Select(f => new FuzzField(f.Name.StringValue, [], Ref(f.Type))).ToList(), [], []),
                GraphQLScalarTypeDefinition s => new FuzzType(s.Name.StringValue, FuzzKind.Scalar, [], [], []),
                _ => null,
            };
            if (type is null)
            {
                continue;
            }

            types[type.Name] = type;
            if (definition is GraphQLUnionTypeDefinition union)
            {
                type.PossibleTypes.AddRange((union.Types?.Items ?? []).Select(t => t.Name.StringValue));
            }
        }

        foreach (var name in new[] { "ID", "String", "Int", "Float", "Boolean" })
        {
            types.TryAdd(name, new FuzzType(name, FuzzKind.Scalar, [], [], []));
        }

        foreach (var implementer in types.Values.Where(t => t.Kind == FuzzKind.Object))
        {
            foreach (var name in implementer.Interfaces)
            {
                if (types.TryGetValue(name, out var face))
                {
                    face.PossibleTypes.Add(implementer.Name);
                }
            }
        }

        return new FuzzSchema(types);
    }

    private static List<FuzzField> Fields(GraphQLFieldsDefinition? fields) =>
        (fields?.Items ?? []).Select(f => new FuzzField(
            f.Name.StringValue,
            (f.Arguments?.Items ?? []).Select(a => new FuzzArgument(a.Name.StringValue, Ref(a.Type))).ToList(),
            Ref(f.Type))).ToList();

    private static FuzzTypeRef Ref(GraphQLType type)
    {
        var nonNull = type is GraphQLNonNullType;
        var text = Text(type);
        var inner = type is GraphQLNonNullType n ? n.Type : type;
        var isList = inner is GraphQLListType;
        while (type is not GraphQLNamedType)
        {
            type = type switch
            {
                GraphQLNonNullType x => x.Type,
                GraphQLListType x => x.Type,
                _ => throw new NotSupportedException(type.GetType().Name),
            };
        }

        return new FuzzTypeRef(((GraphQLNamedType)type).Name.StringValue, isList, nonNull, text);
    }

    private static string Text(GraphQLType type) => type switch
    {
        GraphQLNonNullType n => Text(n.Type) + "!",
        GraphQLListType l => "[" + Text(l.Type) + "]",
        GraphQLNamedType named => named.Name.StringValue,
        _ => throw new NotSupportedException(type.GetType().Name),
    };
}
