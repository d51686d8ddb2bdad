using GraphQLParser;
using Till.Server.GraphQL;

namespace Till.Server.Tests.Schema;

/// <summary>How a version's changes file is applied to the schema it builds on, and the served versions' files.</summary>
[Trait("Backend", "None")] // Touches no test database: the PostgreSQL pass leaves it out (scripts/test).
public sealed class SchemaComposerTests
{
    private const string Base = """
        directive @idempotent(key: String!) on FIELD

        "A drawer."
        type Drawer implements Node {
          "Its ID."
          id: ID!
          "Its name."
          name: String!
          "Its old name."
          title: String
        }

        "Something with an ID."
        interface Node {
          "The ID."
          id: ID!
        }

        "The root."
        type Query {
          "A drawer by ID."
          drawer(id: ID!): Drawer
        }

        "A status."
        enum Status {
          "Open."
          OPEN
          "Closed."
          CLOSED
        }

        "One of several."
        union Thing = Drawer
        """;

    private static string Compose(string changes) =>
        SchemaComposer.Print(SchemaComposer.Apply(Parser.Parse(Base), Parser.Parse(changes), "test.graphql"));

    private static string Printed(string sdl) => SchemaComposer.Print(Parser.Parse(sdl));

    [Fact]
    public void AnAddedField_TakesItsAlphabeticalPlace_AndARestatedOneReplacesTheOldWhereItStands()
    {
        var composed = Compose("""
            extend type Drawer {
              "Its balance."
              balance: Int!
              "Its name, as shown on the drawer."
              name: String!
              "Its note."
              note: String
              "Its old name."
              title: String @deprecated(reason: "Use `name`.")
            }
            """);

        composed.ShouldBe(Printed("""
            directive @idempotent(key: String!) on FIELD

            "A drawer."
            type Drawer implements Node {
              "Its balance."
              balance: Int!
              "Its ID."
              id: ID!
              "Its name, as shown on the drawer."
              name: String!
              "Its note."
              note: String
              "Its old name."
              title: String @deprecated(reason: "Use `name`.")
            }

            "Something with an ID."
            interface Node {
              "The ID."
              id: ID!
            }

            "The root."
            type Query {
              "A drawer by ID."
              drawer(id: ID!): Drawer
            }

            "A status."
            enum Status {
              "Open."
              OPEN
              "Closed."
              CLOSED
            }

            "One of several."
            union Thing = Drawer
            """));
    }

    [Fact]
    public void RemovedMarks_RemoveFieldsValuesAndTypes()
    {
        var composed = Compose("""
            extend type Drawer {
              title: String @removed
            }

            extend enum Status {
              CLOSED @removed
            }

            extend union Thing @removed
            """);

        composed.ShouldBe(Printed("""
            directive @idempotent(key: String!) on FIELD

            "A drawer."
            type Drawer implements Node {
              "Its ID."
              id: ID!
              "Its name."
              name: String!
            }

            "Something with an ID."
            interface Node {
              "The ID."
              id: ID!
            }

            "The root."
            type Query {
              "A drawer by ID."
              drawer(id: ID!): Drawer
            }

            "A status."
            enum Status {
              "Open."
              OPEN
            }
            """));
    }

    [Fact]
    public void AddedEnumValuesUnionMembersInterfacesAndDirectives_GoLast()
    {
        var composed = Compose("""
            extend enum Status {
              "Suspended."
              ARCHIVED
            }

            extend union Thing = Query

            extend type Query implements Node @accessRestricted {
              "The root's ID."
              id: ID!
            }
            """);

        composed.ShouldBe(Printed("""
            directive @idempotent(key: String!) on FIELD

            "A drawer."
            type Drawer implements Node {
              "Its ID."
              id: ID!
              "Its name."
              name: String!
              "Its old name."
              title: String
            }

            "Something with an ID."
            interface Node {
              "The ID."
              id: ID!
            }

            "The root."
            type Query implements Node @accessRestricted {
              "A drawer by ID."
              drawer(id: ID!): Drawer
              "The root's ID."
              id: ID!
            }

            "A status."
            enum Status {
              "Open."
              OPEN
              "Closed."
              CLOSED
              "Suspended."
              ARCHIVED
            }

            "One of several."
            union Thing = Drawer | Query
            """));
    }

