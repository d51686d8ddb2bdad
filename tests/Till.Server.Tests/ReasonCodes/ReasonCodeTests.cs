using System.Text.Json;
using Till.Server.Tests.Queries;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.ReasonCodes;

public sealed class ReasonCodeTests : IAsyncLifetime
{
    private const string Create = "mutation($c: String!) { cashManagementReasonCodeCreate(code: $c) { reasonCode { id code } userErrors { field message code } } }";
    private const string Delete = "mutation($id: ID!) { cashManagementReasonCodeDelete(id: $id) { deletedId userErrors { field message code } } }";
    private const string List = """
        query($first: Int, $after: String, $last: Int, $before: String, $reverse: Boolean) {
          cashManagementReasonCodes(first: $first, after: $after, last: $last, before: $before, reverse: $reverse) {
            edges { cursor node {
              __typename
              ... on CashManagementCustomReasonCode { id customCode: code }
              ... on CashManagementDefaultReasonCode { id defaultCode: code }
              ... on CashManagementSystemReasonCode { id systemCode: code }
            } }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          }
        }
        """;

    private static readonly string[] DefaultCodes = ["CASH_PICKUP", "CASH_COUNT", "CHANGE_CORRECTION", "PETTY_CASH", "TIP_PAYOUT", "CASH_PAYOUT"];
    private static readonly string[] SystemCodes = ["FLOAT_SETUP", "CASH_PAYOUT", "OTHER"];
    private static readonly string[] CodeField = ["code"];
    private static readonly string[] IdField = ["id"];

    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static async Task<JsonElement> CreatePayloadAsync(TestShop shop, string code) =>
        TestShop.Payload(await shop.GraphQLAsync(Create, new { c = code }), "cashManagementReasonCodeCreate");

    private static async Task<JsonElement> DeletePayloadAsync(TestShop shop, string id) =>
        TestShop.Payload(await shop.GraphQLAsync(Delete, new { id }), "cashManagementReasonCodeDelete");

    private static JsonElement SingleError(JsonElement payload, string objectField)
    {
        payload.GetProperty(objectField).ValueKind.ShouldBe(JsonValueKind.Null, payload.ToString());
        return payload.GetProperty("userErrors").EnumerateArray().ShouldHaveSingleItem();
    }

    private static string[] Field(JsonElement error) => [.. error.GetProperty("field").EnumerateArray().Select(f => f.GetString()!)];

    private static async Task<JsonElement> PageAsync(TestShop shop, int? first = null, string? after = null, int? last = null, string? before = null, bool? reverse = null) =>
        QueryKit.Data(await shop.GraphQLAsync(List, new { first, after, last, before, reverse })).GetProperty("cashManagementReasonCodes");

    [Fact]
    public async Task Create_CodeWithSurroundingBlanks_ReturnsTrimmedCustomCode()
    {
        var shop = await server.CreateShopAsync();

        var payload = await CreatePayloadAsync(shop, "  Bank deposit  ");

        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        var code = payload.GetProperty("reasonCode");
        code.GetProperty("code").GetString().ShouldBe("Bank deposit");
        code.GetProperty("id").GetString()!.ShouldMatch("^gid://shopify/CashManagementCustomReasonCode/[1-9][0-9]*$");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t \n")]
    public async Task Create_BlankCode_IsBlank(string code)
    {
        var shop = await server.CreateShopAsync();

        var error = SingleError(await CreatePayloadAsync(shop, code), "reasonCode");

        error.GetProperty("code").GetString().ShouldBe("BLANK");
        Field(error).ShouldBe(CodeField);
        (await QueryKit.ReasonCodesAsync(shop)).Count(c => c.Type == "CashManagementCustomReasonCode").ShouldBe(0);
    }

    [Theory]
    [InlineData("bank deposit")]
    [InlineData("BANK DEPOSIT")]
    [InlineData("  Bank Deposit ")]
    [InlineData("Bank deposit")]
    public async Task Create_SameCodeIgnoringCaseAndBlanks_IsCodeAlreadyExists(string again)
    {
        var shop = await server.CreateShopAsync();
        await QueryKit.CreateReasonCodeAsync(shop, "Bank Deposit");

        var error = SingleError(await CreatePayloadAsync(shop, again), "reasonCode");

        error.GetProperty("code").GetString().ShouldBe("CODE_ALREADY_EXISTS");
        Field(error).ShouldBe(CodeField);
        (await QueryKit.ReasonCodesAsync(shop)).Count(c => c.Type == "CashManagementCustomReasonCode").ShouldBe(1);
    }

    [Fact]
    public async Task Create_SameCodeInAnotherShop_Succeeds()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        var first = await QueryKit.CreateReasonCodeAsync(shop, "Bank deposit");

        var payload = await CreatePayloadAsync(other, "Bank deposit");

        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        payload.GetProperty("reasonCode").GetProperty("id").GetString().ShouldNotBe(first);
    }

