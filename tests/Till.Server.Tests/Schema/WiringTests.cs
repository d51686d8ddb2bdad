using Till.Server.GraphQL;

namespace Till.Server.Tests.Schema;

/// <summary>Every field of every served version is served, and every wired name exists in some version.</summary>
[Trait("Backend", "None")] // Touches no test database: the PostgreSQL pass leaves it out (scripts/test).
public sealed class WiringTests
{
    [Theory]
    [MemberData(nameof(ServedVersions.All), MemberType = typeof(ServedVersions))]
    public void EveryFieldOfEveryObjectType_HasAResolverOrADeclaredProperty(string version)
    {
        var (_, wiring) = SchemaFactory.BuildWithReport(version);

        wiring.Unserved.ShouldBeEmpty($"{version}: fields nothing serves (wire a resolver, or declare the type's source with Wiring.Properties):\n"
            + string.Join("\n", wiring.Unserved));
    }

    [Fact]
    public void EveryWiredTypeAndField_ExistsInAtLeastOneServedVersion()
    {
        var missingEverywhere = ApiVersions.Served
            .Select(v => SchemaFactory.BuildWithReport(v).Wiring.NotInSchema)
            .Aggregate((a, b) => [.. a.Intersect(b, StringComparer.Ordinal)]);

        missingEverywhere.ShouldBeEmpty("wired but in no served version (a misspelt or removed name):\n" + string.Join("\n", missingEverywhere));
    }

    [Fact]
    public void TheReport_NamesUnservedFields_UnknownNames_AndMissingProperties()
    {
        const string sdl = """
            type Query {
              drawer: Drawer
              name: String
            }

            type Drawer {
              id: ID!
              name: String
              title: String
            }

            type Gift {
              code: String
            }
            """;
        Wiring wiring = null!;
        var schema = global::GraphQL.Types.Schema.For(sdl, builder =>
        {
            builder.AllowUnknownTypes = true;
            builder.AllowUnknownFields = true;
            wiring = new Wiring(builder);
            wiring.Field("Query", "drawer", _ => new Sample("1", "Front"));
            wiring.Field("Query", "nmae", _ => "typo");
            wiring.IsTypeOf("Ledger", _ => true);
            wiring.Properties("Drawer", typeof(Sample));
            wiring.Properties("Till", typeof(Sample));
            wiring.NeverReturned("Gift");
        });
        schema.Initialize();

        var report = wiring.Report(schema);

        report.Unserved.ShouldBe(["Drawer.title (no resolver, and no property title on Sample)", "Query.name (no resolver)"]);
        report.NotInSchema.ShouldBe(["Ledger", "Query.nmae", "Till"]);
    }

    private sealed record Sample(string Id, string Name);
}
