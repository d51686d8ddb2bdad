using System.Net;
using System.Text;
using System.Text.Json;
using Till.Server.Tests.Support;
using static Till.Server.Tests.Control.ControlCalls;

namespace Till.Server.Tests.Control;

public sealed class TransactionIdempotencyTests : IAsyncLifetime
{
    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static string Body(TestShop shop, string amount = "10.00", string kind = "SALE") =>
        JsonSerializer.Serialize(new { deviceId = shop.DeviceId, kind, gateway = "cash", amount = new { amount, currencyCode = shop.Currency }, staffMemberId = shop.StaffId });

    private async Task<(HttpStatusCode Status, string Body)> RecordAsync(TestShop shop, string body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/till/v1/shops/{Escaped(shop.ShopId)}/transactions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Authorization", "Bearer " + TillServer.AdminKeyValue);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        using var response = await server.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> CashSalesAsync(TestShop shop, string session)
    {
        var result = await shop.GraphQLAsync("query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { totalCashSales { amount } } }", new { id = session });
        return result.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSession").GetProperty("totalCashSales").GetProperty("amount").GetString()!;
    }

    private static string Code(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString()!;

    [Fact]
    public async Task RetriedCashSale_WithTheSameKey_IsBookedOnceAndAnswersTheFirstBody()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");

        var first = await RecordAsync(shop, Body(shop), "sale-1");
        var retry = await RecordAsync(shop, Body(shop), "sale-1");

        first.Status.ShouldBe(HttpStatusCode.Created, first.Body);
        retry.Status.ShouldBe(HttpStatusCode.Created, retry.Body);
        retry.Body.ShouldBe(first.Body);
        (await CashSalesAsync(shop, session)).ShouldBe("10.0");

        // Spacing and property order are not part of the request: still a retry.
        var reordered = JsonSerializer.Serialize(new { staffMemberId = shop.StaffId, amount = new { currencyCode = shop.Currency, amount = "10.00" }, gateway = "cash", kind = "SALE", deviceId = shop.DeviceId });
        (await RecordAsync(shop, "  " + reordered, "sale-1")).Body.ShouldBe(first.Body);

        // A retry after the session closed still answers the first answer, and books nothing.
        await shop.ClosePayloadAsync(session, "110.00");
        var late = await RecordAsync(shop, Body(shop), "sale-1");
        late.Status.ShouldBe(HttpStatusCode.Created, late.Body);
        late.Body.ShouldBe(first.Body);
        (await CashSalesAsync(shop, session)).ShouldBe("10.0");
    }

    [Fact]
    public async Task ConcurrentRetries_WithOneKey_BookOnce()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => RecordAsync(shop, Body(shop, "2.50"), "burst")));

        answers.ShouldAllBe(a => a.Status == HttpStatusCode.Created);
        answers.Select(a => a.Body).Distinct().Count().ShouldBe(1);
        (await CashSalesAsync(shop, session)).ShouldBe("2.5");
    }

    [Fact]
    public async Task SameKey_WithAnotherBody_IsAMismatchAndBooksNothing()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");
        (await RecordAsync(shop, Body(shop), "k")).Status.ShouldBe(HttpStatusCode.Created);

        var other = await RecordAsync(shop, Body(shop, "11.00"), "k");

        other.Status.ShouldBe(HttpStatusCode.UnprocessableEntity, other.Body);
        Code(other.Body).ShouldBe("IDEMPOTENCY_KEY_PARAMETER_MISMATCH");
        JsonDocument.Parse(other.Body).RootElement.GetProperty("error").GetProperty("field").GetString().ShouldBe("Idempotency-Key");
        (await CashSalesAsync(shop, session)).ShouldBe("10.0");
    }

    [Fact]
    public async Task SameKey_InAnotherShop_IsIndependent()
    {
        var a = await server.CreateShopAsync();
        var b = await server.CreateShopAsync();
        var sessionA = await a.OpenAsync("100.00");
        var sessionB = await b.OpenAsync("100.00");

        var inA = await RecordAsync(a, Body(a, "4.00"), "shared");
        var inB = await RecordAsync(b, Body(b, "6.00"), "shared");

        inA.Status.ShouldBe(HttpStatusCode.Created, inA.Body);
        inB.Status.ShouldBe(HttpStatusCode.Created, inB.Body);
        inB.Body.ShouldNotBe(inA.Body);
        (await CashSalesAsync(a, sessionA)).ShouldBe("4.0");
        (await CashSalesAsync(b, sessionB)).ShouldBe("6.0");
    }

    [Fact]
    public async Task FailedRequest_KeepsNothing_SoItsRetryRunsAgain()
    {
        var shop = await server.CreateShopAsync();

        var refused = await RecordAsync(shop, Body(shop), "before-open");
        refused.Status.ShouldBe(HttpStatusCode.Conflict, refused.Body);
        Code(refused.Body).ShouldBe("NO_OPEN_SESSION");

        var session = await shop.OpenAsync("100.00");
        (await RecordAsync(shop, Body(shop), "before-open")).Status.ShouldBe(HttpStatusCode.Created);
        (await CashSalesAsync(shop, session)).ShouldBe("10.0");
    }

    [Fact]
    public async Task GraphQLKey_AndControlKey_WithTheSameText_DoNotMeet()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");
        var adjust = await shop.GraphQLAsync(
            "mutation($id: ID!, $s: ID!) { pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: $id, staffMemberId: $s, cash: {amount: \"1.00\", currencyCode: USD}) @idempotent(key: \"same\") { userErrors { field } } }",
            new { id = session, s = shop.StaffId });
        adjust.TryGetProperty("errors", out _).ShouldBeFalse(adjust.ToString());

        (await RecordAsync(shop, Body(shop), "same")).Status.ShouldBe(HttpStatusCode.Created);
        (await CashSalesAsync(shop, session)).ShouldBe("10.0");
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("")]
    public async Task BlankKey_IsBadRequest(string key)
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");

        var answer = await RecordAsync(shop, Body(shop), key);

        answer.Status.ShouldBe(HttpStatusCode.BadRequest, answer.Body);
        Code(answer.Body).ShouldBe("BAD_REQUEST");
        (await CashSalesAsync(shop, session)).ShouldBe("0.0");
    }

    [Fact]
    public async Task TooLongKey_IsBadRequest()
    {
        var shop = await server.CreateShopAsync();
        var session = await shop.OpenAsync("100.00");

        var answer = await RecordAsync(shop, Body(shop), new string('k', 256));

        answer.Status.ShouldBe(HttpStatusCode.BadRequest, answer.Body);
        Code(answer.Body).ShouldBe("BAD_REQUEST");
        (await RecordAsync(shop, Body(shop), new string('k', 255))).Status.ShouldBe(HttpStatusCode.Created);
        (await CashSalesAsync(shop, session)).ShouldBe("10.0");
    }
}