    [Fact]
    public async Task Delete_CustomCode_ReturnsDeletedIdAndDropsItFromTheList()
    {
        var shop = await server.CreateShopAsync();
        var id = await QueryKit.CreateReasonCodeAsync(shop, "Bank deposit");
        var kept = await QueryKit.CreateReasonCodeAsync(shop, "Float top-up");

        var payload = await DeletePayloadAsync(shop, id);

        payload.GetProperty("userErrors").GetArrayLength().ShouldBe(0, payload.ToString());
        payload.GetProperty("deletedId").GetString().ShouldBe(id);
        var codes = await QueryKit.ReasonCodesAsync(shop);
        codes.ShouldNotContain(c => c.Id == id);
        codes.ShouldContain(c => c.Id == kept && c.Code == "Float top-up");
    }

    [Fact]
    public async Task Delete_UnknownId_IsNotFound()
    {
        var shop = await server.CreateShopAsync();

        var error = SingleError(await DeletePayloadAsync(shop, "gid://shopify/CashManagementCustomReasonCode/987654321"), "deletedId");

        error.GetProperty("code").GetString().ShouldBe("NOT_FOUND");
        Field(error).ShouldBe(IdField);
    }

    [Fact]
    public async Task Delete_AnotherShopsCode_IsNotFoundAndKeepsIt()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        var theirs = await QueryKit.CreateReasonCodeAsync(other, "Bank deposit");

        var error = SingleError(await DeletePayloadAsync(shop, theirs), "deletedId");

