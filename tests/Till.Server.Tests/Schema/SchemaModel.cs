using System.Text;
using System.Text.Json;
using GraphQLParser.AST;

namespace Till.Server.Tests.Schema;

/// <summary>
/// A schema reduced to comparable lines: per type its kind, interfaces, members and, in declaration order, its
/// fields with argument lists, types, default values and deprecations. Built either from an SDL document or from
/// an introspection result, so the two can be compared line by line.
/// </summary>
internal sealed class SchemaModel
{
    public const string IntrospectionQuery = """
        query Introspection {
          __schema {
            queryType { name }
            mutationType { name }
            subscriptionType { name }
            types {
              kind name description
              fields(includeDeprecated: true) { name description args { name description type { ...TypeRef } defaultValue } type { ...TypeRef } isDeprecated deprecationReason }
              inputFields { name description type { ...TypeRef } defaultValue }
              interfaces { ...TypeRef }
              enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
              possibleTypes { ...TypeRef }
            }
            directives { name description locations args { name description type { ...TypeRef } defaultValue } }
          }
        }
        fragment TypeRef on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
        }
        """;

    /// <summary>Directives that belong to the contract (the built-in ones are the server library's business).</summary>
    public static readonly string[] ContractDirectives = ["accessRestricted", "idempotent"];

    private static readonly HashSet<string> BuiltInScalars = ["String", "Int", "Float", "Boolean", "ID"];

    /// <summary>Type name (or "@directive", or "schema") to its lines, in declaration order.</summary>
    public SortedDictionary<string, List<string>> Entries { get; } = new(StringComparer.Ordinal);

    public static bool IsBuiltIn(string name) => name.StartsWith("__", StringComparison.Ordinal) || BuiltInScalars.Contains(name);

    /// <summary>Every line prefixed with its entry's name, for set comparisons between versions.</summary>
    public IReadOnlySet<string> Flattened() =>
        Entries.SelectMany(e => e.Value.Select(line => $"{e.Key}: {line}")).ToHashSet(StringComparer.Ordinal);

    // ---------------------------------------------------------------- from SDL

    public static SchemaModel FromSdl(string sdl)
    {
        var document = GraphQLParser.Parser.Parse(sdl);
        var model = new SchemaModel();
        foreach (var definition in document.Definitions)
        {
            switch (definition)
            {
                case GraphQLSchemaDefinition schema:
                    model.Entries["schema"] = schema.OperationTypes
                        .Select(o => $"{o.Operation.ToString().ToLowerInvariant()}: {o.Type!.Name.StringValue}")
                        .Order(StringComparer.Ordinal).ToList();
                    break;
                case GraphQLDirectiveDefinition directive when ContractDirectives.Contains(directive.Name.StringValue):
                    model.Entries["@" + directive.Name.StringValue] =
                    [
                        "args: " + string.Join(", ", (directive.Arguments?.Items ?? []).Select(SdlInputValue)),
                        "locations: " + string.Join(" | ", directive.Locations.Items.Select(Screaming)),
                    ];
                    break;
                case GraphQLObjectTypeDefinition type:
                    model.Entries[type.Name.StringValue] =
                    [
                        "kind OBJECT",
                        "implements " + string.Join(", ", (type.Interfaces?.Items ?? []).Select(i => i.Name.StringValue)),
                        .. (type.Fields?.Items ?? []).Select(SdlField),
                    ];
                    break;
                case GraphQLInterfaceTypeDefinition type:
                    model.Entries[type.Name.StringValue] =
                    [
                        "kind INTERFACE",
                        "implements " + string.Join(", ", (type.Interfaces?.Items ?? []).Select(i => i.Name.StringValue)),
                        .. (type.Fields?.Items ?? []).Select(SdlField),
                    ];
                    break;
                case GraphQLUnionTypeDefinition type:
                    model.Entries[type.Name.StringValue] =
                    [
                        "kind UNION",
                        .. (type.Types?.Items ?? []).Select(t => "member " + t.Name.StringValue),
                    ];
                    break;
                case GraphQLEnumTypeDefinition type:
                    model.Entries[type.Name.StringValue] =
                    [
                        "kind ENUM",
                        .. (type.Values?.Items ?? []).Select(v => "value " + v.Name.StringValue + SdlDeprecation(v.Directives)),
                    ];
                    break;
                case GraphQLInputObjectTypeDefinition type:
                    model.Entries[type.Name.StringValue] =
                    [
                        "kind INPUT_OBJECT",
                        .. (type.Fields?.Items ?? []).Select(f => "inputField " + SdlInputValue(f)),
                    ];
                    break;
                case GraphQLScalarTypeDefinition type when !IsBuiltIn(type.Name.StringValue):
                    model.Entries[type.Name.StringValue] = ["kind SCALAR"];
                    break;
                default:
                    break;
            }
        }

        return model;
    }

