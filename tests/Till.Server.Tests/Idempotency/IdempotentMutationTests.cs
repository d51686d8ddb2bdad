using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Idempotency;

public sealed class IdempotentMutationTests : IAsyncLifetime
{
    private const string Adjust = """
        mutation($id: ID!, $s: ID!, $amount: Decimal!, $key: String!) {
          pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: $id, staffMemberId: $s, cash: {amount: $amount, currencyCode: USD}) @idempotent(key: $key) {
            pointOfSaleDevicePaymentSession { id status expectedCashAtOpen { amount } }
            userErrors { field message }
          }
        }
        """;

    private const string Close = """
        mutation($id: ID!, $s: ID!, $amount: Decimal!, $key: String!) {
          pointOfSaleDevicePaymentSessionClose(pointOfSaleDevicePaymentSessionId: $id, staffMemberId: $s, balance: {amount: $amount, currencyCode: USD}) @idempotent(key: $key) {
            pointOfSaleDevicePaymentSession { id status closingTime closingAdjustment { amount } expectedCashAtClose { amount } cashCountedAtClose { amount } }
            userErrors { field message code }
          }
        }
        """;

    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static string Data(JsonElement result, string field) => result.GetProperty("data").GetProperty(field).GetRawText();

    private static async Task<string> BalanceAsync(TestShop shop)
    {
        var result = await shop.GraphQLAsync("query($id: ID!) { cashDrawer(id: $id) { balance { amount } } }", new { id = shop.DrawerId }, "2026-07");
        return result.GetProperty("data").GetProperty("cashDrawer").GetProperty("balance").GetProperty("amount").GetString()!;
    }

    [Fact]
    public async Task Adjust_RetriedWithTheSameKey_ReturnsTheFirstAnswerAndBooksOnce()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");

        var first = await shop.GraphQLAsync(Adjust, new { id = session, s = shop.StaffId, amount = "-20.00", key = "adjust-1" });
        var second = await shop.GraphQLAsync(Adjust, new { id = session, s = shop.StaffId, amount = "-20.00", key = "adjust-1" });