        error.GetProperty("code").GetString().ShouldBe("NOT_FOUND");
        (await QueryKit.ReasonCodesAsync(other)).ShouldContain(c => c.Id == theirs);
    }

    [Fact]
    public async Task Delete_AlreadyDeletedCode_IsNotFound()
    {
        var shop = await server.CreateShopAsync();
        var id = await QueryKit.CreateReasonCodeAsync(shop, "Bank deposit");
        (await DeletePayloadAsync(shop, id)).GetProperty("userErrors").GetArrayLength().ShouldBe(0);

        var error = SingleError(await DeletePayloadAsync(shop, id), "deletedId");

        error.GetProperty("code").GetString().ShouldBe("NOT_FOUND");
    }

    [Fact]
    public async Task Delete_IdOfAnotherType_IsNotFound()
    {
        var shop = await server.CreateShopAsync();

        var error = SingleError(await DeletePayloadAsync(shop, shop.DrawerId), "deletedId");

        error.GetProperty("code").GetString().ShouldBe("NOT_FOUND");
    }

    [Theory]
    [InlineData("CashManagementDefaultReasonCode")]
    [InlineData("CashManagementSystemReasonCode")]
    public async Task Delete_DefaultOrSystemCode_IsNotDeletableAndKeepsIt(string type)
    {
        var shop = await server.CreateShopAsync();
        var before = await QueryKit.ReasonCodesAsync(shop);
        var id = before.First(c => c.Type == type).Id;

        var error = SingleError(await DeletePayloadAsync(shop, id), "deletedId");

        error.GetProperty("code").GetString().ShouldBe("NOT_DELETABLE");
        (await QueryKit.ReasonCodesAsync(shop)).ShouldBe(before);
    }

    [Fact]
    public async Task List_NewShop_HasTheSixDefaultAndThreeSystemCodes()
    {
        var shop = await server.CreateShopAsync();

        var codes = await QueryKit.ReasonCodesAsync(shop);

        codes.Count.ShouldBe(9);
        codes.Where(c => c.Type == "CashManagementDefaultReasonCode").Select(c => c.Code).ShouldBe(DefaultCodes, ignoreOrder: true);
        codes.Where(c => c.Type == "CashManagementSystemReasonCode").Select(c => c.Code).ShouldBe(SystemCodes, ignoreOrder: true);
        codes.Where(c => c.Type == "CashManagementDefaultReasonCode").ShouldAllBe(c => c.Id.StartsWith("gid://shopify/CashManagementDefaultReasonCode/", StringComparison.Ordinal));
        codes.Where(c => c.Type == "CashManagementSystemReasonCode").ShouldAllBe(c => c.Id.StartsWith("gid://shopify/CashManagementSystemReasonCode/", StringComparison.Ordinal));
        codes.Select(c => c.Id).Distinct().Count().ShouldBe(9);
    }

    [Fact]
    public async Task List_WithCustomAndDeletedCodes_ShowsLiveCustomCodesOnly()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        var a = await QueryKit.CreateReasonCodeAsync(shop, "Bank deposit");
        var b = await QueryKit.CreateReasonCodeAsync(shop, "Float top-up");
        var c = await QueryKit.CreateReasonCodeAsync(shop, "Lottery payout");
        await QueryKit.CreateReasonCodeAsync(other, "Other shop's code");
        (await DeletePayloadAsync(shop, b)).GetProperty("userErrors").GetArrayLength().ShouldBe(0);

        var codes = await QueryKit.ReasonCodesAsync(shop);

        codes.Count.ShouldBe(11);
        codes.Where(x => x.Type == "CashManagementCustomReasonCode").Select(x => (x.Id, x.Code)).ShouldBe([(a, "Bank deposit"), (c, "Lottery payout")], ignoreOrder: true);
    }

    [Fact]
    public async Task List_FirstAfter_WalksEveryCodeOnceWithExactPageInfo()
    {
        var shop = await server.CreateShopAsync();
        foreach (var name in new[] { "One", "Two", "Three" })
        {
            await QueryKit.CreateReasonCodeAsync(shop, name);
        }

        var all = (await QueryKit.ReasonCodesAsync(shop)).Select(c => c.Id).ToList();
        all.Count.ShouldBe(12);

        var seen = new List<string>();
        string? after = null;
        var pages = new List<JsonElement>();
        do
        {
            var page = await PageAsync(shop, first: 5, after: after);
            pages.Add(page);
            seen.AddRange(QueryKit.Ids(page));
            after = page.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        }
        while (pages[^1].GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() && pages.Count < 10);

        pages.Count.ShouldBe(3);
        seen.ShouldBe(all);
        pages.Select(p => QueryKit.Ids(p).Count).ShouldBe([5, 5, 2]);
        pages.Select(p => p.GetProperty("pageInfo").GetProperty("hasPreviousPage").GetBoolean()).ShouldBe([false, true, true]);
        pages.Select(p => p.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean()).ShouldBe([true, true, false]);
        foreach (var page in pages)
        {
            var edges = page.GetProperty("edges");
            page.GetProperty("pageInfo").GetProperty("startCursor").GetString().ShouldBe(edges[0].GetProperty("cursor").GetString());
            page.GetProperty("pageInfo").GetProperty("endCursor").GetString().ShouldBe(edges[edges.GetArrayLength() - 1].GetProperty("cursor").GetString());
        }
    }

    [Fact]
    public async Task List_LastBefore_WalksBackwardsInTheSameOrder()
    {
        var shop = await server.CreateShopAsync();
        foreach (var name in new[] { "One", "Two", "Three" })
        {
            await QueryKit.CreateReasonCodeAsync(shop, name);
        }

        var all = (await QueryKit.ReasonCodesAsync(shop)).Select(c => c.Id).ToList();

        var pages = new List<JsonElement>();
        string? before = null;
        do
        {
            var page = await PageAsync(shop, last: 5, before: before);
            pages.Add(page);
            before = page.GetProperty("pageInfo").GetProperty("startCursor").GetString();
        }
        while (pages[^1].GetProperty("pageInfo").GetProperty("hasPreviousPage").GetBoolean() && pages.Count < 10);

        pages.Count.ShouldBe(3);
        pages.AsEnumerable().Reverse().SelectMany(QueryKit.Ids).ShouldBe(all);
        pages.Select(p => QueryKit.Ids(p).Count).ShouldBe([5, 5, 2]);
        pages.Select(p => p.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean()).ShouldBe([false, true, true]);
        pages.Select(p => p.GetProperty("pageInfo").GetProperty("hasPreviousPage").GetBoolean()).ShouldBe([true, true, false]);
    }

    [Fact]
    public async Task List_Reverse_ListsTheCodesInOppositeOrder()
    {
        var shop = await server.CreateShopAsync();
        await QueryKit.CreateReasonCodeAsync(shop, "One");
        var all = (await QueryKit.ReasonCodesAsync(shop)).Select(c => c.Id).ToList();

        var reversed = QueryKit.Ids(await PageAsync(shop, first: 250, reverse: true));
        var firstTwoReversed = await PageAsync(shop, first: 2, reverse: true);
        var nextReversed = await PageAsync(shop, first: 2, reverse: true, after: firstTwoReversed.GetProperty("pageInfo").GetProperty("endCursor").GetString());

        reversed.ShouldBe(all.AsEnumerable().Reverse().ToList());
        QueryKit.Ids(firstTwoReversed).ShouldBe(reversed.Take(2).ToList());
        QueryKit.Ids(nextReversed).ShouldBe(reversed.Skip(2).Take(2).ToList());
    }

    [Fact]
    public async Task DeletedCode_StaysAttachedToTheActivityThatUsedIt()
    {
        var shop = await server.CreateShopAsync();
        var code = await QueryKit.CreateReasonCodeAsync(shop, "Bank deposit");
        var session = await shop.OpenAsync();
        var adjusted = await shop.AdjustPayloadAsync(session, "-20.00", reasonCodeId: code, note: "to the bank");
        adjusted.GetProperty("userErrors").GetArrayLength().ShouldBe(0, adjusted.ToString());

        (await DeletePayloadAsync(shop, code)).GetProperty("deletedId").GetString().ShouldBe(code);

        var result = await shop.GraphQLAsync(
            """
            query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { cashActivities(first: 10) { nodes {
              __typename
              ... on CashAdjustmentActivity { type note reasonCode { __typename ... on CashManagementCustomReasonCode { id code } } }
            } } } }
            """,
            new { id = session },
            version: "2026-07");
        var adjustment = QueryKit.Data(result).GetProperty("pointOfSaleDevicePaymentSession").GetProperty("cashActivities").GetProperty("nodes")
            .EnumerateArray().Single(n => n.GetProperty("__typename").GetString() == "CashAdjustmentActivity");
        adjustment.GetProperty("note").GetString().ShouldBe("to the bank");
        var reason = adjustment.GetProperty("reasonCode");
        reason.ValueKind.ShouldBe(JsonValueKind.Object, result.ToString());
        reason.GetProperty("__typename").GetString().ShouldBe("CashManagementCustomReasonCode");
        reason.GetProperty("id").GetString().ShouldBe(code);
        reason.GetProperty("code").GetString().ShouldBe("Bank deposit");
        (await QueryKit.ReasonCodesAsync(shop)).ShouldNotContain(c => c.Id == code);
    }

    [Fact]
    public async Task Adjust_WithDeletedCode_IsReasonCodeNotFound()
    {
        var shop = await server.CreateShopAsync();
        var code = await QueryKit.CreateReasonCodeAsync(shop, "Bank deposit");
        var session = await shop.OpenAsync();
        (await DeletePayloadAsync(shop, code)).GetProperty("userErrors").GetArrayLength().ShouldBe(0);

        var payload = await shop.AdjustPayloadAsync(session, "-20.00", reasonCodeId: code);

        payload.GetProperty("pointOfSaleDevicePaymentSession").ValueKind.ShouldBe(JsonValueKind.Null, payload.ToString());
        var error = payload.GetProperty("userErrors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("message").GetString()!.ShouldContain("reason code", Case.Insensitive);
        Field(error).ShouldBe(["reasonCodeId"]);
        QueryKit.Amount(await shop.SessionAsync(session), "totalAdjustments").ShouldBe("0.0");
    }

    [Fact]
    public async Task Open_WithDeletedCode_IsReasonCodeNotFound()
    {
        var shop = await server.CreateShopAsync();
        var code = await QueryKit.CreateReasonCodeAsync(shop, "Bank deposit");
        (await DeletePayloadAsync(shop, code)).GetProperty("userErrors").GetArrayLength().ShouldBe(0);

        var payload = await shop.OpenPayloadAsync("100.00", reasonCodeId: code);

        SingleError(payload, "pointOfSaleDevicePaymentSession").GetProperty("code").GetString().ShouldBe("REASON_CODE_NOT_FOUND");
    }
}
