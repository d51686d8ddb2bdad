using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Till.Server.Tests.Reliability;

/// <summary>One generated request: where it goes, with which token, and the exact bytes of its body.</summary>
internal sealed record FuzzRequest(int Index, string Category, bool Control, string Path, string? Token, byte[] Body, bool Chunked = false)
{
    public string Describe()
    {
        var text = Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 240)).ReplaceLineEndings(" ");
        return $"#{Index} [{Category}] POST {Path} ({Body.Length} bytes{(Chunked ? ", chunked" : string.Empty)}, token {(Token is null ? "none" : Token.Length > 12 ? Token[..12] + "..." : Token)}): {text}";
    }
}

/// <summary>The real objects the fuzzer aims at: per shop, its token and the IDs of each type it owns.</summary>
internal sealed class FuzzWorld
{
    public List<FuzzShop> Shops { get; } = [];

    /// <summary>Tokens of the first shop with fewer scopes.</summary>
    public List<string> WeakTokens { get; } = [];
}

internal sealed class FuzzShop(ProvisionedShop shop)
{
    public ProvisionedShop Shop { get; } = shop;

    /// <summary>Global-ID type name (e.g. "CashDrawer") to IDs of that type in this shop.</summary>
    public Dictionary<string, List<string>> Ids { get; } = new(StringComparer.Ordinal);

    public void Add(string gid)
    {
        var type = gid.Split('/')[3];
        if (!Ids.TryGetValue(type, out var list))
        {
            Ids[type] = list = [];
        }

        list.Add(gid);
    }
}

/// <summary>
/// Generates the fuzz requests from a seed: broken JSON, random and deeply nested GraphQL, huge
/// bodies, huge lists, wrong variable types, extreme decimals, random global IDs, and random
/// arguments for the real schema's queries and mutations (read from the SDL Till serves).
/// </summary>
internal sealed class FuzzCases(int seed, FuzzSchema schema, FuzzWorld world)
{
    public const int MiB = 1 << 20;

    private static readonly string[] Decimals =
    [
        "1e400", "-0", "99999999999999999999999999999999", "0.0000000001", "NaN", "", "Infinity", "-Infinity", "1", "-1", "0", "0.0", "0.00", "12.5", "12.345", "12.3456",
        "999999999999.999", "999999999999.99", "1000000000000", "-999999999999.99", " 1", "1 ", "+1", "1,000.00", "1_000", "١٢٣", "0x10", "1.", ".5", "1e2", "1E-2", "--1", "1-",
        "00001.10", "-0.00", "79228162514264337593543950335", "79228162514264337593543950336", "-79228162514264337593543950336", "4.9e-324", "1.7976931348623157e308", "\u0000", "1\u00002",
    ];

    private static readonly string[] Texts =
    [
        string.Empty, " ", "  \t\n ", "Drawer", "DRAWER", "drawer ", "名前", "🙂🙃", "\u202Eevil", "\u200B", "null", "undefined", "'; DROP TABLE cash_drawers; --", "<script>alert(1)</script>",
        "%s%n%x", "{{7*7}}", "../../etc/passwd", "\\", "\"", "\u0000", "\uFFFF", "CASH_PICKUP", "cash_pickup", "FLOAT_SETUP", "OTHER",
    ];

    private static readonly string[] Times =
    [
        "2026-04-01T12:00:00Z", "2099-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-02-30T00:00:00Z", "yesterday", "",
        "2026-04-01T12:00:00+14:00", "2026-04-01T12:00:00.123456789Z", "2026-04-01", "2026-04-01T25:00:00Z", "-2026-04-01T12:00:00Z", "2026-04-01T12:00:00", "20260401T120000Z",
    ];

    private static readonly string[] Dates = ["2026-04-01", "2026-02-30", "0001-01-01", "9999-12-31", "2026-4-1", "", "today", "2026-04-01T00:00:00Z", "10000-01-01", "2026-13-01"];

    private static readonly string[] GidTypes =
    [
        "Shop", "Location", "StaffMember", "PointOfSaleDevice", "CashDrawer", "PointOfSaleDevicePaymentSession", "CashTrackingSession", "CashTrackingAdjustment", "OrderTransaction",
        "CashManagementCustomReasonCode", "CashManagementDefaultReasonCode", "CashManagementSystemReasonCode", "Order", "Product", "cashdrawer", "Cash Drawer",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-1", "1", "2", "007", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551616", "99999999999999999999999999", "1e3", "1.0", " 1", "1 ",
        "١", "１", "0x1", string.Empty, "NaN", "∞",
    ];

    private static readonly string[] Punctuation = ["{", "}", "(", ")", "[", "]", ":", "!", "$", "@", "...", "=", "|", "&", ",", "#", "\"", "\"\"\"", "\n", "\\", "'", ";", "%", "?"];

