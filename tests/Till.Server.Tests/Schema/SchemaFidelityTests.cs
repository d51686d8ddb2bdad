using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Schema;

public sealed class SchemaFidelityTests : IAsyncLifetime
{
    private static readonly string ContractPath = Path.Combine(AppContext.BaseDirectory, "Contract", "admin-2026-04-cash-management.graphql");

    // The parts of the contract not served yet, one difference a line as SchemaModel.Differences
    // prints it. Each line goes when its part is served; the file is empty when all of it is.
    private static readonly string PendingPath = Path.Combine(AppContext.BaseDirectory, "Contract", "not-yet-served.txt");

    private static readonly string[] Added202607 =
    [
        "CashDrawer: field balance: MoneyV2!",
        "CashCountActivity: field note: String",
        "CashCountActivity: field reasonCode: CashManagementReasonCode",
    ];

    private static readonly string[] Added202610 = [.. Added202607, "PointOfSaleDevice: field fiscalDeviceIdentifier: String"];

    private TillServer server = null!;
    private TestShop shop = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync();
        shop = await server.CreateShopAsync();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<JsonElement> IntrospectAsync(string version)
    {
        using var response = await server.PostGraphQLAsync(shop.Token, SchemaModel.IntrospectionQuery, version: version);
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(200, body);
        using var document = JsonDocument.Parse(body);
        document.RootElement.TryGetProperty("errors", out _).ShouldBeFalse(body);
        return document.RootElement.GetProperty("data").GetProperty("__schema").Clone();
    }

    [Fact]
    public void Contract_IsParsedIntoAComparableModel()
    {
        var contract = SchemaModel.FromSdl(File.ReadAllText(ContractPath));

        contract.Entries.Count.ShouldBeGreaterThan(90);
        contract.Entries["schema"].ShouldBe(["mutation: Mutation", "query: QueryRoot"]);
        contract.Entries["@accessRestricted"].ShouldBe(["args: reason: String = null", "locations: FIELD_DEFINITION | OBJECT"]);
        contract.Entries["@idempotent"].ShouldBe(["args: key: String!", "locations: FIELD"]);
        contract.Entries["CashDrawer"].ShouldContain("field cashActivities(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, sortKey: CashActivitiesSortKeys = TIME, query: String, staffMemberId: ID): CashActivityConnection!");
        contract.Entries["CashActivityConnection"].ShouldContain("field nodes: [CashActivity!]!");
        contract.Entries["CashManagementReasonCode"].ShouldBe(["kind UNION", "member CashManagementCustomReasonCode", "member CashManagementDefaultReasonCode", "member CashManagementSystemReasonCode"]);
        contract.Entries["Location"].ShouldContain("field isPrimary: Boolean! @deprecated(The concept of a primary location is deprecated, shipsInventory can be used to get a fallback location)");
        contract.Entries["MoneyInput"].ShouldBe(["kind INPUT_OBJECT", "inputField amount: Decimal!", "inputField currencyCode: CurrencyCode!"]);
        contract.Entries.Keys.ShouldNotContain("String");
    }

    [Fact]
    public async Task Served202604Schema_MatchesTheContractExactly()
    {
        var contract = SchemaModel.FromSdl(File.ReadAllText(ContractPath));
        var served = SchemaModel.FromIntrospection(await IntrospectAsync("2026-04"));

        var differences = SchemaModel.Differences(contract, served);
        var pending = File.ReadAllLines(PendingPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);

        var unexpected = differences.Where(d => !pending.Contains(d)).ToList();
        var nowServed = pending.Where(p => !differences.Contains(p)).Order(StringComparer.Ordinal).ToList();
        unexpected.ShouldBeEmpty($"{unexpected.Count} difference(s) between the contract and the served 2026-04 schema:\n" + string.Join("\n", unexpected));
        nowServed.ShouldBeEmpty($"served now, so take these lines out of {Path.GetFileName(PendingPath)}:\n" + string.Join("\n", nowServed));
    }