    [Fact]
    public void ANewType_TakesItsAlphabeticalPlace_AndADefinitionOfAnExistingTypeReplacesIt()
    {
        var composed = Compose("""
            "Till's own note on a drawer."
            type TillDrawerNote {
              "The text."
              text: String!
            }

            "A lock."
            type Lock {
              "Whether it is locked."
              locked: Boolean!
            }

            "What a drawer can be."
            enum Status {
              "Open."
              OPEN
            }

            directive @tillTrace on FIELD
            """);

        composed.ShouldBe(Printed("""
            directive @idempotent(key: String!) on FIELD

            directive @tillTrace on FIELD

            "A drawer."
            type Drawer implements Node {
              "Its ID."
              id: ID!
              "Its name."
              name: String!
              "Its old name."
              title: String
            }

            "A lock."
            type Lock {
              "Whether it is locked."
              locked: Boolean!
            }

            "Something with an ID."
            interface Node {
              "The ID."
              id: ID!
            }

            "The root."
            type Query {
              "A drawer by ID."
              drawer(id: ID!): Drawer
            }

            "What a drawer can be."
            enum Status {
              "Open."
              OPEN
            }

            "One of several."
            union Thing = Drawer

            "Till's own note on a drawer."
            type TillDrawerNote {
              "The text."
              text: String!
            }
            """));
    }

    [Theory]
    [InlineData("extend type Missing { a: Int }", "test.graphql: extend type Missing: there is no type Missing to extend.")]
    [InlineData("extend enum Drawer { A }", "test.graphql: extend enum Drawer: Drawer is a type.")]
    [InlineData("extend type Drawer { owner: String @removed }", "test.graphql: extend type Drawer: owner is marked @removed but there is none to remove.")]
    [InlineData("type Drawer @removed { id: ID! }", "test.graphql: @removed on the definition of Drawer; write 'extend ... Drawer @removed' to remove a type.")]
    [InlineData("extend schema { subscription: Query }", "test.graphql: a SchemaExtension cannot be applied; use a definition or an extension of a type.")]
    public void AChangeThatCannotApply_NamesTheFileAndTheProblem(string changes, string message)
    {
        var problem = Should.Throw<InvalidOperationException>(() => Compose(changes));

        problem.Message.ShouldBe(message);
    }

    [Fact]
    public void TheServedVersions_AreTheBaseThenVersionsThatEachBuildOnAnEarlierOne()
    {
        ApiVersions.All[0].BuildsOn.ShouldBeNull();
        ApiVersions.All.Count(v => v.BuildsOn is null).ShouldBe(1);
        for (var i = 1; i < ApiVersions.All.Length; i++)
        {
            var version = ApiVersions.All[i];
            ApiVersions.Served[..i].ShouldContain(version.BuildsOn, $"{version.Name} builds on {version.BuildsOn}, which must be served and listed before it");
        }

        ApiVersions.Served.Distinct(StringComparer.Ordinal).Count().ShouldBe(ApiVersions.Served.Length);
    }

    [Fact]
    public void EverySchemaFile_IsAServedVersion_AndEveryServedVersionHasOne()
    {
        const string prefix = "Till.Server.Schema.";
        var files = typeof(ApiVersions).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".graphql", StringComparison.Ordinal))
            .Select(n => n[prefix.Length..^".graphql".Length])
            .Order(StringComparer.Ordinal);

        files.ShouldBe(ApiVersions.Served.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OnlyTheBaseFile_IsAWholeSchema()
    {
        var whole = Parser.Parse(SchemaComposer.Load(ApiVersions.All.Single(v => v.BuildsOn is null).Name)).Definitions.Count;
        foreach (var version in ApiVersions.All.Where(v => v.BuildsOn is not null))
        {
            // A version's file adds its own types and extends the ones it changes: far fewer
            // definitions of its own than the whole schema has.
            var definitions = Parser.Parse(SchemaComposer.Load(version.Name)).Definitions;
            definitions.Count(d => d is not GraphQLParser.AST.GraphQLTypeExtension).ShouldBeLessThan(
                whole / 4, $"{SchemaComposer.FileName(version.Name)} should hold the version's changes, not a copy of the schema");
        }
    }

    [Theory]
    [MemberData(nameof(ServedVersions.All), MemberType = typeof(ServedVersions))]
    public void ComposedSchema_CarriesNoChangeMarks(string version) =>
        SchemaComposer.ComposeSdl(version).ShouldNotContain("@" + SchemaComposer.Removed);
}