    private static readonly string[] Keywords = ["query", "mutation", "subscription", "fragment", "on", "true", "false", "null", "__typename", "__schema", "__type", "schema", "type", "input", "extend", "directive", "@idempotent", "@include", "@skip", "@deprecated"];

    private static readonly string[] Versions = ["2026-04", "2026-04", "2026-04", "2026-07", "2026-10", "unstable", "2025-01", "2024-04", "2026-05", "2099-01", "latest", "v1", "2026-04 ", "2026%2D04", "a%2Fb", "UNSTABLE", "2026-4", "%E2%82%AC"];

    private readonly Random random = new(seed);
    private readonly List<string> names = schema.Types.Values.SelectMany(t => t.Fields.Select(f => f.Name).Append(t.Name)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>Exactly <paramref name="count"/> requests: a fixed set of edge cases spread among generated ones.</summary>
    public List<FuzzRequest> Generate(int count)
    {
        var specials = Specials();
        var positions = new SortedSet<int>();
        while (positions.Count < specials.Count)
        {
            positions.Add(random.Next(count));
        }

        var requests = new List<FuzzRequest>(count);
        using var special = positions.GetEnumerator();
        var s = 0;
        var hasSpecial = special.MoveNext();
        for (var i = 0; i < count; i++)
        {
            if (hasSpecial && special.Current == i)
            {
                requests.Add(specials[s++] with { Index = i });
                hasSpecial = special.MoveNext();
                continue;
            }

            requests.Add(Random(i));
        }

        return requests;
    }

    private FuzzRequest Random(int index)
    {
        var roll = random.Next(1000);
        return roll switch
        {
            < 80 => BrokenJson(index),
            < 200 => TokenSoup(index),
            < 230 => Nesting(index),
            < 290 => Lists(index),
            < 390 => WrongVariables(index),
            < 510 => ExtremeDecimals(index),
            < 620 => RandomIds(index),
            < 820 => RandomMutation(index),
            < 940 => RandomQuery(index),
            < 960 => Auth(index),
            < 975 => Control(index),
            _ => Churn(index),
        };
    }

    // ------------------------------------------------------------------ categories

    private FuzzRequest BrokenJson(int index)
    {
        var valid = JsonSerializer.Serialize(new { query = "{ cashDrawers(first: 2) { nodes { id } } }", variables = new { a = 1 } });
        string body = random.Next(16) switch
        {
            0 => valid[..random.Next(valid.Length)],
            1 => "null",
            2 => "[]",
            3 => "\"{ shop { name } }\"",
            4 => "{\"query\": 5}",
            5 => "{\"query\": null}",
            6 => "{\"query\": \"{ __typename }\", \"variables\": [1, 2]}",
            7 => "{\"query\": \"{ __typename }\", \"variables\": \"{}\"}",
            8 => "{\"query\": \"{ __typename }\", \"operationName\": 5}",
            9 => "{\"query\": \"{ __typename }\", \"query\": \"{ a }\"}",
            10 => new string('[', 1000 + random.Next(5000)) + new string(']', 1000),
            11 => "{\"query\": \"{ __typename }\", \"variables\": " + new string('{', 100) + "}",
            12 => "{\"query\": \"{ __typename }\" " + string.Concat(Enumerable.Repeat(", \"x\": NaN", 3)) + "}",
            13 => "{'query': '{ __typename }'}",
            14 => "\uFEFF" + valid,
            _ => RandomText(random.Next(1, 200)),
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        if (random.Next(8) == 0)
        {
            // Bytes that are not UTF-8 at all.
            bytes = [.. bytes, 0xC3, 0x28, 0xFF, 0xFE];
        }

        return Admin(index, "broken-json", bytes);
    }

    private FuzzRequest TokenSoup(int index)
    {
        var builder = new StringBuilder();
        var length = random.Next(1, 120);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(6) switch
            {
                0 => Pick(Punctuation),
                1 => Pick(Keywords),
                2 => Pick(names),
                3 => JsonSerializer.Serialize(Pick(Texts)),
                4 => Pick(Decimals).Length > 0 ? Pick(["1", "-0", "1e400", "99999999999999999999", "0x10", "1.", "$x", "$"]) : "0",
                _ => Pick(["{ cashDrawers(first: 1) { nodes { id } } }", "query Q($a: ID!) { node(id: $a) { id } }", "fragment F on QueryRoot { __typename }", "...F", "... on CashDrawer { id }", "\u00e9", "\t", "\r\n"]),
            });
            builder.Append(random.Next(4) == 0 ? string.Empty : " ");
        }

        var variables = random.Next(3) == 0 ? RandomJson(3) : null;
        return Admin(index, "token-soup", Body(builder.ToString(), variables, random.Next(4) == 0 ? Pick(["Q", "", "nope", "F"]) : null));
    }

