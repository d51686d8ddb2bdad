using System.Text.Json;
using Till.Bulk;
using Till.CashSettings;
using Till.Common;
using Till.Drawers;
using Till.ReasonCodes;
using Till.Reviews;
using Till.Server.Tests.Support;
using Till.Sessions;

namespace Till.Server.Tests.Schema;

/// <summary>
/// Each mutation's error catalog against the code enum of its user errors in the schema the
/// running server serves (read by introspection over HTTP): every code Till answers is a value of
/// that enum, and every value of the enum is one Till answers or is listed here as one it never
/// does, with the reason.
/// </summary>
public sealed class UserErrorCodeTests(UserErrorCodeTests.Introspection introspection) : IClassFixture<UserErrorCodeTests.Introspection>
{
    /// <summary>Every mutation with user errors, and the catalog of what its use case answers.</summary>
    private static readonly Dictionary<string, IReadOnlyList<UserErrorKind>> Catalogs = new(StringComparer.Ordinal)
    {
        ["pointOfSaleDevicePaymentSessionOpen"] = SessionErrors.Open.InCheckOrder,
        ["pointOfSaleDevicePaymentSessionCount"] = SessionErrors.Count.InCheckOrder,
        ["pointOfSaleDevicePaymentSessionClose"] = SessionErrors.Close.InCheckOrder,
        ["pointOfSaleDevicePaymentSessionAdjust"] = SessionErrors.Adjust.InCheckOrder,
        ["cashDrawerCreate"] = DrawerErrors.Create.InCheckOrder,
        ["cashDrawerUpdate"] = DrawerErrors.Update.InCheckOrder,
        ["cashDrawerFindOrCreate"] = DrawerErrors.FindOrCreate.InCheckOrder,
        ["pointOfSaleDeviceAssignToCashDrawer"] = DrawerErrors.Assign.InCheckOrder,
        ["cashManagementReasonCodeCreate"] = ReasonCodeErrors.Create.InCheckOrder,
        ["cashManagementReasonCodeDelete"] = ReasonCodeErrors.Delete.InCheckOrder,
        ["tillLocationCashSettingsUpdate"] = CashSettingsErrors.InCheckOrder,
        ["tillPaymentSessionApprove"] = ReviewErrors.InCheckOrder,
        ["bulkOperationRunQuery"] = BulkErrors.RunQuery.InCheckOrder,
        ["bulkOperationCancel"] = BulkErrors.Cancel.InCheckOrder,
        ["webhookSubscriptionCreate"] = Till.Webhooks.WebhookErrors.InCheckOrder,
        ["webhookSubscriptionUpdate"] = Till.Webhooks.WebhookErrors.InCheckOrder,
        ["webhookSubscriptionDelete"] = [Till.Webhooks.WebhookErrors.NotFound],
        ["tillCashActivityReverse"] = ReversalErrors.InCheckOrder,
    };

    /// <summary>Enum values (mutation, code) that Till never answers, each with why.</summary>
    private static readonly Dictionary<(string Mutation, string Code), string> NotProducedByTill = new()
    {
        [("cashDrawerUpdate", "INTERNAL_ERROR")] = "a rename the database fails answers NOT_SAVED; any other failure is a request error",
        [("bulkOperationRunQuery", "LIMIT_REACHED")] = "a shop may have one query operation in progress (OPERATION_IN_PROGRESS) and no other limit",
        [("cashDrawerFindOrCreate", "INTERNAL_ERROR")] = "a find-or-create the database fails answers NOT_SAVED; any other failure is a request error",
        [("cashDrawerFindOrCreate", "CASH_DRAWER_ASSIGNMENT_ALREADY_EXISTS")] = "a device is moved as pointOfSaleDeviceAssignToCashDrawer moves it, replacing any prior assignment, so no assignment is in the way",
    };

    public static TheoryData<string> Versions() => ["2026-04", "2026-07", "2026-10", "unstable", "till"];

    /// <summary>
    /// A catalog as a version serves it: Till's own mutations (<c>till...</c>) and error codes
    /// (<c>TILL_...</c>) belong to the till version only.
    /// </summary>
    private static IReadOnlyList<UserErrorKind> CatalogOf(string version, string mutation) =>
        version == "till" ? Catalogs.GetValueOrDefault(mutation, []) : [.. Catalogs.GetValueOrDefault(mutation, []).Where(k => k.Code?.StartsWith("TILL_", StringComparison.Ordinal) != true)];

