using GraphQL.Types;
using GraphQLParser.AST;
using Till.Server.GraphQL.Resolvers;

namespace Till.Server.GraphQL;

/// <summary>Builds one executable schema per API version from its composed SDL, with Till's resolvers.</summary>
internal static class SchemaFactory
{
    public static ISchema Build(string version) => BuildWithReport(version).Schema;

    /// <summary>Builds a version's schema, with what the wiring left unserved or could not attach (<see cref="Wiring.Report"/>).</summary>
    public static (ISchema Schema, WiringReport Wiring) BuildWithReport(string version)
    {
        var document = SchemaComposer.Compose(version);
        Wiring wiring = null!;
        var schema = Schema.For(SchemaComposer.Print(document), builder =>
        {
            // One wiring serves every version; Wiring.Report, not the builder, tells which names a version lacks.
            builder.AllowUnknownTypes = true;
            builder.AllowUnknownFields = true;
            wiring = new Wiring(builder);
            WireAll(wiring);
        });
        // Till's scalars replace the ones the SDL declares; they keep the SDL's descriptions.
        var descriptions = document.Definitions.OfType<GraphQLScalarTypeDefinition>()
            .ToDictionary(d => d.Name.StringValue, d => d.Description?.Value.ToString());
        foreach (var scalar in new ScalarGraphType[] { new DecimalScalar(), new MoneyScalar(), new DateTimeScalar(), new DateScalar(), new UnsignedInt64Scalar(), new JsonScalar(), new GlobalIdScalar(), new UrlScalar(), new TextScalar("ARN") })
        {
            if (descriptions.TryGetValue(scalar.Name, out var description))
            {
                scalar.Description = description;
            }

            schema.RegisterType(scalar);
        }

        schema.Initialize();

        schema.Filter = new ContractSchemaFilter();
        ShowExplicitNullDefaults(schema);

        ScopeRules.Apply(schema);
        StaffRules.Apply(schema);
        return (schema, wiring.Report(schema));
    }

    /// <summary>Every resolver of every version; a field of a newer version is wired here like any other.</summary>
    private static void WireAll(Wiring wiring)
    {
        QueryResolvers.Wire(wiring);
        ShopResolvers.Wire(wiring);
        MutationResolvers.Wire(wiring);
        SessionResolvers.Wire(wiring);
        ActivityResolvers.Wire(wiring);
        ObjectResolvers.Wire(wiring);
        BulkResolvers.Wire(wiring);
        DrawerResolvers.Wire(wiring);
        LegacyResolvers.Wire(wiring);
        StaffResolvers.Wire(wiring);
        ReviewResolvers.Wire(wiring);
        WebhookResolvers.Wire(wiring);
        DenominationResolvers.Wire(wiring);
        ReversalResolvers.Wire(wiring);
        LedgerChainResolvers.Wire(wiring);
        TenderResolvers.Wire(wiring);
    }

    /// <summary>
    /// GraphQL.NET cannot tell "no default" from "defaults to null", so introspection would drop
    /// <c>@accessRestricted(reason: String = null)</c>'s default; report it as the contract does.
    /// </summary>
    private static void ShowExplicitNullDefaults(Schema schema)
    {
        var explicitNull = schema.Directives.Where(d => d.Name == "accessRestricted").SelectMany(d => d.Arguments ?? []).ToHashSet();
        if (schema.AllTypes["__InputValue"] is IObjectGraphType inputValue && inputValue.GetField("defaultValue") is { Resolver: { } inner } field)
        {
            field.Resolver = new global::GraphQL.Resolvers.FuncFieldResolver<object?>(context =>
                context.Source is QueryArgument argument && explicitNull.Contains(argument) ? ValueTask.FromResult<object?>("null") : inner.ResolveAsync(context));
        }
    }

    /// <summary>Shows <c>@accessRestricted</c> in introspection, as the contract declares it, although it applies to the type system only.</summary>
    private sealed class ContractSchemaFilter : global::GraphQL.Introspection.DefaultSchemaFilter
    {
        public override Task<bool> AllowDirective(Directive directive) =>
            directive.Name == "accessRestricted" ? Task.FromResult(true) : base.AllowDirective(directive);
    }
}
