using System.Text.Json.Nodes;
using Till.Server.GraphQL;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Schema;

/// <summary>
/// Each served version answers the standard introspection query exactly as its committed
/// <c>docs/introspection/&lt;version&gt;.json</c> says: every type, field, argument, enum value and
/// directive, with descriptions, defaults, deprecations and order. After a deliberate schema change,
/// rewrite the files with <c>scripts/test-clients --update-introspection</c>.
/// </summary>
public sealed class IntrospectionSnapshotTests : IAsyncLifetime
{
    /// <summary>The text of graphql-js's <c>getIntrospectionQuery()</c> (graphql 16), which wrote the committed files.</summary>
    private const string StandardIntrospectionQuery = """
        query IntrospectionQuery {
          __schema {
            queryType { name kind }
            mutationType { name kind }
            subscriptionType { name kind }
            types { ...FullType }
            directives { name description locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind
          name
          description
          fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type {
          kind name
          ofType { name kind ofType { name kind ofType { name kind ofType { name kind ofType { name kind
            ofType { name kind ofType { name kind ofType { name kind ofType { name kind } } } } } } } } }
        }
        """;

    private static readonly string SnapshotDirectory = Path.Combine(AppContext.BaseDirectory, "Introspection");

    private TillServer server = null!;
    private TestShop shop = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync();
        shop = await server.CreateShopAsync();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public void EveryServedVersion_HasACommittedIntrospectionFile_AndNoOtherVersionDoes()
    {
        var files = Directory.GetFiles(SnapshotDirectory, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal).ToList();

        files.ShouldBe(ApiVersions.Served.Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [MemberData(nameof(ServedVersions.All), MemberType = typeof(ServedVersions))]
    public async Task ServedSchema_AnswersIntrospectionAsCommitted(string version)
    {
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(SnapshotDirectory, version + ".json")))!;
        using var response = await server.PostGraphQLAsync(shop.Token, StandardIntrospectionQuery, version: version);
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(200, body);
        var actual = JsonNode.Parse(body)!;
        actual["errors"].ShouldBeNull(body);

        var differences = new List<string>();
        Compare(expected, actual["data"], "data", differences);

        differences.ShouldBeEmpty($"{version}: {differences.Count} difference(s) from docs/introspection/{version}.json "
            + "(run scripts/test-clients --update-introspection after a deliberate change):\n" + string.Join("\n", differences.Take(40)));
    }

    /// <summary>Records where two JSON trees differ; array items that carry a name are labelled by it.</summary>
    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> differences)
    {
        if (expected is JsonObject wantObject && actual is JsonObject gotObject)
        {
            foreach (var (key, want) in wantObject)
            {
                if (!gotObject.ContainsKey(key))
                {
                    differences.Add($"{path}.{key}: missing");
                    continue;
                }

                Compare(want, gotObject[key], $"{path}.{key}", differences);
            }

            differences.AddRange(gotObject.Where(p => !wantObject.ContainsKey(p.Key)).Select(p => $"{path}.{p.Key}: unexpected"));
            return;
        }

        if (expected is JsonArray wantArray && actual is JsonArray gotArray)
        {
            var wantNames = wantArray.Select(Label).ToList();
            var gotNames = gotArray.Select(Label).ToList();
            if (!wantNames.SequenceEqual(gotNames))
            {
                differences.Add($"{path}: expected [{string.Join(", ", wantNames)}]\n{new string(' ', path.Length)}  but got [{string.Join(", ", gotNames)}]");
                return;
            }

            for (var i = 0; i < wantArray.Count; i++)
            {
                Compare(wantArray[i], gotArray[i], $"{path}[{wantNames[i]}]", differences);
            }

            return;
        }

        if (!JsonNode.DeepEquals(expected, actual))
        {
            differences.Add($"{path}: expected {expected?.ToJsonString() ?? "null"} but got {actual?.ToJsonString() ?? "null"}");
        }
    }

    private static string Label(JsonNode? item) =>
        item is JsonObject o && o["name"] is JsonValue name ? name.ToString() : item?.ToJsonString() ?? "null";
}
