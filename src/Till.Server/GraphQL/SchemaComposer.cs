using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Visitors;

namespace Till.Server.GraphQL;

/// <summary>
/// Composes the SDL of each served version: the base version's complete file, then the changes
/// file of every version on the way from the base to the one asked for (see
/// <see cref="ApiVersions.All"/> and docs/architecture.md, "API versions").
/// </summary>
/// <remarks>
/// A changes file is GraphQL SDL:
/// <list type="bullet">
/// <item>a definition (<c>type</c>, <c>enum</c>, <c>input</c>, <c>union</c>, <c>interface</c>,
/// <c>scalar</c>, <c>directive</c>) adds that type or directive, or replaces the one of that name
/// whole;</item>
/// <item><c>extend type T { ... }</c> (and <c>extend interface</c>, <c>input</c>, <c>enum</c>,
/// <c>union</c>) changes an existing type: each field, input field or enum value it lists replaces
/// the one of that name where it stands (a new description, type, arguments or
/// <c>@deprecated</c>), or is added if there is none; interfaces, union members and directives it
/// lists are added;</item>
/// <item><c>@removed</c> on a listed field or enum value removes it; <c>extend type T @removed</c>
/// removes the type.</item>
/// </list>
/// Added types and fields take their alphabetical place, as the base file lists them; added enum
/// values and union members go last.
/// </remarks>
internal static class SchemaComposer
{
    /// <summary>The directive of a changes file that removes what it marks; it never reaches a served schema.</summary>
    public const string Removed = "removed";

    /// <summary>The composed schema of a served version.</summary>
    public static GraphQLDocument Compose(string version)
    {
        var served = ApiVersions.All.FirstOrDefault(v => v.Name == version) ?? throw new InvalidOperationException($"{version} is not a served version.");
        if (served.BuildsOn is null)
        {
            return Parser.Parse(Load(version));
        }

        return Apply(Compose(served.BuildsOn), Parser.Parse(Load(version)), FileName(version));
    }

    /// <summary>The composed schema of a served version as SDL text.</summary>
    public static string ComposeSdl(string version) => Print(Compose(version));

    public static string Print(GraphQLDocument document) => new SDLPrinter().Print(document);

    public static string FileName(string version) => $"GraphQL/Schema/{version}.graphql";

