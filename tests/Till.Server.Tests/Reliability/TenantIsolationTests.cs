using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Till.Server.Tests.Support;
using Xunit.Abstractions;

namespace Till.Server.Tests.Reliability;

/// <summary>
/// One shop's token can neither see nor change another shop's objects: with shop A's IDs, a token
/// of shop B gets exactly what an ID that exists nowhere gets, on every root query field and every
/// mutation, and A's rows stay as they were. Also: the scope each root field needs, and secrets kept
/// only as hashes.
/// </summary>
public sealed partial class TenantIsolationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string StartDate = "2000-01-01";
    private const string EndDate = "2100-12-31";

    private static readonly string[] ShopTables = ["locations", "staff", "tokens", "cash_drawers", "devices", "reason_codes", "payment_sessions", "order_transactions", "cash_activities", "idempotency_keys", "drawer_periods"];

    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    /// <summary>Shop A with history (a closed session with an adjustment, a sale and a count; an open session; a custom reason code), and IDs of each kind of its objects.</summary>
    private sealed record ShopA(TestShop Shop, string OpenSession, string ClosedSession, string Transaction, string Adjustment, string CustomCode, string DefaultCode, string SystemCode, string CustomCodeText)
    {
        public string LegacySession => "gid://shopify/CashTrackingSession/" + LedgerAudit.Number(ClosedSession);

        public IEnumerable<string> AllIds =>
        [
            Shop.ShopId, Shop.LocationId, Shop.StaffId, Shop.DeviceId, Shop.DrawerId, OpenSession, ClosedSession, LegacySession, Transaction, Adjustment, CustomCode, DefaultCode, SystemCode,
        ];
    }

    [GeneratedRegex(@"gid://shopify/([A-Za-z]+)/[0-9]+")]
    private static partial Regex Gid();

    /// <summary>An ID of the same type as <paramref name="gid"/> that names nothing anywhere.</summary>
    private static string Missing(string gid) => Gid().Replace(gid, m => $"gid://shopify/{m.Groups[1].Value}/{LedgerAudit.Number(m.Value) + 1_000_000}");

    /// <summary>A response with its IDs, request ID and throttle state taken out, so that two answers can be compared.</summary>
    private static string Normalise(JsonElement body)
    {
        var node = JsonNode.Parse(body.GetRawText())!.AsObject();
        if (node["extensions"] is JsonObject extensions)
        {
            extensions.Remove("cost");
            if (extensions.Count == 0)
            {
                node.Remove("extensions");
            }
        }

        if (node["errors"] is JsonArray errors)
        {
            foreach (var error in errors.OfType<JsonObject>())
            {
                (error["extensions"] as JsonObject)?.Remove("requestId");
                if (error["message"]?.GetValue<string>() is { } message)
                {
                    error["message"] = Regex.Replace(message, "Request ID: [0-9a-f-]+", "Request ID: X");
                }
            }
        }

        return Gid().Replace(node.ToJsonString(), "gid://shopify/$1/N");
    }

    private async Task<ShopA> CreateShopAAsync()
    {
        var shop = await server.CreateShopAsync();
        var closed = await shop.OpenAsync("100.00");
        TestShop.Payload(await shop.GraphQLAsync(TillWire.AdjustDocument, new { id = closed, c = new { amount = "5.00", currencyCode = "USD" }, s = shop.StaffId, n = "a" }), TillWire.Adjust)
            .GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        using var sale = await shop.RecordTransactionAsync("SALE", "7.50");
        var transaction = (await TillServer.ReadJsonAsync(sale)).GetProperty("id").GetString()!;
        (await shop.CountPayloadAsync(closed, "112.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        (await shop.ClosePayloadAsync(closed, "112.50")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        var open = await shop.OpenAsync("112.50");
        const string codeText = "A secret code";
        var created = TestShop.Payload(await shop.GraphQLAsync("mutation($c: String!) { cashManagementReasonCodeCreate(code: $c) { reasonCode { id } userErrors { code } } }", new { c = codeText }), "cashManagementReasonCodeCreate");
        var custom = created.GetProperty("reasonCode").GetProperty("id").GetString()!;
        var codes = await shop.GraphQLAsync("{ cashManagementReasonCodes(first: 50) { nodes { __typename ... on CashManagementDefaultReasonCode { id } ... on CashManagementSystemReasonCode { id } } } }");
        var nodes = codes.GetProperty("data").GetProperty("cashManagementReasonCodes").GetProperty("nodes").EnumerateArray().ToList();
        var defaultCode = nodes.First(n => n.GetProperty("__typename").GetString() == "CashManagementDefaultReasonCode").GetProperty("id").GetString()!;
        var systemCode = nodes.First(n => n.GetProperty("__typename").GetString() == "CashManagementSystemReasonCode").GetProperty("id").GetString()!;
        var legacy = await shop.GraphQLAsync("query($id: ID!) { cashTrackingSession(id: $id) { adjustments(first: 5) { nodes { id } } } }", new { id = "gid://shopify/CashTrackingSession/" + LedgerAudit.Number(closed) });
        var adjustment = legacy.GetProperty("data").GetProperty("cashTrackingSession").GetProperty("adjustments").GetProperty("nodes")[0].GetProperty("id").GetString()!;
        return new ShopA(shop, open, closed, transaction, adjustment, custom, defaultCode, systemCode, codeText);
    }

    /// <summary>Every row of shop A in every table, as text, sorted.</summary>
    private async Task<List<string>> SnapshotAsync(string shopId)
    {
        var number = LedgerAudit.Number(shopId);
        var rows = new List<string>();
        await using var connection = await server.Database.OpenAsync();
        foreach (var table in ShopTables.Prepend("shops"))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = table == "shops" ? "SELECT * FROM shops WHERE id = @s" : $"SELECT * FROM {table} WHERE shop_id = @s";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@s";
            parameter.Value = number;
            command.Parameters.Add(parameter);
            rows.AddRange((await ReadRowsAsync(command)).Select(r => table + ": " + r));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static async Task<List<string>> ReadRowsAsync(DbCommand command)
    {
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)}")));
        }

        return rows;
    }

    private async Task<string> TokenAsync(TestShop shop, params string[] scopes) =>
        (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/tokens", new { scopes })).GetProperty("token").GetString()!;

    [Fact]
    public async Task EveryQueryField_ShopBWithShopAIds_GetsWhatAMissingIdGets()
    {
        var a = await CreateShopAAsync();
        var b = await server.CreateShopAsync();
        var c = await server.CreateShopAsync();
        var before = await SnapshotAsync(a.Shop.ShopId);

        var cases = new List<(string Name, string Document, Func<string, object> Variables, string Id)>();
        void Add(string name, string document, string id, Func<string, object> variables) => cases.Add((name, document, variables, id));
        Add("pointOfSaleDevicePaymentSession (open)", "query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { id status } }", a.OpenSession, id => new { id });
        Add("pointOfSaleDevicePaymentSession (closed)", "query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { id status } }", a.ClosedSession, id => new { id });
        Add("pointOfSaleDevice", "query($id: ID!) { pointOfSaleDevice(id: $id) { id } }", a.Shop.DeviceId, id => new { id });
        Add("cashDrawer", "query($id: ID!) { cashDrawer(id: $id) { id name } }", a.Shop.DrawerId, id => new { id });
        Add("cashTrackingSession", "query($id: ID!) { cashTrackingSession(id: $id) { id } }", a.LegacySession, id => new { id });
        foreach (var id in a.AllIds)
        {
            Add($"node {id}", "query($id: ID!) { node(id: $id) { id __typename } }", id, i => new { id = i });
        }

        Add("nodes (all of A)", "query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }", string.Join(' ', a.AllIds), ids => new { ids = ids.Split(' ') });
        foreach (var (field, filter, id) in new[]
        {
            ("cashDrawers", "id", a.Shop.DrawerId), ("cashDrawers", "location_id", a.Shop.LocationId),
            ("pointOfSaleDevicePaymentSessions", "id", a.ClosedSession), ("pointOfSaleDevicePaymentSessions", "point_of_sale_device_id", a.Shop.DeviceId), ("pointOfSaleDevicePaymentSessions", "location_id", a.Shop.LocationId),
            ("cashTrackingSessions", "id", a.LegacySession), ("cashTrackingSessions", "point_of_sale_device_ids", a.Shop.DeviceId), ("cashTrackingSessions", "location_id", a.Shop.LocationId),
        })
        {
            Add($"{field}(query: \"{filter}:...\")", $"query($q: String) {{ {field}(first: 10, query: $q) {{ nodes {{ id }} pageInfo {{ hasNextPage }} }} }}", id, i => new { q = $"{filter}:{LedgerAudit.Number(i)}" });
        }

        Add("cashManagementLocationSummary", $"query($id: ID!) {{ cashManagementLocationSummary(locationId: $id, startDate: \"{StartDate}\", endDate: \"{EndDate}\") {{ sessionsOpened sessionsClosed cashBalanceAtEnd {{ amount }} netCash {{ amount }} }} }}", a.Shop.LocationId, id => new { id });

        // Tender transactions need read_orders: shop B and the fresh shop C read them with tokens that hold it.
        var tender = "gid://shopify/TenderTransaction/" + LedgerAudit.Number(a.Transaction);
        var ordersScopes = new[] { "read_orders", "read_cash_tracking" };
        var bOrders = await TokenAsync(b, ordersScopes);
        var cOrders = await TokenAsync(c, ordersScopes);
        var orderCases = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (filter, id) in new[] { ("id", tender), ("point_of_sale_device_id", a.Shop.DeviceId) })
        {
            var name = $"tenderTransactions(query: \"{filter}:...\")";
            orderCases.Add(name);
            Add(name, "query($q: String) { tenderTransactions(first: 10, query: $q) { nodes { id amount { amount } } pageInfo { hasNextPage } } }", id, i => new { q = $"{filter}:{LedgerAudit.Number(i)}" });
        }

        orderCases.Add($"node {tender}");
        Add($"node {tender}", "query($id: ID!) { node(id: $id) { id __typename } }", tender, i => new { id = i });

        var problems = new List<string>();
        foreach (var (name, document, variables, id) in cases)
        {
            var token = orderCases.Contains(name) ? bOrders : b.Token;
            var foreign = await server.GraphQLAsync(token, document, variables(id));
            var missing = await server.GraphQLAsync(token, document, variables(string.Join(' ', id.Split(' ').Select(Missing))));
            if (Normalise(foreign) != Normalise(missing))
            {
                problems.Add($"{name}: with shop A's ID {Normalise(foreign)}\n    with a missing ID {Normalise(missing)}");
            }

            if (a.AllIds.Append(tender).Any(x => foreign.GetRawText().Contains($"\"{x}\"", StringComparison.Ordinal)) && !foreign.GetRawText().Contains("Invalid global id", StringComparison.Ordinal))
            {
                problems.Add($"{name}: shop A's ID appears in shop B's answer {foreign}");
            }
        }

        // The fields without an ID: shop B sees what a shop with no history (C) sees, never A's reason code or A's cash.
        foreach (var (name, document) in new[]
        {
            ("cashManagementReasonCodes", "{ cashManagementReasonCodes(first: 50) { nodes { __typename ... on CashManagementCustomReasonCode { id code } ... on CashManagementDefaultReasonCode { id code } ... on CashManagementSystemReasonCode { id code } } } }"),
            ("cashManagementShopSummary", $"{{ cashManagementShopSummary(currencyCode: USD, startDate: \"{StartDate}\", endDate: \"{EndDate}\") {{ sessionsOpened sessionsClosed cashBalanceAtStart {{ amount }} cashBalanceAtEnd {{ amount }} netCash {{ amount }} totalDiscrepancies {{ amount }} }} }}"),
            ("cashDrawers", "{ cashDrawers(first: 50) { nodes { id name } } }"),
            ("pointOfSaleDevicePaymentSessions", "{ pointOfSaleDevicePaymentSessions(first: 50) { nodes { id } } }"),
            ("cashTrackingSessions", "{ cashTrackingSessions(first: 50) { nodes { id } } }"),
            ("tenderTransactions", "{ tenderTransactions(first: 50) { nodes { id amount { amount } paymentMethod } } }"),
        })
        {
            var orders = name == "tenderTransactions";
            var seenByB = await server.GraphQLAsync(orders ? bOrders : b.Token, document);
            var seenByC = await server.GraphQLAsync(orders ? cOrders : c.Token, document);
            if (Normalise(seenByB) != Normalise(seenByC))
            {
                problems.Add($"{name}: shop B sees {Normalise(seenByB)}\n    a fresh shop sees {Normalise(seenByC)}");
            }

            if (seenByB.GetRawText().Contains(a.CustomCodeText, StringComparison.Ordinal) || a.AllIds.Append(tender).Any(x => seenByB.GetRawText().Contains($"\"{x}\"", StringComparison.Ordinal)))
            {
                problems.Add($"{name}: shop B sees shop A's objects: {seenByB}");
            }
        }

        var shopA = await a.Shop.GraphQLAsync($"{{ cashManagementShopSummary(currencyCode: USD, startDate: \"{StartDate}\", endDate: \"{EndDate}\") {{ sessionsOpened }} }}");
        shopA.GetProperty("data").GetProperty("cashManagementShopSummary").GetProperty("sessionsOpened").GetInt32().ShouldBe(2, "shop A itself sees its own two sessions");
        output.WriteLine($"{cases.Count + 6} query cases compared between shop A's IDs and missing IDs (or a fresh shop); {problems.Count} differences");
        problems.ShouldBeEmpty(string.Join("\n", problems));
        (await SnapshotAsync(a.Shop.ShopId)).ShouldBe(before, "reads changed shop A");
    }

    [Fact]
    public async Task EveryMutation_ShopBWithShopAIds_GetsWhatAMissingIdGets_AndShopAIsUnchanged()
    {
        var a = await CreateShopAAsync();
        var b = await server.CreateShopAsync();
        var bSession = await b.OpenAsync("50.00");
        var before = await SnapshotAsync(a.Shop.ShopId);
        var balanceBefore = await LedgerAudit.LoadAsync(server.Database);

        const string Errors = "userErrors { field message }";
        const string CodedErrors = "userErrors { field message code }";
        const string Session = "pointOfSaleDevicePaymentSession { id status }";
        var money = new { amount = "10.00", currencyCode = "USD" };
        var cases = new List<(string Name, string Document, string Id, Func<string, object> Variables)>
        {
            ("cashDrawerCreate(locationId: A)", $"mutation($x: ID!) {{ cashDrawerCreate(locationId: $x, name: \"Iso drawer\") {{ cashDrawer {{ id }} {CodedErrors} }} }}", a.Shop.LocationId, x => new { x }),
            ("cashDrawerFindOrCreate(locationId: A)", $"mutation($x: ID!, $d: ID!) {{ cashDrawerFindOrCreate(locationId: $x, name: \"Iso find\", pointOfSaleDeviceId: $d) {{ cashDrawer {{ id }} {CodedErrors} }} }}", a.Shop.LocationId, x => new { x, d = b.DeviceId }),
            ("cashDrawerFindOrCreate(pointOfSaleDeviceId: A)", $"mutation($x: ID!, $l: ID!) {{ cashDrawerFindOrCreate(locationId: $l, name: \"Drawer 1\", pointOfSaleDeviceId: $x) {{ cashDrawer {{ id }} {CodedErrors} }} }}", a.Shop.DeviceId, x => new { x, l = b.LocationId }),
            ("cashDrawerUpdate(id: A)", $"mutation($x: ID!) {{ cashDrawerUpdate(id: $x, input: {{name: \"Hacked\"}}) {{ cashDrawer {{ id name }} {CodedErrors} }} }}", a.Shop.DrawerId, x => new { x }),
            ("cashManagementReasonCodeDelete(id: A custom)", $"mutation($x: ID!) {{ cashManagementReasonCodeDelete(id: $x) {{ deletedId {CodedErrors} }} }}", a.CustomCode, x => new { x }),
            ("cashManagementReasonCodeDelete(id: A default)", $"mutation($x: ID!) {{ cashManagementReasonCodeDelete(id: $x) {{ deletedId {CodedErrors} }} }}", a.DefaultCode, x => new { x }),
            ("pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: A)", $"mutation($x: ID!, $d: ID!) {{ pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: $x, pointOfSaleDeviceId: $d) {{ pointOfSaleDevice {{ id }} {CodedErrors} }} }}", a.Shop.DrawerId, x => new { x, d = b.DeviceId }),
            ("pointOfSaleDeviceAssignToCashDrawer(pointOfSaleDeviceId: A)", $"mutation($x: ID!, $r: ID!) {{ pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: $r, pointOfSaleDeviceId: $x) {{ pointOfSaleDevice {{ id }} {CodedErrors} }} }}", a.Shop.DeviceId, x => new { x, r = b.DrawerId }),
            ("open(pointOfSaleDeviceId: A)", $"mutation($x: ID!, $s: ID!) {{ pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $x, staffMemberId: $s) {{ {Session} {CodedErrors} }} }}", a.Shop.DeviceId, x => new { x, s = b.StaffId }),
            ("open(staffMemberId: A)", $"mutation($x: ID!, $d: ID!) {{ pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, staffMemberId: $x) {{ {Session} {CodedErrors} }} }}", a.Shop.StaffId, x => new { x, d = b.DeviceId }),
            ("open(reasonCodeId: A)", $"mutation($x: ID!, $d: ID!, $s: ID!) {{ pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, staffMemberId: $s, reasonCodeId: $x) {{ {Session} {CodedErrors} }} }}", a.CustomCode, x => new { x, d = b.DeviceId, s = b.StaffId }),
        };
        foreach (var (mutation, errors) in new[] { ("pointOfSaleDevicePaymentSessionAdjust", Errors), ("pointOfSaleDevicePaymentSessionCount", CodedErrors), ("pointOfSaleDevicePaymentSessionClose", CodedErrors) })
        {
            var amount = mutation.EndsWith("Adjust", StringComparison.Ordinal) ? "cash" : "balance";
            var signature = $"{mutation}(pointOfSaleDevicePaymentSessionId: $id, {amount}: $m, staffMemberId: $s, reasonCodeId: $r)";
            var document = $"mutation($id: ID!, $m: MoneyInput!, $s: ID!, $r: ID) {{ {signature} {{ {Session} {errors} }} }}";
            cases.Add(($"{mutation}(session: A open)", document, a.OpenSession, x => new { id = x, m = money, s = b.StaffId, r = (string?)null }));
            cases.Add(($"{mutation}(session: A closed)", document, a.ClosedSession, x => new { id = x, m = money, s = b.StaffId, r = (string?)null }));
            cases.Add(($"{mutation}(staffMemberId: A)", document, a.Shop.StaffId, x => new { id = bSession, m = money, s = x, r = (string?)null }));
            cases.Add(($"{mutation}(reasonCodeId: A)", document, a.CustomCode, x => new { id = bSession, m = money, s = b.StaffId, r = x }));
        }

        var problems = new List<string>();
        foreach (var (name, document, id, variables) in cases)
        {
            var foreign = await server.GraphQLAsync(b.Token, document, variables(id));
            var missing = await server.GraphQLAsync(b.Token, document, variables(Missing(id)));
            if (Normalise(foreign) != Normalise(missing))
            {
                problems.Add($"{name}: with shop A's ID {Normalise(foreign)}\n    with a missing ID {Normalise(missing)}");
            }

            var payload = foreign.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data.EnumerateObject().First().Value : default;
            if (payload.ValueKind != JsonValueKind.Object || payload.GetProperty("userErrors").GetArrayLength() == 0)
            {
                problems.Add($"{name}: shop B's call with shop A's ID was not refused: {foreign}");
            }
        }

        // A code name shop A uses is free in shop B, exactly like a name nobody uses.
        const string create = "mutation($c: String!) { cashManagementReasonCodeCreate(code: $c) { reasonCode { __typename } userErrors { code } } }";
        var sameName = await server.GraphQLAsync(b.Token, create, new { c = a.CustomCodeText });
        var freshName = await server.GraphQLAsync(b.Token, create, new { c = "A code nobody uses" });
        if (Normalise(sameName) != Normalise(freshName))
        {
            problems.Add($"cashManagementReasonCodeCreate(code: A's code): {Normalise(sameName)}\n    with an unused name {Normalise(freshName)}");
        }

        output.WriteLine($"{cases.Count + 1} mutation cases compared between shop A's IDs and missing IDs; {problems.Count} differences");
        problems.ShouldBeEmpty(string.Join("\n", problems));
        (await SnapshotAsync(a.Shop.ShopId)).ShouldBe(before, "shop B's mutations changed shop A's rows");
        var after = await LedgerAudit.LoadAsync(server.Database);
        after.Drawers.Single(d => d.Id == LedgerAudit.Number(a.Shop.DrawerId)).ShouldBe(balanceBefore.Drawers.Single(d => d.Id == LedgerAudit.Number(a.Shop.DrawerId)));
        (await LedgerAudit.UnbalancedDrawersAsync(server.Database)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ScopeMatrix_EveryRootFieldAndMutation_AllowedOrAccessDeniedAsDocumented()
    {
        var a = await CreateShopAAsync();
        var missingSession = Missing(a.OpenSession);
        var fields = new List<(string Field, bool Mutation, string Document)>
        {
            ("cashDrawer", false, $"{{ cashDrawer(id: \"{a.Shop.DrawerId}\") {{ id }} }}"),
            ("cashDrawers", false, "{ cashDrawers(first: 1) { nodes { id } } }"),
            ("cashManagementLocationSummary", false, $"{{ cashManagementLocationSummary(locationId: \"{a.Shop.LocationId}\", startDate: \"{StartDate}\", endDate: \"{EndDate}\") {{ sessionsOpened }} }}"),
            ("cashManagementReasonCodes", false, "{ cashManagementReasonCodes(first: 1) { nodes { __typename } } }"),
            ("cashManagementShopSummary", false, $"{{ cashManagementShopSummary(currencyCode: USD, startDate: \"{StartDate}\", endDate: \"{EndDate}\") {{ sessionsOpened }} }}"),
            ("cashTrackingSession", false, $"{{ cashTrackingSession(id: \"{a.LegacySession}\") {{ id }} }}"),
            ("cashTrackingSessions", false, "{ cashTrackingSessions(first: 1) { nodes { id } } }"),
            ("node", false, $"{{ node(id: \"{a.Shop.DrawerId}\") {{ id }} }}"),
            ("nodes", false, $"{{ nodes(ids: [\"{a.Shop.DrawerId}\"]) {{ id }} }}"),
            ("pointOfSaleDevice", false, $"{{ pointOfSaleDevice(id: \"{a.Shop.DeviceId}\") {{ id }} }}"),
            ("pointOfSaleDevicePaymentSession", false, $"{{ pointOfSaleDevicePaymentSession(id: \"{a.OpenSession}\") {{ id }} }}"),
            ("pointOfSaleDevicePaymentSessions", false, "{ pointOfSaleDevicePaymentSessions(first: 1) { nodes { id } } }"),
            ("bulkOperation", false, "{ bulkOperation(id: \"gid://shopify/BulkOperation/999999\") { id } }"),
            ("bulkOperations", false, "{ bulkOperations(first: 1) { nodes { id } } }"),
            ("currentBulkOperation", false, "{ currentBulkOperation { id } }"),
            ("location", false, $"{{ location(id: \"{a.Shop.LocationId}\") {{ id }} }}"),
            ("locations", false, "{ locations(first: 1) { nodes { id } } }"),
            ("locationsCount", false, "{ locationsCount { count } }"),
            ("shop", false, "{ shop { id } }"),
            ("staffMember", false, $"{{ staffMember(id: \"{a.Shop.StaffId}\") {{ id }} }}"),
            ("staffMembers", false, "{ staffMembers(first: 1) { nodes { id } } }"),
            ("tenderTransactions", false, "{ tenderTransactions(first: 1) { nodes { id } } }"),
            ("bulkOperationRunQuery", true, "mutation { bulkOperationRunQuery(query: \"x\") { userErrors { message } } }"),
            ("bulkOperationCancel", true, "mutation { bulkOperationCancel(id: \"gid://shopify/BulkOperation/999999\") { userErrors { message } } }"),
            ("webhookSubscription", false, "{ webhookSubscription(id: \"gid://shopify/WebhookSubscription/999999\") { id } }"),
            ("webhookSubscriptions", false, "{ webhookSubscriptions(first: 1) { nodes { id } } }"),
            ("webhookSubscriptionsCount", false, "{ webhookSubscriptionsCount { count } }"),
            ("webhookSubscriptionCreate", true, "mutation { webhookSubscriptionCreate(topic: APP_UNINSTALLED, webhookSubscription: {uri: \"\"}) { userErrors { message } } }"),
            ("webhookSubscriptionUpdate", true, "mutation { webhookSubscriptionUpdate(id: \"gid://shopify/WebhookSubscription/999999\", webhookSubscription: {name: \"x\"}) { userErrors { message } } }"),
            ("webhookSubscriptionDelete", true, "mutation { webhookSubscriptionDelete(id: \"gid://shopify/WebhookSubscription/999999\") { userErrors { message } } }"),
            ("cashDrawerCreate", true, "mutation { cashDrawerCreate(locationId: \"gid://shopify/Location/999999\", name: \"x\") { userErrors { message } } }"),
            ("cashDrawerFindOrCreate", true, "mutation { cashDrawerFindOrCreate(locationId: \"gid://shopify/Location/999999\", name: \"x\", pointOfSaleDeviceId: \"gid://shopify/PointOfSaleDevice/999999\") { userErrors { message } } }"),
            ("cashDrawerUpdate", true, "mutation { cashDrawerUpdate(id: \"gid://shopify/CashDrawer/999999\", input: {name: \"x\"}) { userErrors { message } } }"),
            ("cashManagementReasonCodeCreate", true, "mutation { cashManagementReasonCodeCreate(code: \" \") { userErrors { message } } }"),
            ("cashManagementReasonCodeDelete", true, "mutation { cashManagementReasonCodeDelete(id: \"gid://shopify/CashManagementCustomReasonCode/999999\") { userErrors { message } } }"),
            ("pointOfSaleDeviceAssignToCashDrawer", true, "mutation { pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: \"gid://shopify/CashDrawer/999999\", pointOfSaleDeviceId: \"gid://shopify/PointOfSaleDevice/999999\") { userErrors { message } } }"),
            ("pointOfSaleDevicePaymentSessionOpen", true, $"mutation {{ pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: \"gid://shopify/PointOfSaleDevice/999999\", staffMemberId: \"{a.Shop.StaffId}\") {{ userErrors {{ message }} }} }}"),
            ("pointOfSaleDevicePaymentSessionAdjust", true, $"mutation {{ pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: \"{missingSession}\", cash: {{amount: \"1.00\", currencyCode: USD}}, staffMemberId: \"{a.Shop.StaffId}\") {{ userErrors {{ message }} }} }}"),
            ("pointOfSaleDevicePaymentSessionCount", true, $"mutation {{ pointOfSaleDevicePaymentSessionCount(pointOfSaleDevicePaymentSessionId: \"{missingSession}\", balance: {{amount: \"1.00\", currencyCode: USD}}, staffMemberId: \"{a.Shop.StaffId}\") {{ userErrors {{ message }} }} }}"),
            ("pointOfSaleDevicePaymentSessionClose", true, $"mutation {{ pointOfSaleDevicePaymentSessionClose(pointOfSaleDevicePaymentSessionId: \"{missingSession}\", balance: {{amount: \"1.00\", currencyCode: USD}}, staffMemberId: \"{a.Shop.StaffId}\") {{ userErrors {{ message }} }} }}"),
        };

        // Every root field of the served schema is in the matrix.
        var schema = FuzzSchema.Load();
        fields.Where(f => !f.Mutation).Select(f => f.Field).Order(StringComparer.Ordinal).ShouldBe(schema.Query.Fields.Select(f => f.Name).Order(StringComparer.Ordinal));
        fields.Where(f => f.Mutation).Select(f => f.Field).Order(StringComparer.Ordinal).ShouldBe(schema.Mutation.Fields.Select(f => f.Name).Order(StringComparer.Ordinal));

        string[][] scopeSets =
        [
            [], ["read_cash_tracking"], ["write_cash_tracking"], ["read_point_of_sale_devices"], ["write_point_of_sale_devices"], ["read_orders"], ["read_marketplace_orders"],
            ["read_cash_tracking", "read_point_of_sale_devices"],
        ];
        var problems = new List<string>();
        var checkedCells = 0;
        foreach (var scopes in scopeSets)
        {
            var token = await TokenAsync(a.Shop, scopes);
            foreach (var (field, mutation, document) in fields)
            {
                // Webhook subscriptions need no scope of their own (a topic's scope is a user error when subscribing).
                // Bulk operations and the shop need none either (a bulk query's fields are checked as it runs);
                // locations need read_locations and staff members read_users, which no set here holds;
                // tender transactions need read_orders.
                var allowed = field is "location" or "locations" or "locationsCount" or "staffMember" or "staffMembers"
                    ? false
                    : field == "tenderTransactions"
                    ? scopes.Contains("read_orders")
                    : field.StartsWith("webhookSubscription", StringComparison.Ordinal) || field.StartsWith("bulkOperation", StringComparison.Ordinal)
                    || field is "currentBulkOperation" or "shop" || (mutation
                    ? scopes.Contains("write_cash_tracking")
                    : field == "pointOfSaleDevice"
                        ? scopes.Any(s => s is "read_point_of_sale_devices" or "write_point_of_sale_devices" or "read_orders" or "read_marketplace_orders")
                        : scopes.Any(s => s is "read_cash_tracking" or "write_cash_tracking"));
                var answer = await server.GraphQLAsync(token, document);
                var errors = answer.TryGetProperty("errors", out var e) ? e.EnumerateArray().ToList() : [];
                var denied = errors.Where(x => x.TryGetProperty("extensions", out var ext) && ext.TryGetProperty("code", out var code) && code.GetString() == "ACCESS_DENIED").ToList();
                checkedCells++;
                if (allowed && errors.Count > 0)
                {
                    problems.Add($"[{string.Join(",", scopes)}] {field}: should be allowed, got {answer}");
                }
                else if (!allowed && (denied.Count != 1 || denied[0].GetProperty("path")[0].GetString() != field
                    || !denied[0].GetProperty("message").GetString()!.StartsWith($"Access denied for {field} field.", StringComparison.Ordinal)))
                {
                    problems.Add($"[{string.Join(",", scopes)}] {field}: should be ACCESS_DENIED on {field}, got {answer}");
                }
            }
        }

        output.WriteLine($"scope matrix: {fields.Count} root fields x {scopeSets.Length} scope sets = {checkedCells} cells; {problems.Count} wrong");
        problems.ShouldBeEmpty(string.Join("\n", problems));
    }

    [Fact]
    public async Task TokensAndTheAdminKey_AreStoredOnlyAsSha256Hashes()
    {
        var shop = await server.CreateShopAsync();
        var tokens = new List<string> { shop.Token, await TokenAsync(shop, "read_cash_tracking"), await TokenAsync(shop) };
        var revoked = await TokenAsync(shop, "write_cash_tracking");
        (await server.ControlAsync(HttpMethod.Delete, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/tokens/{Uri.EscapeDataString(revoked)}")).Dispose();
        tokens.Add(revoked);
        var secrets = tokens.Append(TillServer.AdminKeyValue).ToList();

        static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

        await using var connection = await server.Database.OpenAsync();
        var stored = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT hash FROM tokens";
            stored.AddRange((await ReadRowsAsync(command)).Select(r => r["hash=".Length..]));
        }

        stored.ShouldAllBe(h => Sha256Hex().IsMatch(h), string.Join(", ", stored));
        stored.ShouldBe(tokens.Select(Sha256), ignoreOrder: true);
        string adminHash;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT value FROM settings WHERE key = 'admin_key_hash'";
            adminHash = (string)(await command.ExecuteScalarAsync())!;
        }

        adminHash.ShouldMatch(Sha256Hex().ToString());
        adminHash.ShouldBe(Sha256(TillServer.AdminKeyValue));

        // No table holds any secret in plain text (every column of every row, as text).
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = server.Database.IsPostgres
                ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                : "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        tables.ShouldContain("tokens");
        tables.ShouldContain("settings");
        var rows = 0;
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table}";
            foreach (var row in await ReadRowsAsync(command))
            {
                rows++;
                foreach (var secret in secrets)
                {
                    row.Contains(secret, StringComparison.Ordinal).ShouldBeFalse($"{table} holds a secret in plain text: {row}");
                }
            }
        }

        // On SQLite, the bytes of the database and its write-ahead log do not contain them either.
        var files = server.Database.IsPostgres ? [] : new[] { server.Database.Url, server.Database.Url + "-wal" }.Where(File.Exists).ToList();
        foreach (var file in files)
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory);
            var bytes = memory.ToArray();
            foreach (var secret in secrets)
            {
                bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)).ShouldBe(-1, $"{file} holds a secret in plain text");
            }
        }

        output.WriteLine($"{tokens.Count} tokens and the admin key: stored as 64-hex SHA-256 only; {rows} rows in {tables.Count} tables and {files.Count} database files hold none of them in plain text");
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
