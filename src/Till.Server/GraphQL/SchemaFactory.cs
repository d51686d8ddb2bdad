using GraphQL.Types;
using Till.Server.GraphQL.Resolvers;

namespace Till.Server.GraphQL;

/// <summary>Builds one executable schema per API version from its SDL file, with Till's resolvers.</summary>
internal static class SchemaFactory
{
    public static string LoadSdl(string version)
    {
        using var stream = typeof(SchemaFactory).Assembly.GetManifestResourceStream($"Till.Server.Schema.{version}.graphql")
            ?? throw new InvalidOperationException($"No schema for version {version}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static ISchema Build(string version)
    {
        var schema = Schema.For(LoadSdl(version), builder =>
        {
            builder.AllowUnknownFields = true;
            var wiring = new Wiring(builder);
            QueryResolvers.Wire(wiring);
            MutationResolvers.Wire(wiring);
            SessionResolvers.Wire(wiring);
            ActivityResolvers.Wire(wiring);
            ObjectResolvers.Wire(wiring);
            DrawerResolvers.Wire(wiring);
            LegacyResolvers.Wire(wiring);
        });
        schema.RegisterType(new DecimalScalar());
        schema.RegisterType(new MoneyScalar());
        schema.RegisterType(new DateTimeScalar());
        schema.RegisterType(new DateScalar());
        schema.RegisterType(new UnsignedInt64Scalar());
        schema.RegisterType(new JsonScalar());
        schema.RegisterType(new GlobalIdScalar());
        schema.Initialize();
        ScopeRules.Apply(schema);
        return schema;
    }
}
