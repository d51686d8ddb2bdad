using System.Net;
using Till.Server.Tests.Support;
using static Till.Server.Tests.Sessions.SessionProbe;

namespace Till.Server.Tests.Sessions;

/// <summary>A closed session never changes again.</summary>
public sealed class ClosedSessionTests : IAsyncLifetime
{
    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<(TestShop Shop, string SessionId, LedgerState Before)> ClosedAsync(string? time = null)
    {
        var shop = await server.CreateShopAsync();
        var sessionId = (await shop.OpenPayloadAsync("100.00", time: time)).ShouldSucceed().GetProperty("id").GetString()!;
        (await shop.RecordTransactionAsync("SALE", "10.00")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var closed = (await shop.ClosePayloadAsync(sessionId, "109.00", time: time)).ShouldSucceed();
        closed.GetProperty("status").GetString().ShouldBe("CLOSED");
        Amount(closed, "closingAdjustment").ShouldBe("-1.0");
        return (shop, sessionId, await StateAsync(shop, sessionId));
    }

    [Fact]
    public async Task Close_ClosedSession_SessionAlreadyClosedAndUnchanged()
    {
        var (shop, sessionId, before) = await ClosedAsync();

        (await shop.ClosePayloadAsync(sessionId, "109.00")).ShouldFailWith(SessionField, "SESSION_ALREADY_CLOSED");
        (await shop.ClosePayloadAsync(sessionId, "50.00", note: "again")).ShouldFailWith(SessionField, "SESSION_ALREADY_CLOSED");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
        before.ActiveSessionId.ShouldBeNull();
        before.DrawerBalance.ShouldBe("109.0");
    }

    [Fact]
    public async Task Count_ClosedSession_SessionAlreadyClosedAndUnchanged()
    {
        var (shop, sessionId, before) = await ClosedAsync();

        (await shop.CountPayloadAsync(sessionId, "109.00")).ShouldFailWith(SessionField, "SESSION_ALREADY_CLOSED");
        (await shop.CountPayloadAsync(sessionId, "5.00")).ShouldFailWith(SessionField, "SESSION_ALREADY_CLOSED");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Fact]
    public async Task Adjust_ClosedSession_ClosedErrorAndUnchanged()
    {
        var (shop, sessionId, before) = await ClosedAsync();

        (await shop.AdjustPayloadAsync(sessionId, "-5.00")).ShouldFailWithMessage(SessionField, "closed");
        (await shop.AdjustPayloadAsync(sessionId, "5.00")).ShouldFailWithMessage(SessionField, "closed");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Fact]
    public async Task RecordCashTransaction_AfterClose_RefusedWithNoOpenSessionAndUnchanged()
    {
        var (shop, sessionId, before) = await ClosedAsync();

        foreach (var kind in new[] { "SALE", "REFUND", "CHANGE" })
        {
            using var response = await shop.RecordTransactionAsync(kind, "5.00");
            var body = await TillServer.ReadJsonAsync(response);
            ((int)response.StatusCode).ShouldBe(409, body.ToString());
            body.GetProperty("error").GetProperty("code").GetString().ShouldBe("NO_OPEN_SESSION");
        }

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Fact]
    public async Task NewSession_AfterClose_LeavesClosedSessionUnchanged()
    {
        var (shop, sessionId, before) = await ClosedAsync();

        var next = await shop.OpenAsync("109.00");
        (await shop.RecordTransactionAsync("SALE", "5.00")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await shop.AdjustPayloadAsync(next, "-1.00")).ShouldSucceed();
        (await shop.ClosePayloadAsync(next, "113.00")).ShouldSucceed();

        (await shop.SessionAsync(sessionId)).GetRawText().ShouldBe(before.Session);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_ClosedSessionAndUnknownStaff_StaffErrorWins(string mutation)
    {
        var (shop, sessionId, before) = await ClosedAsync();

        (await CountCloseErrorTests.CountOrCloseAsync(shop, mutation, sessionId, "109.00", staffId: UnknownStaff, reasonCodeId: UnknownReasonCode))
            .ShouldFailWith(StaffField, "STAFF_MEMBER_NOT_FOUND");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_ClosedSessionAndUnknownReasonCode_ReasonCodeErrorWins(string mutation)
    {
        var (shop, sessionId, before) = await ClosedAsync();

        (await CountCloseErrorTests.CountOrCloseAsync(shop, mutation, sessionId, "109.00", reasonCodeId: UnknownReasonCode))
            .ShouldFailWith(ReasonField, "REASON_CODE_NOT_FOUND");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_ClosedSessionWithEarlyTimeAndWrongCurrency_SessionAlreadyClosedWins(string mutation)
    {
        var (shop, sessionId, before) = await ClosedAsync(PastOpeningTime);

        (await CountCloseErrorTests.CountOrCloseAsync(shop, mutation, sessionId, "-1.005", currencyCode: "EUR", time: BeforePastOpeningTime))
            .ShouldFailWith(SessionField, "SESSION_ALREADY_CLOSED");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }
}