    private static string SdlField(GraphQLFieldDefinition field)
    {
        var args = field.Arguments?.Items ?? [];
        var argList = args.Count == 0 ? string.Empty : "(" + string.Join(", ", args.Select(SdlInputValue)) + ")";
        return $"field {field.Name.StringValue}{argList}: {SdlType(field.Type)}{SdlDeprecation(field.Directives)}";
    }

    private static string SdlInputValue(GraphQLInputValueDefinition value) =>
        $"{value.Name.StringValue}: {SdlType(value.Type)}" + (value.DefaultValue is null ? string.Empty : " = " + SdlValue(value.DefaultValue));

    private static string SdlType(GraphQLType type) => type switch
    {
        GraphQLNonNullType nonNull => SdlType(nonNull.Type) + "!",
        GraphQLListType list => "[" + SdlType(list.Type) + "]",
        GraphQLNamedType named => named.Name.StringValue,
        _ => throw new NotSupportedException(type.GetType().Name),
    };

    private static string SdlValue(GraphQLValue value) => value switch
    {
        GraphQLNullValue => "null",
        GraphQLBooleanValue b => b.BoolValue ? "true" : "false",
        GraphQLEnumValue e => e.Name.StringValue,
        GraphQLStringValue s => JsonSerializer.Serialize(s.Value.ToString()),
        GraphQLIntValue i => i.Value.ToString(),
        GraphQLFloatValue f => f.Value.ToString(),
        GraphQLListValue l => "[" + string.Join(", ", (l.Values ?? []).Select(SdlValue)) + "]",
        GraphQLObjectValue o => "{" + string.Join(", ", (o.Fields ?? []).Select(f => $"{f.Name.StringValue}: {SdlValue(f.Value)}")) + "}",
        _ => throw new NotSupportedException(value.GetType().Name),
    };