    /// <summary>The text of a version's file, embedded as <c>Till.Server.Schema.&lt;version&gt;.graphql</c>.</summary>
    public static string Load(string version)
    {
        using var stream = typeof(SchemaComposer).Assembly.GetManifestResourceStream($"Till.Server.Schema.{version}.graphql")
            ?? throw new InvalidOperationException($"No schema file for version {version} ({FileName(version)}).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Applies a changes document to a schema document (changed in place, and returned).</summary>
    public static GraphQLDocument Apply(GraphQLDocument schema, GraphQLDocument changes, string source)
    {
        foreach (var change in changes.Definitions)
        {
            switch (change)
            {
                case GraphQLDirectiveDefinition directive:
                    DefineDirective(schema, directive);
                    break;
                case GraphQLTypeDefinition definition:
                    Define(schema, definition, source);
                    break;
                case GraphQLTypeExtension extension:
                    Extend(schema, extension, source);
                    break;
                default:
                    throw Problem(source, $"a {change.Kind} cannot be applied; use a definition or an extension of a type");
            }
        }

        return schema;
    }

    private static void Define(GraphQLDocument schema, GraphQLTypeDefinition definition, string source)
    {
        if (HasRemoved((definition as IHasDirectivesNode)?.Directives))
        {
            throw Problem(source, $"@{Removed} on the definition of {definition.Name.StringValue}; write 'extend ... {definition.Name.StringValue} @{Removed}' to remove a type");
        }

        var name = definition.Name.StringValue;
        var existing = IndexOfType(schema, n => n == name);
        if (existing >= 0)
        {
            schema.Definitions[existing] = definition;
            return;
        }

        var after = IndexOfType(schema, n => string.CompareOrdinal(n, name) > 0);
        schema.Definitions.Insert(after >= 0 ? after : schema.Definitions.Count, definition);
    }

    private static void DefineDirective(GraphQLDocument schema, GraphQLDirectiveDefinition directive)
    {
        var name = directive.Name.StringValue;
        var existing = schema.Definitions.FindIndex(d => d is GraphQLDirectiveDefinition e && e.Name.StringValue == name);
        if (existing >= 0)
        {
            schema.Definitions[existing] = directive;
            return;
        }

        var last = schema.Definitions.FindLastIndex(d => d is GraphQLDirectiveDefinition or GraphQLSchemaDefinition);
        schema.Definitions.Insert(last + 1, directive);
    }

    private static void Extend(GraphQLDocument schema, GraphQLTypeExtension extension, string source)
    {
        var name = extension.Name.StringValue;
        var index = IndexOfType(schema, n => n == name);
        var where = $"extend {Keyword(extension)} {name}";
        if (index < 0)
        {
            throw Problem(source, $"{where}: there is no type {name} to extend");
        }

        var target = (GraphQLTypeDefinition)schema.Definitions[index];
        if (Keyword(target) != Keyword(extension))
        {
            throw Problem(source, $"{where}: {name} is a {Keyword(target)}");
        }

        var directives = (extension as IHasDirectivesNode)?.Directives;
        if (HasRemoved(directives))
        {
            schema.Definitions.RemoveAt(index);
            return;
        }

        AddDirectives(target, directives);
        switch (extension)
        {
            case GraphQLObjectTypeExtension or GraphQLInterfaceTypeExtension:
                AddInterfaces((IHasInterfacesNode)target, ((IHasInterfacesNode)extension).Interfaces);
                var fields = ((IHasFieldsDefinitionNode)target).Fields ??= new GraphQLFieldsDefinition([]);
                Merge(fields.Items, ((IHasFieldsDefinitionNode)extension).Fields?.Items ?? [], f => f.Name.StringValue, f => f.Directives, alphabetical: true, where, source);
                break;
            case GraphQLInputObjectTypeExtension input:
                var inputFields = ((GraphQLInputObjectTypeDefinition)target).Fields ??= new GraphQLInputFieldsDefinition([]);
                Merge(inputFields.Items, input.Fields?.Items ?? [], f => f.Name.StringValue, f => f.Directives, alphabetical: true, where, source);
                break;
            case GraphQLEnumTypeExtension enumeration:
                var values = ((GraphQLEnumTypeDefinition)target).Values ??= new GraphQLEnumValuesDefinition([]);
                Merge(values.Items, enumeration.Values?.Items ?? [], v => v.Name.StringValue, v => v.Directives, alphabetical: false, where, source);
                break;
            case GraphQLUnionTypeExtension union:
                var members = ((GraphQLUnionTypeDefinition)target).Types ??= new GraphQLUnionMemberTypes([]);
                members.Items.AddRange((union.Types?.Items ?? []).Where(m => !members.Items.Any(e => e.Name.StringValue == m.Name.StringValue)));
                break;
            default:
                break;
        }
    }

    /// <summary>Replaces, adds or removes the named members (fields, input fields, enum values) of a type.</summary>
    private static void Merge<T>(List<T> members, List<T> changes, Func<T, string> nameOf, Func<T, GraphQLDirectives?> directivesOf, bool alphabetical, string where, string source)
    {
        foreach (var change in changes)
        {
            var name = nameOf(change);
            var existing = members.FindIndex(m => nameOf(m) == name);
            if (HasRemoved(directivesOf(change)))
            {
                if (existing < 0)
                {
                    throw Problem(source, $"{where}: {name} is marked @{Removed} but there is none to remove");
                }

                members.RemoveAt(existing);
            }
            else if (existing >= 0)
            {
                members[existing] = change;
            }
            else
            {
                var after = alphabetical ? members.FindIndex(m => string.CompareOrdinal(nameOf(m), name) > 0) : -1;
                members.Insert(after >= 0 ? after : members.Count, change);
            }
        }
    }

    private static void AddInterfaces(IHasInterfacesNode target, GraphQLImplementsInterfaces? added)
    {
        if (added is null)
        {
            return;
        }

        var interfaces = target.Interfaces ??= new GraphQLImplementsInterfaces([]);
        interfaces.Items.AddRange(added.Items.Where(i => !interfaces.Items.Any(e => e.Name.StringValue == i.Name.StringValue)));
    }

    private static void AddDirectives(GraphQLTypeDefinition target, GraphQLDirectives? added)
    {
        if (added is null || target is not IHasDirectivesNode node)
        {
            return;
        }

        node.Directives ??= new GraphQLDirectives([]);
        node.Directives.Items.AddRange(added.Items);
    }

    /// <summary>The first type definition (not a directive definition, which the parser also counts as one) whose name matches.</summary>
    private static int IndexOfType(GraphQLDocument schema, Func<string, bool> name) =>
        schema.Definitions.FindIndex(d => d is GraphQLTypeDefinition t and not GraphQLDirectiveDefinition && name(t.Name.StringValue));

    private static bool HasRemoved(GraphQLDirectives? directives) =>
        directives?.Items.Any(d => d.Name.StringValue == Removed) == true;

    private static string Keyword(ASTNode node) => node switch
    {
        GraphQLObjectTypeDefinition or GraphQLObjectTypeExtension => "type",
        GraphQLInterfaceTypeDefinition or GraphQLInterfaceTypeExtension => "interface",
        GraphQLInputObjectTypeDefinition or GraphQLInputObjectTypeExtension => "input",
        GraphQLEnumTypeDefinition or GraphQLEnumTypeExtension => "enum",
        GraphQLUnionTypeDefinition or GraphQLUnionTypeExtension => "union",
        GraphQLScalarTypeDefinition or GraphQLScalarTypeExtension => "scalar",
        _ => node.Kind.ToString(),
    };

    private static InvalidOperationException Problem(string source, string message) => new($"{source}: {message}.");
}
