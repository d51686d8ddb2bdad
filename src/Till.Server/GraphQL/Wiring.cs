using System.Reflection;
using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQL.Utilities;

namespace Till.Server.GraphQL;

/// <summary>
/// Attaches resolvers and type checks to a schema built from SDL. The same wiring serves every API
/// version, so a field a version lacks is skipped when building that version; the wiring remembers
/// what it attached, and <see cref="Report"/> tells which fields of a schema nothing serves and which
/// wired names the schema lacks (tests require the first to be empty in every version and the
/// second to be served by at least one version).
/// </summary>
internal sealed class Wiring(SchemaBuilder builder)
{
    private readonly HashSet<(string Type, string Field)> fields = [];
    private readonly HashSet<string> typeChecks = [];
    private readonly HashSet<string> neverReturned = [];
    private readonly List<(Func<string, bool> Types, string? Name, Type Source)> propertySources = [];

    public void Field(string type, string field, Func<IResolveFieldContext, object?> resolve)
    {
        fields.Add((type, field));
        builder.Types.For(type).FieldFor(field).Resolver = new FuncFieldResolver<object?>(resolve);
    }

    public void FieldAsync(string type, string field, Func<IResolveFieldContext, Task<object?>> resolve)
    {
        fields.Add((type, field));
        builder.Types.For(type).FieldFor(field).Resolver = new FuncFieldResolver<object?>(async context => await resolve(context).ConfigureAwait(false));
    }

    public void Constant(string type, string field, object? value) =>
        Field(type, field, _ => value);

    public void IsTypeOf(string type, Func<object, bool> check)
    {
        typeChecks.Add(type);
        builder.Types.For(type).IsTypeOfFunc = check;
    }

    /// <summary>
    /// Declares a type the schema has but Till never returns (a field of that type always resolves to
    /// null), so its fields need no resolvers.
    /// </summary>
    public void NeverReturned(string type)
    {
        neverReturned.Add(type);
        IsTypeOf(type, _ => false);
    }

    /// <summary>
    /// Declares that the fields of <paramref name="type"/> that have no resolver of their own are read
    /// from the objects its parents return, which are <paramref name="source"/>: GraphQL.NET's default
    /// resolver reads the property of the field's name, ignoring case.
    /// </summary>
    public void Properties(string type, Type source) => propertySources.Add((name => name == type, type, source));

    /// <summary>As <see cref="Properties(string, Type)"/>, for every type whose name matches a naming rule (such as "ends with Connection").</summary>
    public void Properties(Func<string, bool> types, Type source) => propertySources.Add((types, null, source));

    /// <summary>What this wiring leaves unserved in a built schema, and what it names that the schema lacks.</summary>
    public WiringReport Report(ISchema schema)
    {
        var unserved = new List<string>();
        foreach (var type in schema.AllTypes.OfType<IObjectGraphType>().Where(t => !t.Name.StartsWith("__", StringComparison.Ordinal) && !neverReturned.Contains(t.Name)))
        {
            var sources = propertySources.Where(p => p.Types(type.Name)).Select(p => p.Source).ToList();
            foreach (var field in type.Fields)
            {
                if (!fields.Contains((type.Name, field.Name)) && !sources.Any(s => HasProperty(s, field.Name)))
                {
                    unserved.Add($"{type.Name}.{field.Name}" + (sources.Count > 0 ? $" (no resolver, and no property {field.Name} on {string.Join(" or ", sources.Select(s => s.Name))})" : " (no resolver)"));
                }
            }
        }

        var unknown = new List<string>();
        unknown.AddRange(fields.Where(f => schema.AllTypes[f.Type] is not IComplexGraphType t || t.GetField(f.Field) is null).Select(f => $"{f.Type}.{f.Field}"));
        unknown.AddRange(typeChecks.Where(t => schema.AllTypes[t] is null));
        unknown.AddRange(propertySources.Where(p => p.Name is { } name && schema.AllTypes[name] is null).Select(p => p.Name!));
        return new WiringReport([.. unserved.Order(StringComparer.Ordinal)], [.. unknown.Distinct().Order(StringComparer.Ordinal)]);
    }

    private static bool HasProperty(Type source, string name) =>
        source.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null;
}

/// <summary>
/// The result of <see cref="Wiring.Report"/> for one version: fields nothing serves ("Type.field"),
/// and wired types and fields the version does not have.
/// </summary>
internal sealed record WiringReport(IReadOnlyList<string> Unserved, IReadOnlyList<string> NotInSchema);