    private static string SdlDeprecation(GraphQLDirectives? directives)
    {
        var deprecated = directives?.Items.FirstOrDefault(d => d.Name.StringValue == "deprecated");
        if (deprecated is null)
        {
            return string.Empty;
        }

        var reason = deprecated.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == "reason")?.Value;
        return " @deprecated(" + (reason is GraphQLStringValue s ? s.Value.ToString() : "No longer supported") + ")";
    }

    private static string Screaming(DirectiveLocation location)
    {
        var name = location.ToString();
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(name[i]));
        }

        return builder.ToString();
    }

    // ---------------------------------------------------------------- from introspection

    public static SchemaModel FromIntrospection(JsonElement schema)
    {
        var model = new SchemaModel();
        var roots = new List<string>();
        foreach (var (operation, property) in new[] { ("query", "queryType"), ("mutation", "mutationType"), ("subscription", "subscriptionType") })
        {
            if (schema.GetProperty(property) is { ValueKind: JsonValueKind.Object } root)
            {
                roots.Add($"{operation}: {root.GetProperty("name").GetString()}");
            }
        }

        model.Entries["schema"] = [.. roots.Order(StringComparer.Ordinal)];

        foreach (var directive in schema.GetProperty("directives").EnumerateArray())
        {
            var name = directive.GetProperty("name").GetString()!;
            if (ContractDirectives.Contains(name))
            {
                model.Entries["@" + name] =
                [
                    "args: " + string.Join(", ", directive.GetProperty("args").EnumerateArray().Select(IntrospectedInputValue)),
                    "locations: " + string.Join(" | ", directive.GetProperty("locations").EnumerateArray().Select(l => l.GetString())),
                ];
            }
        }

        foreach (var type in schema.GetProperty("types").EnumerateArray())
        {
            var name = type.GetProperty("name").GetString()!;
            if (IsBuiltIn(name))
            {
                continue;
            }

            var kind = type.GetProperty("kind").GetString()!;
            var lines = new List<string> { "kind " + kind };
            switch (kind)
            {
                case "OBJECT" or "INTERFACE":
                    lines.Add("implements " + string.Join(", ", Items(type, "interfaces").Select(i => i.GetProperty("name").GetString())));
                    lines.AddRange(Items(type, "fields").Select(IntrospectedField));
                    break;
                case "UNION":
                    lines.AddRange(Items(type, "possibleTypes").Select(t => "member " + t.GetProperty("name").GetString()));
                    break;
                case "ENUM":
                    lines.AddRange(Items(type, "enumValues").Select(v => "value " + v.GetProperty("name").GetString() + IntrospectedDeprecation(v)));
                    break;
                case "INPUT_OBJECT":
                    lines.AddRange(Items(type, "inputFields").Select(f => "inputField " + IntrospectedInputValue(f)));
                    break;
                default:
                    break;
            }

            model.Entries[name] = lines;
        }

        return model;
    }

    private static JsonElement[] Items(JsonElement type, string property) =>
        type.TryGetProperty(property, out var items) && items.ValueKind == JsonValueKind.Array ? [.. items.EnumerateArray()] : [];

    private static string IntrospectedField(JsonElement field)
    {
        var args = field.GetProperty("args").EnumerateArray().Select(IntrospectedInputValue).ToList();
        var argList = args.Count == 0 ? string.Empty : "(" + string.Join(", ", args) + ")";
        return $"field {field.GetProperty("name").GetString()}{argList}: {TypeString(field.GetProperty("type"))}{IntrospectedDeprecation(field)}";
    }

    private static string IntrospectedInputValue(JsonElement value)
    {
        var text = $"{value.GetProperty("name").GetString()}: {TypeString(value.GetProperty("type"))}";
        return value.TryGetProperty("defaultValue", out var d) && d.ValueKind == JsonValueKind.String
            ? text + " = " + NormaliseDefault(d.GetString()!)
            : text;
    }

    /// <summary>Introspection gives a default as GraphQL literal text; re-print it the way <see cref="SdlValue"/> does.</summary>
    private static string NormaliseDefault(string literal)
    {
        var parsed = GraphQLParser.Parser.Parse($"query {{ f(a: {literal}) }}");
        var operation = (GraphQLOperationDefinition)parsed.Definitions[0];
        var field = (GraphQLField)operation.SelectionSet.Selections[0];
        return SdlValue(field.Arguments!.Items[0].Value);
    }

    private static string IntrospectedDeprecation(JsonElement element) =>
        element.TryGetProperty("isDeprecated", out var deprecated) && deprecated.ValueKind == JsonValueKind.True
            ? " @deprecated(" + (element.GetProperty("deprecationReason").GetString() ?? string.Empty) + ")"
            : string.Empty;

    public static string TypeString(JsonElement type) => type.GetProperty("kind").GetString() switch
    {
        "NON_NULL" => TypeString(type.GetProperty("ofType")) + "!",
        "LIST" => "[" + TypeString(type.GetProperty("ofType")) + "]",
        _ => type.GetProperty("name").GetString()!,
    };

    // ---------------------------------------------------------------- comparison

    /// <summary>Every difference between an expected and an actual model, one readable line each.</summary>
    public static List<string> Differences(SchemaModel expected, SchemaModel actual)
    {
        var differences = new List<string>();
        foreach (var name in expected.Entries.Keys.Union(actual.Entries.Keys).Order(StringComparer.Ordinal))
        {
            var hasExpected = expected.Entries.TryGetValue(name, out var want);
            var hasActual = actual.Entries.TryGetValue(name, out var got);
            if (!hasActual)
            {
                differences.Add($"{name}: missing from the served schema");
                continue;
            }

            if (!hasExpected)
            {
                differences.Add($"{name}: served but not in the contract ({got![0]})");
                continue;
            }

            if (want!.SequenceEqual(got!, StringComparer.Ordinal))
            {
                continue;
            }

            foreach (var line in want!.Except(got!, StringComparer.Ordinal))
            {
                differences.Add($"{name}: expected   {line}");
                var key = Key(line);
                var served = got!.FirstOrDefault(g => Key(g) == key);
                differences.Add($"{name}:   but served {served ?? "(nothing)"}");
            }

            foreach (var line in got!.Except(want!, StringComparer.Ordinal).Where(g => !want!.Any(w => Key(w) == Key(g))))
            {
                differences.Add($"{name}: unexpected {line}");
            }

            if (want!.Order(StringComparer.Ordinal).SequenceEqual(got!.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            {
                differences.Add($"{name}: order differs: expected [{string.Join(", ", want!.Select(Key))}] but served [{string.Join(", ", got!.Select(Key))}]");
            }
        }

        return differences;
    }

    /// <summary>The part of a line that names what it describes ("field balance", "value OPEN", "kind").</summary>
    private static string Key(string line)
    {
        var parts = line.Split(' ', 2);
        if (parts.Length < 2 || parts[0] is not ("field" or "value" or "member" or "inputField"))
        {
            return parts[0];
        }

        var end = parts[1].IndexOfAny(['(', ':', ' ']);
        return parts[0] + " " + (end < 0 ? parts[1] : parts[1][..end]);
    }

    public override string ToString() =>
        string.Join("\n", Entries.Select(e => e.Key + "\n  " + string.Join("\n  ", e.Value)));
}