        Data(second, "pointOfSaleDevicePaymentSessionAdjust").ShouldBe(Data(first, "pointOfSaleDevicePaymentSessionAdjust"));
        (await BalanceAsync(shop)).ShouldBe("80.0");
        var adjustments = await shop.GraphQLAsync("query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { totalAdjustments { amount } } }", new { id = session });
        adjustments.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSession").GetProperty("totalAdjustments").GetProperty("amount").GetString().ShouldBe("-20.0");
    }

    [Fact]
    public async Task Adjust_ReplayedAfterLaterActivity_AnswersTheFirstBytes()
    {
        const string adjustWithTotals = """
            mutation($id: ID!, $s: ID!, $amount: Decimal!, $key: String!) {
              pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: $id, staffMemberId: $s, cash: {amount: $amount, currencyCode: USD}) @idempotent(key: $key) {
                pointOfSaleDevicePaymentSession { id totalAdjustments { amount } totalCashSales { amount } }
                userErrors { field }
              }
            }
            """;
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");

        var first = Data(await shop.GraphQLAsync(adjustWithTotals, new { id = session, s = shop.StaffId, amount = "-20.00", key = "totals-1" }), "pointOfSaleDevicePaymentSessionAdjust");
        first.ShouldContain("\"-20.0\"");

        // Later activity moves the session's totals; the replay still answers what was first sent.
        await shop.GraphQLAsync(adjustWithTotals, new { id = session, s = shop.StaffId, amount = "-5.00", key = "totals-2" });
        (await shop.RecordTransactionAsync("SALE", "7.00")).EnsureSuccessStatusCode();
        var replay = Data(await shop.GraphQLAsync(adjustWithTotals, new { id = session, s = shop.StaffId, amount = "-20.00", key = "totals-1" }), "pointOfSaleDevicePaymentSessionAdjust");

        replay.ShouldBe(first);
        var now = await shop.GraphQLAsync("query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { totalAdjustments { amount } } }", new { id = session });
        now.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSession").GetProperty("totalAdjustments").GetProperty("amount").GetString().ShouldBe("-25.0");
    }

    [Fact]
    public async Task Replay_UnderAnAlias_AnswersTheFirstBytesUnderTheNewAlias()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");
        var first = Data(await shop.GraphQLAsync(Adjust, new { id = session, s = shop.StaffId, amount = "-20.00", key = "alias-1" }), "pointOfSaleDevicePaymentSessionAdjust");
        (await shop.RecordTransactionAsync("SALE", "3.00")).EnsureSuccessStatusCode();

        var aliased = await shop.GraphQLAsync(Adjust.Replace("pointOfSaleDevicePaymentSessionAdjust(", "retry: pointOfSaleDevicePaymentSessionAdjust(", StringComparison.Ordinal), new { id = session, s = shop.StaffId, amount = "-20.00", key = "alias-1" });

        Data(aliased, "retry").ShouldBe(first);
    }

    [Fact]
    public async Task SameKey_AskingForOtherFields_IsAMismatch()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");
        await shop.GraphQLAsync(Adjust, new { id = session, s = shop.StaffId, amount = "-20.00", key = "fields" });

        var other = await shop.GraphQLAsync(Adjust.Replace("status expectedCashAtOpen { amount }", "status", StringComparison.Ordinal), new { id = session, s = shop.StaffId, amount = "-20.00", key = "fields" });

        other.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
        (await BalanceAsync(shop)).ShouldBe("80.0");
    }

    [Fact]
    public async Task KeysDifferingOnlyInNulAndReplacementCharacter_AreDifferentKeys()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");

        var nul = await shop.GraphQLAsync(Adjust, new { id = session, s = shop.StaffId, amount = "-20.00", key = "k\u0000" });
        var replacement = await shop.GraphQLAsync(Adjust, new { id = session, s = shop.StaffId, amount = "-30.00", key = "k\uFFFD" });

        nul.TryGetProperty("errors", out _).ShouldBeFalse(nul.ToString());
        replacement.TryGetProperty("errors", out _).ShouldBeFalse(replacement.ToString());
        (await BalanceAsync(shop)).ShouldBe("50.0");

        // Each still replays its own first answer, and books nothing more.
        var nulAgain = await shop.GraphQLAsync(Adjust, new { id = session, s = shop.StaffId, amount = "-20.00", key = "k\u0000" });
        Data(nulAgain, "pointOfSaleDevicePaymentSessionAdjust").ShouldBe(Data(nul, "pointOfSaleDevicePaymentSessionAdjust"));
        var mismatch = await shop.GraphQLAsync(Adjust, new { id = session, s = shop.StaffId, amount = "-20.00", key = "k\uFFFD" });
        mismatch.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
        (await BalanceAsync(shop)).ShouldBe("50.0");
    }

    [Fact]
    public async Task Close_RetriedWithTheSameKey_ReturnsTheIdenticalFirstAnswer()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");

        var first = await shop.GraphQLAsync(Close, new { id = session, s = shop.StaffId, amount = "95.00", key = "close-1" });
        var second = await shop.GraphQLAsync(Close, new { id = session, s = shop.StaffId, amount = "95.00", key = "close-1" });

        var firstPayload = Data(first, "pointOfSaleDevicePaymentSessionClose");
        firstPayload.ShouldContain("\"CLOSED\"");
        Data(second, "pointOfSaleDevicePaymentSessionClose").ShouldBe(firstPayload);
        (await BalanceAsync(shop)).ShouldBe("95.0");

        // Without the key, a second close is refused as usual.
        var plain = await shop.ClosePayloadAsync(session, "95.00");
        plain.GetProperty("userErrors")[0].GetProperty("code").GetString().ShouldBe("SESSION_ALREADY_CLOSED");
    }

    [Fact]
    public async Task SameKey_WithOtherArguments_IsRefusedAndBooksNothing()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");
        await shop.GraphQLAsync(Adjust, new { id = session, s = shop.StaffId, amount = "-20.00", key = "k" });

        var other = await shop.GraphQLAsync(Adjust, new { id = session, s = shop.StaffId, amount = "-30.00", key = "k" });

        other.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSessionAdjust").ValueKind.ShouldBe(JsonValueKind.Null);
        other.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
        (await BalanceAsync(shop)).ShouldBe("80.0");
    }

    [Fact]
    public async Task BlankKey_IsBadRequest()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");

        var result = await shop.GraphQLAsync(Adjust, new { id = session, s = shop.StaffId, amount = "-20.00", key = "   " });

        result.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("BAD_REQUEST");
        (await BalanceAsync(shop)).ShouldBe("100.0");
    }

    [Fact]
    public async Task TwentyConcurrentRequests_WithOneKey_BookOnce()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            shop.GraphQLAsync(Adjust, new { id = session, s = shop.StaffId, amount = "5.00", key = "burst" })));

        results.Select(r => Data(r, "pointOfSaleDevicePaymentSessionAdjust")).Distinct().Count().ShouldBe(1);
        results.All(r => !r.TryGetProperty("errors", out _)).ShouldBeTrue();
        (await BalanceAsync(shop)).ShouldBe("105.0");
    }

    [Fact]
    public async Task Keys_SurviveARestart()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");
        var first = await shop.GraphQLAsync(Close, new { id = session, s = shop.StaffId, amount = "90.00", key = "across-restart" });

        var database = server.Database;
        await server.StopKeepingDatabaseAsync();
        server = await TillServer.StartAsync(reuse: database);

        var retried = await server.GraphQLAsync(shop.Token, Close, new { id = session, s = shop.StaffId, amount = "90.00", key = "across-restart" });
        Data(retried, "pointOfSaleDevicePaymentSessionClose").ShouldBe(Data(first, "pointOfSaleDevicePaymentSessionClose"));
    }

    [Fact]
    public async Task Keys_AreScopedToTheShop()
    {
        var a = await server.CreateShopAsync();
        var b = await server.CreateShopAsync();
        var sessionA = await a.OpenAsync("100.00");
        var sessionB = await b.OpenAsync("100.00");

        await a.GraphQLAsync(Adjust, new { id = sessionA, s = a.StaffId, amount = "-1.00", key = "shared" });
        var other = await b.GraphQLAsync(Adjust, new { id = sessionB, s = b.StaffId, amount = "-1.00", key = "shared" });

        other.TryGetProperty("errors", out _).ShouldBeFalse(other.ToString());
        Data(other, "pointOfSaleDevicePaymentSessionAdjust").ShouldContain(sessionB);
    }
}