    private FuzzRequest Nesting(int index)
    {
        var depth = random.Next(5) switch
        {
            0 => random.Next(25, 40),
            1 => random.Next(60, 70),
            2 => random.Next(100, 200),
            _ => random.Next(1, 25),
        };
        string query = random.Next(6) switch
        {
            0 => new string('{', depth) + new string('}', depth),
            1 => "{" + string.Concat(Enumerable.Repeat("a{", depth)) + "b" + new string('}', depth + 1),
            2 => "{ node(id: " + new string('[', depth) + "\"x\"" + new string(']', depth) + ") { id } }",
            3 => "{ cashDrawers(first: 1, query: " + string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth) + ") { nodes { id } } }",
            4 => DeviceCycle(depth),
            _ => "{ cashDrawers(first: 1, query: " + JsonSerializer.Serialize(new string('(', depth) + "name:a" + new string(')', depth)) + ") { nodes { id } } }",
        };
        return Admin(index, "nesting", Body(query));
    }

    private FuzzRequest Lists(int index)
    {
        var size = random.Next(4) switch
        {
            0 => random.Next(245, 256),
            1 => random.Next(1000, 30000),
            _ => random.Next(0, 30),
        };
        var ids = Enumerable.Range(0, size).Select(_ => RandomGid()).ToList();
        var inline = random.Next(2) == 0 && size < 5000;
        var selection = Pick(["{ id }", "{ __typename }", "{ id ... on CashDrawer { name } ... on PointOfSaleDevicePaymentSession { status } }"]);
        return inline
            ? Admin(index, "lists", Body("{ nodes(ids: [" + string.Join(", ", ids.Select(i => JsonSerializer.Serialize(i))) + "]) " + selection + " }"))
            : Admin(index, "lists", Body("query($ids: [ID!]!) { nodes(ids: $ids) " + selection + " }", new JsonObject { ["ids"] = new JsonArray(ids.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()) }));
    }

    private FuzzRequest WrongVariables(int index)
    {
        // A real field and argument, its variable declared with the right type (or a wrong one), and a value of the wrong kind.
        var mutation = random.Next(2) == 0;
        var root = mutation ? schema.Mutation : schema.Query;
        var field = Pick(root.Fields.Where(f => f.Arguments.Count > 0).ToList());
        var argument = Pick(field.Arguments);
        var declared = random.Next(4) == 0 ? Pick(["Int!", "String", "[ID!]!", "MoneyInput!", "Boolean", "CurrencyCode", "Nope!", "ID!!", "[[ID]]"]) : argument.Type.Text;
        JsonNode? value = random.Next(3) == 0 ? Value(argument.Type, field.Name, argument.Name, depth: 0) : RandomJson(random.Next(1, 4));
        var args = string.Join(", ", field.Arguments.Select(a => a == argument ? $"{a.Name}: $v" : $"{a.Name}: {Literal(Value(a.Type, field.Name, a.Name, 0), a.Type)}"));
        var document = $"{(mutation ? "mutation" : "query")}($v: {declared}) {{ {field.Name}({args}) {Selection(field.Type.Named, 1)} }}";
        return Admin(index, "wrong-variables", Body(document, new JsonObject { ["v"] = value }));
    }

    private FuzzRequest ExtremeDecimals(int index)
    {
        var shop = OwnShop();
        var amount = Pick(Decimals);
        JsonNode? amountNode = random.Next(6) == 0 ? JsonNode.Parse(Pick(["1e400", "-0", "1.5", "99999999999999999999999999999999", "true", "null", "[]", "{}"])) : JsonValue.Create(amount);
        var money = new JsonObject { ["amount"] = amountNode, ["currencyCode"] = random.Next(8) == 0 ? Pick(["usd", "XXX", "", "EUR", "JPY", "KWD"]) : shop.Shop.Currency };
        var session = Id(shop, "PointOfSaleDevicePaymentSession");
        var (document, variables) = random.Next(5) switch
        {
            0 => (TillWire.OpenDocument, new JsonObject { ["d"] = Id(shop, "PointOfSaleDevice"), ["b"] = money, ["s"] = shop.Shop.StaffId }),
            1 => (TillWire.AdjustDocument, new JsonObject { ["id"] = session, ["c"] = money, ["s"] = shop.Shop.StaffId }),
            2 => (TillWire.CountDocument, new JsonObject { ["id"] = session, ["b"] = money, ["s"] = shop.Shop.StaffId }),
            3 => (TillWire.CloseDocument, new JsonObject { ["id"] = session, ["b"] = money, ["s"] = shop.Shop.StaffId }),
            _ => ("query($id: ID!, $r: CashDrawerDateRangeInput) { cashDrawer(id: $id) { id totalSales(dateRange: $r) { amount } } }",
                new JsonObject { ["id"] = Id(shop, "CashDrawer"), ["r"] = new JsonObject { ["from"] = Pick(Times), ["to"] = Pick(Times) } }),
        };
        if (random.Next(4) == 0)
        {
            // The same amount written inline, so that the literal parser sees it too.
            document = document.Replace("$c: MoneyInput!, ", string.Empty, StringComparison.Ordinal).Replace("cash: $c", $"cash: {{amount: {JsonSerializer.Serialize(amount)}, currencyCode: {shop.Shop.Currency}}}", StringComparison.Ordinal);
            variables.Remove("c");
        }

        return Admin(index, "decimals", Body(document, variables));
    }

    private FuzzRequest RandomIds(int index)
    {
        var id = RandomGid();
        var field = Pick(schema.Query.Fields.Where(f => f.Arguments.Any(a => a.Type.Named == "ID" && !a.Type.IsList)).ToList());
        var argument = field.Arguments.First(a => a.Type.Named == "ID");
        var others = field.Arguments.Where(a => a != argument && a.Type.NonNull).Select(a => $", {a.Name}: {Literal(Value(a.Type, field.Name, a.Name, 0), a.Type)}");
        var inline = random.Next(2) == 0;
        var document = inline
            ? $"{{ {field.Name}({argument.Name}: {JsonSerializer.Serialize(id)}{string.Concat(others)}) {Selection(field.Type.Named, 1)} }}"
            : $"query($id: ID!) {{ {field.Name}({argument.Name}: $id{string.Concat(others)}) {Selection(field.Type.Named, 1)} }}";
        return Admin(index, "ids", Body(document, inline ? null : new JsonObject { ["id"] = id }), TokenFor(OwnShop()));
    }

    private FuzzRequest RandomMutation(int index)
    {
        var shop = OwnShop();
        var field = Pick(schema.Mutation.Fields);
        var (document, variables) = Operation("mutation", field, 1 + (random.Next(8) == 0 ? random.Next(1, 4) : 0));
        return Admin(index, "mutations", Body(document, variables), random.Next(10) == 0 ? Pick(world.WeakTokens) : shop.Shop.Token);
    }

    private FuzzRequest RandomQuery(int index)
    {
        var field = Pick(schema.Query.Fields);
        var (document, variables) = Operation("query", field, 1 + random.Next(3));
        if (random.Next(30) == 0)
        {
            document = "{ __schema { types { name kind fields { name args { name type { name kind ofType { name } } } } } } }";
            variables = null;
        }

        return Admin(index, "queries", Body(document, variables), random.Next(10) == 0 ? Pick(world.WeakTokens) : OwnShop().Shop.Token, Pick(Versions));
    }

    private FuzzRequest Auth(int index)
    {
        var token = random.Next(7) switch
        {
            0 => null,
            1 => string.Empty,
            2 => "shpat_" + new string('0', 32),
            3 => new string('x', 5000),
            4 => OwnShop().Shop.Token + " ",
            5 => OwnShop().Shop.Token.ToUpperInvariant(),
            _ => new string(Enumerable.Range(0, random.Next(1, 64)).Select(_ => (char)random.Next(33, 127)).ToArray()),
        };
        var body = random.Next(3) == 0 ? Encoding.UTF8.GetBytes(RandomText(50)) : Body("{ cashDrawers(first: 5) { nodes { id } } }");
        return Admin(index, "auth", body, token, Pick(Versions)) with { Token = token };
    }

    private FuzzRequest Control(int index)
    {
        var shop = OwnShop();
        var other = Pick(world.Shops);
        JsonNode body = new JsonObject
        {
            ["deviceId"] = random.Next(5) == 0 ? RandomGid() : Id(other, "PointOfSaleDevice"),
            ["kind"] = Pick(["SALE", "REFUND", "CHANGE", "sale", "VOID", string.Empty]),
            ["gateway"] = Pick(["cash", "CASH", "Cash", "card", string.Empty, " ", new string('g', 150)]),
            ["amount"] = random.Next(6) == 0 ? RandomJson(2) : new JsonObject { ["amount"] = random.Next(5) == 0 ? RandomJson(1) : Pick(Decimals), ["currencyCode"] = Pick(["USD", "EUR", "usd", string.Empty]) },
            ["staffMemberId"] = random.Next(4) == 0 ? RandomGid() : other.Shop.StaffId,
            ["processedAt"] = random.Next(2) == 0 ? null : Pick(Times),
        };
        var bytes = random.Next(8) == 0 ? Encoding.UTF8.GetBytes(RandomText(40)) : Encoding.UTF8.GetBytes(body.ToJsonString());
        var path = random.Next(8) == 0 ? $"/till/v1/shops/{Uri.EscapeDataString(RandomGid() is { Length: > 0 } gid ? gid : "0")}/transactions" : $"/till/v1/shops/{shop.Shop.Escaped}/transactions";
        return new FuzzRequest(index, "control", true, path, null, bytes);
    }

    /// <summary>Well-formed writes on the shops' sessions and devices, so that the ledger keeps moving under the fuzz.</summary>
    private FuzzRequest Churn(int index)
    {
        var shop = Pick(world.Shops);
        var money = new JsonObject { ["amount"] = (random.Next(1, 5000) / 100m).ToString("0.00", CultureInfo.InvariantCulture), ["currencyCode"] = shop.Shop.Currency };
        var session = Id(shop, "PointOfSaleDevicePaymentSession");
        switch (random.Next(4))
        {
            case 0:
                return Admin(index, "churn", Body(TillWire.AdjustDocument, new JsonObject { ["id"] = session, ["c"] = money, ["s"] = shop.Shop.StaffId, ["n"] = "churn" }), shop.Shop.Token);
            case 1:
                return Admin(index, "churn", Body(TillWire.CountDocument, new JsonObject { ["id"] = session, ["b"] = money, ["s"] = shop.Shop.StaffId }), shop.Shop.Token);
            default:
                var body = new JsonObject
                {
                    ["deviceId"] = Id(shop, "PointOfSaleDevice"),
                    ["kind"] = Pick(["SALE", "SALE", "REFUND", "CHANGE"]),
                    ["gateway"] = Pick(["cash", "cash", "card"]),
                    ["amount"] = money,
                    ["staffMemberId"] = shop.Shop.StaffId,
                };
                return new FuzzRequest(index, "churn", true, $"/till/v1/shops/{shop.Shop.Escaped}/transactions", null, Encoding.UTF8.GetBytes(body.ToJsonString()));
        }
    }

    // ------------------------------------------------------------------ fixed edge cases

    private List<FuzzRequest> Specials()
    {
        var shop = world.Shops[0];
        var list = new List<FuzzRequest>
        {
            Admin(0, "special-nesting", Body(new string('{', 500) + new string('}', 500))),
            Admin(0, "special-nesting", Body("{" + string.Concat(Enumerable.Repeat("a{", 500)) + "b" + new string('}', 501))),
            Admin(0, "special-nesting", Body(DeviceCycle(40))),
            Admin(0, "special-nesting", Body("{ node(id: " + new string('[', 500) + "1" + new string(']', 500) + ") { id } }")),
            Admin(0, "special-aliases", Body("{ " + string.Join(' ', Enumerable.Range(0, 10_000).Select(i => $"a{i}: __typename")) + " }")),
            Admin(0, "special-aliases", Body("{ " + string.Join(' ', Enumerable.Range(0, 10_000).Select(i => $"a{i}: cashDrawers(first: 1) {{ nodes {{ id }} }}")) + " }")),
            Admin(0, "special-aliases", Body("{ " + string.Join(' ', Enumerable.Range(0, 10_000).Select(i => $"a{i}: node(id: \"gid://shopify/CashDrawer/{i}\") {{ id }}")) + " }")),
            Admin(0, "special-fragments", Body("query { ...A } fragment A on QueryRoot { ...B } fragment B on QueryRoot { ...A }")),
            Admin(0, "special-fragments", Body("query { cashDrawers(first: 1) { nodes { ...D } } } fragment D on CashDrawer { id ...D }")),
            Admin(0, "special-lists", Body("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new JsonObject { ["ids"] = new JsonArray(Enumerable.Range(1, 250).Select(i => (JsonNode?)JsonValue.Create($"gid://shopify/CashDrawer/{i}")).ToArray()) })),
            Admin(0, "special-lists", Body("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new JsonObject { ["ids"] = new JsonArray(Enumerable.Range(1, 251).Select(i => (JsonNode?)JsonValue.Create($"gid://shopify/CashDrawer/{i}")).ToArray()) })),
        };

        // Bodies of 1-2 MB around the 1 MiB limit, in every place a big string can hide.
        foreach (var size in new[] { MiB - 200, MiB, MiB + 1, MiB + 100_000, (3 * MiB) / 2, 2 * MiB, (2 * MiB) + 1 })
        {
            list.Add(Admin(0, "special-huge", Sized("{\"query\": \"{ __typename }\", \"variables\": {\"x\": \"", "\"}}", size)));
            list.Add(Admin(0, "special-huge", Sized("{\"query\": \"mutation { pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: \\\"" + Id(shop, "PointOfSaleDevicePaymentSession") + "\\\", cash: {amount: \\\"1.00\\\", currencyCode: USD}, staffMemberId: \\\"" + shop.Shop.StaffId + "\\\", note: \\\"", "\\\") { userErrors { message } } }\"}", size)));
            list.Add(Admin(0, "special-huge", Sized("{\"query\": \"{ cashDrawers(first: 1, query: \\\"", "\\\") { nodes { id } } }\"}", size)));
        }

        list.Add(Admin(0, "special-huge", Sized("{\"query\": \"{ __typename }\", \"variables\": {\"x\": \"", "\"}}", (3 * MiB) / 2)) with { Chunked = true });
        list.Add(Admin(0, "special-huge", Sized("{\"query\": \"{ __typename }\", \"variables\": {\"x\": \"", "\"}}", (3 * MiB) / 2), token: null));
        list.Add(Admin(0, "special-huge", Body("{ " + string.Join(' ', Enumerable.Range(0, 200).Select(i => $"a{i}: cashDrawers(first: 1, query: {JsonSerializer.Serialize(new string('n', 4000))}) {{ nodes {{ id }} }}")) + " }")));
        return list;
    }

    // ------------------------------------------------------------------ building blocks

    private (string Document, JsonObject? Variables) Operation(string keyword, FuzzField field, int aliases)
    {
        var declarations = new List<string>();
        var variables = new JsonObject();
        var selections = new List<string>();
        for (var a = 0; a < aliases; a++)
        {
            var args = new List<string>();
            foreach (var argument in field.Arguments)
            {
                var roll = random.Next(20);
                if (roll == 0 || (!argument.Type.NonNull && roll < 6))
                {
                    continue;
                }

                var value = Value(argument.Type, field.Name, argument.Name, 0);
                if (random.Next(2) == 0)
                {
                    var name = $"v{a}_{argument.Name}";
                    declarations.Add($"${name}: {argument.Type.Text}");
                    variables[name] = value;
                    args.Add($"{argument.Name}: ${name}");
                }
                else
                {
                    args.Add($"{argument.Name}: {Literal(value, argument.Type)}");
                }
            }

            if (random.Next(25) == 0)
            {
                args.Add($"{Pick(names)}: {Pick(["1", "\"x\"", "null", "[]", "{}"])}");
            }

            var directive = keyword == "mutation" && random.Next(6) == 0
                ? $" @idempotent(key: {JsonSerializer.Serialize(Pick(["k1", "k2", string.Empty, " ", new string('k', 300), "k-" + random.Next(50).ToString(CultureInfo.InvariantCulture)]))})"
                : string.Empty;
            var arguments = args.Count == 0 ? string.Empty : "(" + string.Join(", ", args) + ")";
            selections.Add($"{(aliases > 1 ? $"f{a}: " : string.Empty)}{field.Name}{arguments}{directive} {Selection(field.Type.Named, 1)}");
        }

        var header = declarations.Count == 0 ? keyword : $"{keyword}({string.Join(", ", declarations)})";
        return ($"{header} {{ {string.Join(' ', selections)} }}", variables.Count == 0 ? null : variables);
    }

    /// <summary>A selection set for a type, from its real fields (random ones, with random arguments), up to a small depth.</summary>
    private string Selection(string typeName, int depth)
    {
        if (!schema.Types.TryGetValue(typeName, out var type) || type.Kind is FuzzKind.Scalar or FuzzKind.Enum)
        {
            return string.Empty;
        }

        if (type.Kind is FuzzKind.Union or FuzzKind.Interface)
        {
            var parts = new List<string> { "__typename" };
            foreach (var member in type.PossibleTypes.Where(_ => random.Next(2) == 0).Take(3))
            {
                parts.Add($"... on {member} {Selection(member, depth + 1)}");
            }

            return "{ " + string.Join(' ', parts) + " }";
        }

        var fields = type.Fields.Where(f => depth < 3 || IsLeaf(f.Type.Named)).ToList();
        var chosen = new List<string>();
        var count = random.Next(1, Math.Min(6, Math.Max(2, fields.Count)));
        for (var i = 0; i < count && fields.Count > 0; i++)
        {
            var field = Pick(fields);
            var args = field.Arguments
                .Where(a => a.Type.NonNull || (a.Name == "first" ? random.Next(5) > 0 : random.Next(3) == 0))
                .Select(a => $"{a.Name}: {Literal(Value(a.Type, field.Name, a.Name, 0), a.Type)}")
                .ToList();
            var sub = IsLeaf(field.Type.Named) ? string.Empty : " " + Selection(field.Type.Named, depth + 1);
            if (!IsLeaf(field.Type.Named) && sub.Trim().Length == 0)
            {
                sub = " { __typename }";
            }

            chosen.Add(field.Name + (args.Count == 0 ? string.Empty : "(" + string.Join(", ", args) + ")") + sub);
        }

        if (chosen.Count == 0)
        {
            chosen.Add("__typename");
        }

        return "{ " + string.Join(' ', chosen) + " }";
    }

    private bool IsLeaf(string typeName) => !schema.Types.TryGetValue(typeName, out var type) || type.Kind is FuzzKind.Scalar or FuzzKind.Enum;

    /// <summary>A value for an argument of a type: mostly plausible (real IDs, sane amounts), often not.</summary>
    private JsonNode? Value(FuzzTypeRef type, string field, string argument, int depth)
    {
        if (random.Next(15) == 0)
        {
            return random.Next(3) == 0 ? null : RandomJson(1);
        }

        if (type.IsList)
        {
            var count = random.Next(4) == 0 ? random.Next(0, 300) : random.Next(0, 5);
            var item = type with { IsList = false, NonNull = true, Text = type.Named + "!" };
            return new JsonArray(Enumerable.Range(0, count).Select(_ => Value(item, field, argument, depth + 1)).ToArray());
        }

        if (!schema.Types.TryGetValue(type.Named, out var named))
        {
            return RandomJson(1);
        }

        switch (named.Kind)
        {
            case FuzzKind.Enum:
                return random.Next(8) == 0 ? Pick(["usd", "NOPE", string.Empty, "ID ", "__typename"]) : Pick(named.Values);
            case FuzzKind.Input:
                var input = new JsonObject();
                foreach (var inner in named.Fields)
                {
                    if (inner.Type.NonNull || random.Next(2) == 0)
                    {
                        input[inner.Name] = depth > 4 ? null : Value(inner.Type, named.Name, inner.Name, depth + 1);
                    }
                }

                return input;
            default:
                break;
        }

        return type.Named switch
        {
            "ID" => IdFor(field, argument),
            "Int" => argument is "first" or "last" ? Pick([0, 1, 2, 5, 10, 250, 251, -1, 100000, int.MaxValue, int.MinValue]) : random.Next(-5, 300),
            "Float" => random.NextDouble() * 1e6,
            "Boolean" => random.Next(2) == 0,
            "DateTime" => Pick(Times),
            "Date" => Pick(Dates),
            "Decimal" or "Money" => Pick(Decimals),
            "UnsignedInt64" => Pick(Numbers),
            "JSON" => RandomJson(2),
            _ => argument switch
            {
                "query" => Pick(["", "name:Drawer", "id:1", "is_open:true", "opening_time:>2026-01-01", "status:open OR is_open:false", "-name:x", "(((", "name:\"unterminated", "staff:Kat", "NOT NOT NOT a", "id:>9223372036854775808", "名前:値", "location_id:" + Pick(Numbers), "opening_date:2026-02-30", "type:SALE time:<now"]),
                "after" or "before" => Pick(["", "abc", "eyJ4IjoxfQ==", "////", new string('A', 5000), "null"]),
                "code" or "name" or "note" => random.Next(6) == 0 ? new string('n', random.Next(250, 1000)) : Pick(Texts) + (random.Next(2) == 0 ? random.Next(1000).ToString(CultureInfo.InvariantCulture) : string.Empty),
                _ => Pick(Texts),
            },
        };
    }

    /// <summary>The global-ID type an argument names, guessed from its field and argument names.</summary>
    private JsonNode IdFor(string field, string argument)
    {
        var type = (field, argument) switch
        {
            (_, "locationId") => "Location",
            (_, "staffMemberId") => "StaffMember",
            (_, "pointOfSaleDeviceId") => "PointOfSaleDevice",
            (_, "cashDrawerId") => "CashDrawer",
            (_, "pointOfSaleDevicePaymentSessionId") => "PointOfSaleDevicePaymentSession",
            (_, "reasonCodeId") => Pick(["CashManagementCustomReasonCode", "CashManagementDefaultReasonCode", "CashManagementSystemReasonCode"]),
            ("cashManagementReasonCodeDelete", _) => "CashManagementCustomReasonCode",
            ("cashDrawerUpdate" or "cashDrawer", _) => "CashDrawer",
            ("pointOfSaleDevice", _) => "PointOfSaleDevice",
            ("pointOfSaleDevicePaymentSession", _) => "PointOfSaleDevicePaymentSession",
            ("cashTrackingSession", _) => "CashTrackingSession",
            _ => Pick(GidTypes.Take(12).ToArray()),
        };
        return random.Next(10) switch
        {
            < 6 => Id(OwnShop(), type),
            6 => Id(Pick(world.Shops), Pick(GidTypes.Take(12).ToArray())),
            _ => RandomGid(),
        };
    }

    private string Id(FuzzShop shop, string type) =>
        shop.Ids.TryGetValue(type, out var ids) && ids.Count > 0 ? Pick(ids) : $"gid://shopify/{type}/{random.Next(1, 100_000)}";

    private string RandomGid() => random.Next(8) switch
    {
        0 => Id(Pick(world.Shops), Pick(GidTypes.Take(12).ToArray())),
        1 => $"gid://shopify/{Pick(GidTypes)}/{Pick(Numbers)}",
        2 => $"gid://shopify/{Pick(GidTypes)}/{random.Next(1, 1000)}?x=1",
        3 => Pick(["", "gid://", "gid://shopify/", "gid://shopify/CashDrawer", "gid://shopify/CashDrawer/", "gid://shopify//1", "gid://other/CashDrawer/1", "GID://SHOPIFY/CASHDRAWER/1", "gid://shopify/CashDrawer/1/2", "shopify/CashDrawer/1", "1", "Z2lkOi8vc2hvcGlmeS9DYXNoRHJhd2VyLzE="]),
        4 => $"gid://shopify/{Pick(GidTypes)}/{Pick(Texts)}",
        5 => "gid://shopify/CashDrawer/" + new string('9', random.Next(1, 400)),
        _ => $"gid://shopify/{Pick(GidTypes.Take(12).ToArray())}/{random.Next(1, 2000)}",
    };

    /// <summary>A JSON value written as a GraphQL literal (enums bare when the type is an enum and the value a name).</summary>
    private string Literal(JsonNode? value, FuzzTypeRef type)
    {
        switch (value)
        {
            case null:
                return "null";
            case JsonArray array:
                var item = type with { IsList = false };
                return "[" + string.Join(", ", array.Select(v => Literal(v, item))) + "]";
            case JsonObject obj:
                var input = schema.Types.TryGetValue(type.Named, out var t) ? t : null;
                return "{" + string.Join(", ", obj.Select(p => $"{p.Key}: {Literal(p.Value, input?.Fields.FirstOrDefault(f => f.Name == p.Key)?.Type ?? new FuzzTypeRef("String", false, false, "String"))}")) + "}";
            default:
                if (value.GetValueKind() == JsonValueKind.String && schema.Types.TryGetValue(type.Named, out var e) && e.Kind == FuzzKind.Enum
                    && value.GetValue<string>() is { Length: > 0 } name && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0]))
                {
                    return name;
                }

                return value.ToJsonString();
        }
    }

    private JsonNode? RandomJson(int depth) => random.Next(depth <= 0 ? 6 : 9) switch
    {
        0 => null,
        1 => random.Next(2) == 0,
        2 => Pick([0, -1, 1, int.MaxValue, int.MinValue, 250, 251]),
        3 => JsonNode.Parse(Pick(["1e400", "-0", "1.5", "99999999999999999999999999999999", "0.0000000001", "-1e-400"])),
        4 => Pick(Decimals),
        5 => Pick(Texts),
        6 => new JsonArray(Enumerable.Range(0, random.Next(4)).Select(_ => RandomJson(depth - 1)).ToArray()),
        7 => new JsonObject(Enumerable.Range(0, random.Next(4)).Select(i => KeyValuePair.Create(Pick(["amount", "currencyCode", "id", "name", "from", "to", "x", string.Empty]) + i.ToString(CultureInfo.InvariantCulture), RandomJson(depth - 1)))),
        _ => RandomGid(),
    };

    private string RandomText(int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(10) switch
            {
                0 => (char)random.Next(0, 32),
                1 => (char)random.Next(0x80, 0x2FF),
                2 => (char)random.Next(0x4E00, 0x4F00),
                _ => (char)random.Next(32, 127),
            });
        }

        return builder.ToString();
    }

    private string DeviceCycle(int depth)
    {
        var device = Id(world.Shops[0], "PointOfSaleDevice");
        return $"{{ a: cashDrawers(first: 250) {{ nodes {{ id name }} }} b: cashDrawers(first: 250) {{ nodes {{ id location {{ id }} }} }} deep: pointOfSaleDevice(id: \"{device}\") {{ "
            + string.Concat(Enumerable.Repeat("activePaymentSession { pointOfSaleDevice { ", depth)) + "id" + string.Concat(Enumerable.Repeat(" } }", depth)) + " } }";
    }

    private FuzzShop OwnShop() => world.Shops[random.Next(2) == 0 ? 0 : random.Next(world.Shops.Count)];

    private string? TokenFor(FuzzShop shop) => random.Next(10) == 0 ? Pick(world.WeakTokens) : shop.Shop.Token;

    private static byte[] Body(string query, JsonNode? variables = null, string? operationName = null)
    {
        var body = new JsonObject { ["query"] = query };
        if (variables is not null)
        {
            body["variables"] = variables;
        }

        if (operationName is not null)
        {
            body["operationName"] = operationName;
        }

        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }

    private static byte[] Sized(string prefix, string suffix, int size)
    {
        var head = Encoding.UTF8.GetBytes(prefix);
        var tail = Encoding.UTF8.GetBytes(suffix);
        var fill = Math.Max(0, size - head.Length - tail.Length);
        var bytes = new byte[head.Length + fill + tail.Length];
        head.CopyTo(bytes, 0);
        bytes.AsSpan(head.Length, fill).Fill((byte)'z');
        tail.CopyTo(bytes, head.Length + fill);
        return bytes;
    }

    private FuzzRequest Admin(int index, string category, byte[] body, string? token = "", string version = "2026-04") =>
        new(index, category, false, $"/admin/api/{version}/graphql.json", token == string.Empty ? world.Shops[0].Shop.Token : token, body);

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
