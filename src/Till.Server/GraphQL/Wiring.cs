using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Utilities;

namespace Till.Server.GraphQL;

/// <summary>Attaches resolvers and type checks to a schema built from SDL.</summary>
internal sealed class Wiring(SchemaBuilder builder)
{
    public void Field(string type, string field, Func<IResolveFieldContext, object?> resolve) =>
        builder.Types.For(type).FieldFor(field).Resolver = new FuncFieldResolver<object?>(resolve);

    public void FieldAsync(string type, string field, Func<IResolveFieldContext, Task<object?>> resolve) =>
        builder.Types.For(type).FieldFor(field).Resolver = new FuncFieldResolver<object?>(async context => await resolve(context).ConfigureAwait(false));

    public void Constant(string type, string field, object? value) =>
        Field(type, field, _ => value);

    public void IsTypeOf(string type, Func<object, bool> check) =>
        builder.Types.For(type).IsTypeOfFunc = check;
}