    private static IEnumerable<string> MutationsOf(string version) =>
        Catalogs.Keys.Where(m => version == "till" || !m.StartsWith("till", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task EveryMutationWithUserErrors_HasACatalog(string version)
    {
        var served = await introspection.MutationsAsync(version);

        served.Keys.Order(StringComparer.Ordinal).ShouldBe(MutationsOf(version).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task EveryCodeInACatalog_IsAValueOfItsMutationsCodeEnum(string version)
    {
        var problems = new List<string>();
        foreach (var (mutation, errors) in await introspection.MutationsAsync(version))
        {
            foreach (var kind in CatalogOf(version, mutation).Where(k => k.Code is not null))
            {
                if (errors.CodeEnum is null)
                {
                    problems.Add($"{mutation}: {errors.UserErrorType} has no code, but the catalog gives \"{kind.Message}\" the code {kind.Code}");
                }
                else if (!errors.EnumValues.Contains(kind.Code!))
                {
                    problems.Add($"{mutation}: {kind.Code} (\"{kind.Message}\") is not a value of {errors.CodeEnum}");
                }
            }
        }

        problems.ShouldBeEmpty(string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task EveryValueOfACodeEnum_IsInItsMutationsCatalog_OrListedAsNotProduced(string version)
    {
        var problems = new List<string>();
        var served = await introspection.MutationsAsync(version);
        foreach (var (mutation, errors) in served)
        {
            var produced = CatalogOf(version, mutation).Select(k => k.Code).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var value in errors.EnumValues)
            {
                var listed = NotProducedByTill.ContainsKey((mutation, value));
                if (!produced.Contains(value) && !listed)
                {
                    problems.Add($"{mutation}: {errors.CodeEnum}.{value} is in no entry of the catalog and not listed as not produced");
                }
                else if (produced.Contains(value) && listed)
                {
                    problems.Add($"{mutation}: {value} is listed as not produced, but the catalog has it");
                }
            }
        }

        foreach (var (mutation, code) in NotProducedByTill.Keys)
        {
            if (!served.TryGetValue(mutation, out var errors) || !errors.EnumValues.Contains(code))
            {
                problems.Add($"{mutation}: {code} is listed as not produced, but it is not a value of the mutation's code enum");
            }
        }

        problems.ShouldBeEmpty(string.Join("\n", problems));
    }

    [Fact]
    public void EveryCatalog_ListsEachErrorOnce()
    {
        foreach (var (mutation, errors) in Catalogs)
        {
            errors.Count.ShouldBeGreaterThan(0, mutation);
            errors.Distinct().Count().ShouldBe(errors.Count, $"{mutation} lists an error twice");
        }
    }

    /// <summary>What the schema says about one mutation's user errors.</summary>
    public sealed record MutationErrors(string UserErrorType, string? CodeEnum, IReadOnlyList<string> EnumValues);

    /// <summary>One server for the class, and what its introspection answers, read once per version.</summary>
    public sealed class Introspection : IAsyncLifetime
    {
        private const string TypeQuery = """
            query ($name: String!) {
              __type(name: $name) {
                kind name
                fields { name type { ...TypeRef } }
                enumValues(includeDeprecated: true) { name }
              }
            }
            fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
            """;

        private readonly Dictionary<string, Task<Dictionary<string, MutationErrors>>> byVersion = new(StringComparer.Ordinal);
        private TillServer server = null!;
        private TestShop shop = null!;

        public async Task InitializeAsync()
        {
            server = await TillServer.StartAsync();
            shop = await server.CreateShopAsync();
        }

        public async Task DisposeAsync() => await server.DisposeAsync();

        /// <summary>Every mutation whose payload has <c>userErrors</c>, with its user error type and that type's code enum.</summary>
        public Task<Dictionary<string, MutationErrors>> MutationsAsync(string version)
        {
            lock (byVersion)
            {
                if (!byVersion.TryGetValue(version, out var mutations))
                {
                    mutations = ReadMutationsAsync(version);
                    byVersion[version] = mutations;
                }

                return mutations;
            }
        }

        private async Task<Dictionary<string, MutationErrors>> ReadMutationsAsync(string version)
        {
            var root = await QueryAsync(version, "{ __schema { mutationType { name } } }");
            var mutationType = root.GetProperty("__schema").GetProperty("mutationType").GetProperty("name").GetString()!;
            var result = new Dictionary<string, MutationErrors>(StringComparer.Ordinal);
            foreach (var field in Fields(await TypeAsync(version, mutationType)))
            {
                var payload = await TypeAsync(version, Named(field.GetProperty("type")).Name);
                var userErrors = Fields(payload).FirstOrDefault(f => f.GetProperty("name").GetString() == "userErrors");
                if (userErrors.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var errorType = Named(userErrors.GetProperty("type")).Name;
                var code = Fields(await TypeAsync(version, errorType)).FirstOrDefault(f => f.GetProperty("name").GetString() == "code");
                string? codeEnum = null;
                IReadOnlyList<string> values = [];
                if (code.ValueKind == JsonValueKind.Object)
                {
                    var named = Named(code.GetProperty("type"));
                    named.Kind.ShouldBe("ENUM", $"{errorType}.code");
                    codeEnum = named.Name;
                    var enumType = await TypeAsync(version, codeEnum);
                    values = [.. enumType.GetProperty("enumValues").EnumerateArray().Select(v => v.GetProperty("name").GetString()!)];
                    values.ShouldNotBeEmpty(codeEnum);
                }

                result[field.GetProperty("name").GetString()!] = new MutationErrors(errorType, codeEnum, values);
            }

            return result;
        }

        private async Task<JsonElement> TypeAsync(string version, string name)
        {
            var type = (await QueryAsync(version, TypeQuery, new { name })).GetProperty("__type");
            type.ValueKind.ShouldBe(JsonValueKind.Object, $"{version}: no type {name}");
            return type;
        }

        private async Task<JsonElement> QueryAsync(string version, string query, object? variables = null)
        {
            var body = await shop.GraphQLAsync(query, variables, version);
            body.TryGetProperty("errors", out var errors).ShouldBeFalse(errors.ToString());
            return body.GetProperty("data");
        }

        private static JsonElement[] Fields(JsonElement type) =>
            type.GetProperty("fields") is { ValueKind: JsonValueKind.Array } fields ? [.. fields.EnumerateArray()] : [];

        // The named type under any NON_NULL and LIST wrappers.
        private static (string Kind, string Name) Named(JsonElement type)
        {
            while (type.GetProperty("name").ValueKind == JsonValueKind.Null)
            {
                type = type.GetProperty("ofType");
            }

            return (type.GetProperty("kind").GetString()!, type.GetProperty("name").GetString()!);
        }
    }
}
