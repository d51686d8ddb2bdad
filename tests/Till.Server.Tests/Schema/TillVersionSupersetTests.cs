using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Schema;

/// <summary>
/// The <c>till</c> version is a strict superset of the newest Shopify version it builds on: every
/// type, field, argument, input field, enum value, union member, interface and directive of
/// 2027-01 is served unchanged (kind, type, default, deprecation and description), and everything
/// it adds is named so no Shopify release can collide with it: types <c>Till...</c>, fields,
/// arguments and input fields on Shopify's types <c>till...</c>, enum values added to Shopify's
/// enums <c>TILL_...</c>. An added argument or input field is optional, so a Shopify client's
/// requests stay valid.
/// </summary>
public sealed class TillVersionSupersetTests : IAsyncLifetime
{
    private const string Newest = "2027-01";

    private TillServer server = null!;
    private TestShop shop = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync();
        shop = await server.CreateShopAsync();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task TillVersion_KeepsEverythingOfTheNewestShopifyVersion_AndAddsOnlyTillNames()
    {
        var shopify = await IntrospectAsync(Newest);
        var till = await IntrospectAsync("till");
        var problems = new List<string>();

        var tillTypes = Types(till);
        foreach (var (name, type) in Types(shopify))
        {
            if (!tillTypes.TryGetValue(name, out var served))
            {
                problems.Add($"{name}: removed");
                continue;
            }

            CompareType(name, type, served, problems);
        }

        foreach (var name in tillTypes.Keys.Except(Types(shopify).Keys))
        {
            if (!name.StartsWith("Till", StringComparison.Ordinal))
            {
                problems.Add($"{name}: an added type whose name does not start with Till");
            }
        }

        var tillDirectives = Named(till, "directives");
        foreach (var (name, directive) in Named(shopify, "directives"))
        {
            if (!tillDirectives.TryGetValue(name, out var served))
            {
                problems.Add($"@{name}: removed");
                continue;
            }

            Same($"@{name}", "description", Description(directive), Description(served), problems);
            Same($"@{name}", "locations", directive.GetProperty("locations").ToString(), served.GetProperty("locations").ToString(), problems);
            CompareInputValues($"@{name}", Named(directive, "args"), Named(served, "args"), problems, "argument");
        }

        foreach (var name in tillDirectives.Keys.Except(Named(shopify, "directives").Keys))
        {
            problems.Add($"@{name}: an added directive");
        }

        foreach (var root in new[] { "queryType", "mutationType" })
        {
            Same("schema", root, shopify.GetProperty(root).ToString(), till.GetProperty(root).ToString(), problems);
        }

        problems.ShouldBeEmpty($"{problems.Count} problem(s) with the till version:\n" + string.Join("\n", problems));
    }

    [Fact]
    public async Task TillVersion_AddsSomething()
    {
        // Guards the test above against comparing a version with itself.
        var shopify = Types(await IntrospectAsync(Newest));
        var till = Types(await IntrospectAsync("till"));

        till.Keys.Except(shopify.Keys).ShouldNotBeEmpty();
    }

    private static void CompareType(string name, JsonElement shopify, JsonElement till, List<string> problems)
    {
        Same(name, "kind", shopify.GetProperty("kind").GetString(), till.GetProperty("kind").GetString(), problems);
        Same(name, "description", Description(shopify), Description(till), problems);

        var tillFields = Named(till, "fields");
        foreach (var (field, definition) in Named(shopify, "fields"))
        {
            var path = $"{name}.{field}";
            if (!tillFields.TryGetValue(field, out var served))
            {
                problems.Add($"{path}: removed");
                continue;
            }

            Same(path, "type", TypeOf(definition), TypeOf(served), problems);
            Same(path, "description", Description(definition), Description(served), problems);
            Same(path, "deprecation", Deprecation(definition), Deprecation(served), problems);
            CompareInputValues(path, Named(definition, "args"), Named(served, "args"), problems, "argument");
        }

        foreach (var field in tillFields.Keys.Except(Named(shopify, "fields").Keys))
        {
            TillName($"{name}.{field}", field, "till", problems);
        }

        CompareInputValues(name, Named(shopify, "inputFields"), Named(till, "inputFields"), problems, "input field");

        var tillValues = Named(till, "enumValues");
        foreach (var (value, definition) in Named(shopify, "enumValues"))
        {
            if (!tillValues.TryGetValue(value, out var served))
            {
                problems.Add($"{name}.{value}: removed");
                continue;
            }

            Same($"{name}.{value}", "description", Description(definition), Description(served), problems);
            Same($"{name}.{value}", "deprecation", Deprecation(definition), Deprecation(served), problems);
        }

        foreach (var value in tillValues.Keys.Except(Named(shopify, "enumValues").Keys))
        {
            TillName($"{name}.{value}", value, "TILL_", problems);
        }

        foreach (var list in new[] { "interfaces", "possibleTypes" })
        {
            var before = Names(shopify, list);
            var after = Names(till, list);
            problems.AddRange(before.Except(after).Select(n => $"{name}: {list} lost {n}"));
            problems.AddRange(after.Except(before).Where(n => !n.StartsWith("Till", StringComparison.Ordinal)).Select(n => $"{name}: {list} gained {n}, which is not a Till type"));
        }
    }