    [Theory]
    [InlineData("2026-07")]
    [InlineData("2026-10")]
    [InlineData("2027-01")]
    [InlineData("unstable")]
    public async Task LaterVersion_AddsExactlyItsNewFieldsTo202604(string version)
    {
        var baseline = SchemaModel.FromIntrospection(await IntrospectAsync("2026-04")).Flattened();
        var served = SchemaModel.FromIntrospection(await IntrospectAsync(version)).Flattened();
        var expected = version == "2026-07" ? Added202607 : Added202610;

        var added = served.Except(baseline).Order(StringComparer.Ordinal).ToList();
        var removed = baseline.Except(served).Order(StringComparer.Ordinal).ToList();

        removed.ShouldBeEmpty($"{version} lost: " + string.Join("\n", removed));
        added.ShouldBe(expected.Order(StringComparer.Ordinal).ToList(), $"{version} adds: " + string.Join("\n", added));
    }

    [Theory]
    [MemberData(nameof(ServedVersions.All), MemberType = typeof(ServedVersions))]
    public async Task EveryTypeAndField_HasADescription(string version)
    {
        var schema = await IntrospectAsync(version);
        var missing = new List<string>();
        foreach (var type in schema.GetProperty("types").EnumerateArray())
        {
            var name = type.GetProperty("name").GetString()!;
            if (SchemaModel.IsBuiltIn(name))
            {
                continue;
            }

            if (IsBlank(type))
            {
                missing.Add(name);
            }

            foreach (var property in new[] { "fields", "inputFields" })
            {
                if (type.GetProperty(property) is { ValueKind: JsonValueKind.Array } fields)
                {
                    missing.AddRange(fields.EnumerateArray().Where(IsBlank).Select(f => $"{name}.{f.GetProperty("name").GetString()}"));
                }
            }
        }

        missing.ShouldBeEmpty($"{version}: without a description: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(ServedVersions.All), MemberType = typeof(ServedVersions))]
    public async Task EveryArgumentEnumValueAndContractDirective_HasADescription(string version)
    {
        var schema = await IntrospectAsync(version);
        var missing = new List<string>();
        foreach (var type in schema.GetProperty("types").EnumerateArray())
        {
            var name = type.GetProperty("name").GetString()!;
            if (SchemaModel.IsBuiltIn(name))
            {
                continue;
            }

            if (type.GetProperty("enumValues") is { ValueKind: JsonValueKind.Array } values)
            {
                missing.AddRange(values.EnumerateArray().Where(IsBlank).Select(v => $"{name}.{v.GetProperty("name").GetString()}"));
            }

            if (type.GetProperty("fields") is { ValueKind: JsonValueKind.Array } fields)
            {
                foreach (var field in fields.EnumerateArray())
                {
                    missing.AddRange(field.GetProperty("args").EnumerateArray().Where(IsBlank)
                        .Select(a => $"{name}.{field.GetProperty("name").GetString()}({a.GetProperty("name").GetString()})"));
                }
            }
        }

        foreach (var directive in schema.GetProperty("directives").EnumerateArray()
            .Where(d => SchemaModel.ContractDirectives.Contains(d.GetProperty("name").GetString())))
        {
            var name = "@" + directive.GetProperty("name").GetString();
            if (IsBlank(directive))
            {
                missing.Add(name);
            }

            missing.AddRange(directive.GetProperty("args").EnumerateArray().Where(IsBlank).Select(a => $"{name}({a.GetProperty("name").GetString()})"));
        }

        missing.ShouldBeEmpty($"{version}: without a description: " + string.Join(", ", missing));
    }

    private static bool IsBlank(JsonElement element) =>
        element.GetProperty("description") is not { ValueKind: JsonValueKind.String } description || string.IsNullOrWhiteSpace(description.GetString());
}
