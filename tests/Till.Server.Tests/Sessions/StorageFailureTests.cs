using System.Net;
using Till.Server.Tests.Support;
using static Till.Server.Tests.Sessions.SessionProbe;

namespace Till.Server.Tests.Sessions;

/// <summary>
/// Storage failures and a vanished drawer, injected through <see cref="FaultyStore"/>: the mutation
/// answers its failure code and commits nothing.
/// </summary>
public sealed class StorageFailureTests : IAsyncLifetime
{
    private TillServer server = null!;
    private FaultyStore store = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync(wrapStore: s => new FaultyStore(s));
        store = (FaultyStore)server.Store;
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<(TestShop Shop, string SessionId)> OpenedAsync()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = await shop.OpenAsync("100.00");
        (await shop.RecordTransactionAsync("SALE", "20.00")).StatusCode.ShouldBe(HttpStatusCode.Created);
        return (shop, sessionId);
    }

    [Theory]
    [InlineData("InsertSessionAsync")]
    [InlineData("AppendActivityAsync")]
    [InlineData("CommitAsync")]
    public async Task Open_StorageFails_NotSavedAndNothingOpened(string method)
    {
        var shop = await server.CreateShopAsync();
        var before = await StateAsync(shop);

        store.FailOn = m => m == method;
        var payload = await shop.OpenPayloadAsync("100.00");
        store.Heal();

        payload.ShouldFailWith(null, "NOT_SAVED");
        store.InjectedFailures.ShouldBe(1);
        (await StateAsync(shop)).ShouldBe(before);

        // The drawer is still fresh: the next open sets up its float.
        var opened = (await shop.OpenPayloadAsync("75.00")).ShouldSucceed();
        Amount(opened, "expectedCashAtOpen").ShouldBe("75.0");
        Amount(opened, "cashCountedAtOpen").ShouldBe("75.0");
        (await DrawerBalanceAsync(shop)).ShouldBe("75.0");
    }

    [Fact]
    public async Task Open_StorageFailsAfterPreviousSession_NotSavedAndDrawerUnchanged()
    {
        var (shop, first) = await OpenedAsync();
        (await shop.ClosePayloadAsync(first, "118.00")).ShouldSucceed();
        var before = await StateAsync(shop, first);

        store.FailOn = m => m == "AppendActivityAsync";
        var payload = await shop.OpenPayloadAsync("110.00");
        store.Heal();

        payload.ShouldFailWith(null, "NOT_SAVED");
        (await StateAsync(shop, first)).ShouldBe(before);
        var opened = (await shop.OpenPayloadAsync("110.00")).ShouldSucceed();
        Amount(opened, "expectedCashAtOpen").ShouldBe("118.0");
        Amount(opened, "totalDiscrepancy").ShouldBe("-8.0");
    }

    [Theory]
    [InlineData("AppendActivityAsync")]
    [InlineData("CommitAsync")]
    public async Task Count_StorageFails_FailedToRecordCountAndUnchanged(string method)
    {
        var (shop, sessionId) = await OpenedAsync();
        var before = await StateAsync(shop, sessionId);

        store.FailOn = m => m == method;
        var payload = await shop.CountPayloadAsync(sessionId, "115.00");
        store.Heal();

        payload.ShouldFailWith(null, "FAILED_TO_RECORD_COUNT");
        store.InjectedFailures.ShouldBe(1);
        (await StateAsync(shop, sessionId)).ShouldBe(before);
        before.DrawerBalance.ShouldBe("120.0");

        var counted = (await shop.CountPayloadAsync(sessionId, "115.00")).ShouldSucceed();
        Amount(counted, "totalDiscrepancy").ShouldBe("-5.0");
    }

    [Theory]
    [InlineData("AppendActivityAsync")]
    [InlineData("CloseSessionAsync")]
    [InlineData("CommitAsync")]
    public async Task Close_StorageFails_FailedToCloseSessionAndStillOpenUnchanged(string method)
    {
        var (shop, sessionId) = await OpenedAsync();
        var before = await StateAsync(shop, sessionId);

        store.FailOn = m => m == method;
        var payload = await shop.ClosePayloadAsync(sessionId, "117.00", note: "should not stick");
        store.Heal();

        payload.ShouldFailWith(null, "FAILED_TO_CLOSE_SESSION");
        store.InjectedFailures.ShouldBe(1);
        var after = await StateAsync(shop, sessionId);
        after.ShouldBe(before);
        after.ActiveSessionId.ShouldBe(sessionId);
        var session = await shop.SessionAsync(sessionId);
        session.GetProperty("status").GetString().ShouldBe("OPEN");
        session.GetProperty("closingTime").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        session.GetProperty("closingNote").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        session.GetProperty("closingAdjustment").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        (await ActivitiesAsync(shop, sessionId)).Count.ShouldBe(2);
        before.DrawerBalance.ShouldBe("120.0");

        // Nothing of the failed close was booked: a retry finds the same expected cash.
        var closed = (await shop.ClosePayloadAsync(sessionId, "117.00")).ShouldSucceed();
        Amount(closed, "expectedCashAtClose").ShouldBe("120.0");
        Amount(closed, "closingAdjustment").ShouldBe("-3.0");
        (await ActivitiesAsync(shop, sessionId)).Count.ShouldBe(4);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_DrawerRowGone_NoCashDrawerAssociatedAndUnchanged(string mutation)
    {
        var (shop, sessionId) = await OpenedAsync();
        var before = await StateAsync(shop, sessionId);

        store.HideDrawers = true;
        var payload = await CountCloseErrorTests.CountOrCloseAsync(shop, mutation, sessionId, "110.00");
        store.Heal();

        payload.ShouldFailWith(SessionField, "NO_CASH_DRAWER_ASSOCIATED");
        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Theory]
    [InlineData("count")]
    [InlineData("close")]
    public async Task CountOrClose_DrawerGoneAndTimeBeforeOpening_NoCashDrawerErrorWins(string mutation)
    {
        var shop = await server.CreateShopAsync();
        var sessionId = (await shop.OpenPayloadAsync("100.00", time: PastOpeningTime)).ShouldSucceed().GetProperty("id").GetString()!;
        var before = await StateAsync(shop, sessionId);

        store.HideDrawers = true;
        var payload = await CountCloseErrorTests.CountOrCloseAsync(shop, mutation, sessionId, "-1.00", currencyCode: "EUR", time: BeforePastOpeningTime);
        store.Heal();

        payload.ShouldFailWith(SessionField, "NO_CASH_DRAWER_ASSOCIATED");
        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Fact]
    public async Task Close_DrawerGoneOnClosedSession_SessionAlreadyClosedWins()
    {
        var (shop, sessionId) = await OpenedAsync();
        (await shop.ClosePayloadAsync(sessionId, "120.00")).ShouldSucceed();
        var before = await StateAsync(shop, sessionId);

        store.HideDrawers = true;
        var payload = await shop.ClosePayloadAsync(sessionId, "120.00");
        store.Heal();

        payload.ShouldFailWith(SessionField, "SESSION_ALREADY_CLOSED");
        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }
}