    private static void CompareInputValues(string owner, Dictionary<string, JsonElement> shopify, Dictionary<string, JsonElement> till, List<string> problems, string what)
    {
        foreach (var (name, value) in shopify)
        {
            var path = $"{owner}({name})";
            if (!till.TryGetValue(name, out var served))
            {
                problems.Add($"{path}: {what} removed");
                continue;
            }

            Same(path, "type", TypeOf(value), TypeOf(served), problems);
            Same(path, "default", value.GetProperty("defaultValue").ToString(), served.GetProperty("defaultValue").ToString(), problems);
            Same(path, "description", Description(value), Description(served), problems);
        }

        foreach (var (name, value) in till.Where(p => !shopify.ContainsKey(p.Key)))
        {
            var path = $"{owner}({name})";
            TillName(path, name, "till", problems, owner.StartsWith("Till", StringComparison.Ordinal));
            if (value.GetProperty("type").GetProperty("kind").GetString() == "NON_NULL" && value.GetProperty("defaultValue").ValueKind == JsonValueKind.Null
                && !owner.StartsWith("Till", StringComparison.Ordinal))
            {
                problems.Add($"{path}: an added {what} that is required, so a Shopify client's request would no longer be valid");
            }
        }
    }

    private static void TillName(string path, string name, string prefix, List<string> problems, bool ownerIsTill = false)
    {
        if (!ownerIsTill && !name.StartsWith(prefix, StringComparison.Ordinal))
        {
            problems.Add($"{path}: an addition whose name does not start with {prefix}");
        }
    }

    private static void Same(string path, string what, string? expected, string? actual, List<string> problems)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            problems.Add($"{path}: {what} changed from {expected ?? "(none)"} to {actual ?? "(none)"}");
        }
    }

    private static Dictionary<string, JsonElement> Types(JsonElement schema) =>
        schema.GetProperty("types").EnumerateArray()
            .Where(t => !SchemaModel.IsBuiltIn(t.GetProperty("name").GetString()!))
            .ToDictionary(t => t.GetProperty("name").GetString()!, StringComparer.Ordinal);

    private static Dictionary<string, JsonElement> Named(JsonElement owner, string property) =>
        owner.TryGetProperty(property, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, StringComparer.Ordinal)
            : [];

    private static string[] Names(JsonElement owner, string property) =>
        owner.TryGetProperty(property, out var items) && items.ValueKind == JsonValueKind.Array
            ? [.. items.EnumerateArray().Select(i => i.GetProperty("name").GetString()!)]
            : [];

    private static string? Description(JsonElement element) =>
        element.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;

    private static string Deprecation(JsonElement element) =>
        element.TryGetProperty("isDeprecated", out var deprecated) && deprecated.ValueKind == JsonValueKind.True
            ? "deprecated: " + element.GetProperty("deprecationReason")
            : "not deprecated";

    private static string TypeOf(JsonElement element) => SchemaModel.TypeString(element.GetProperty("type"));

    private async Task<JsonElement> IntrospectAsync(string version)
    {
        using var response = await server.PostGraphQLAsync(shop.Token, SchemaModel.IntrospectionQuery, version: version);
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(200, body);
        using var document = JsonDocument.Parse(body);
        document.RootElement.TryGetProperty("errors", out _).ShouldBeFalse(body);
        return document.RootElement.GetProperty("data").GetProperty("__schema").Clone();
    }
}
