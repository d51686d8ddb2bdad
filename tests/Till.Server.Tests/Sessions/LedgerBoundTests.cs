using System.Net;
using Till.Common;
using Till.Server.Tests.Support;
using static Till.Server.Tests.Control.ControlCalls;
using static Till.Server.Tests.Sessions.SessionProbe;

namespace Till.Server.Tests.Sessions;

/// <summary>
/// A booking that would take a drawer's balance or a session's kept totals past
/// <see cref="LedgerBounds"/> is refused with a user error and books nothing, on either backend.
/// The figures are driven near the bound with SQL beside the server.
/// </summary>
public sealed class LedgerBoundTests : IAsyncLifetime
{
    private static readonly string[] CashAmount = ["cash", "amount"];
    private static readonly string[] BalanceAmount = ["balance", "amount"];

    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private async Task<(TestShop Shop, string SessionId)> OpenedAsync()
    {
        var shop = await server.CreateShopAsync();
        var sessionId = (await shop.OpenPayloadAsync("100.00")).ShouldSucceed().GetProperty("id").GetString()!;
        return (shop, sessionId);
    }

    private async Task SetDrawerBalanceAsync(long thousandths) =>
        await server.Database.ScalarAsync("UPDATE cash_drawers SET balance = @b", ("@b", thousandths));

    private async Task SetSessionFigureAsync(string column, long thousandths) =>
        await server.Database.ScalarAsync($"UPDATE payment_sessions SET {column} = @v", ("@v", thousandths));

    [Fact]
    public async Task Adjust_PastTheBalanceBound_RefusedAndNothingBooked()
    {
        var (shop, sessionId) = await OpenedAsync();
        await SetDrawerBalanceAsync(LedgerBounds.MaxThousandths - 1000);
        var before = await StateAsync(shop, sessionId);

        (await shop.AdjustPayloadAsync(sessionId, "5.00")).ShouldFailWithMessage(CashAmount, "out of the range");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
        (await shop.AdjustPayloadAsync(sessionId, "-5.00")).ShouldSucceed();
    }

    [Fact]
    public async Task Adjust_PastTheSessionAdjustmentsBound_RefusedAndNothingBooked()
    {
        var (shop, sessionId) = await OpenedAsync();
        await SetSessionFigureAsync("adjustments", -LedgerBounds.MaxThousandths + 1000);
        var before = await StateAsync(shop, sessionId);

        (await shop.AdjustPayloadAsync(sessionId, "-5.00")).ShouldFailWithMessage(CashAmount, "out of the range");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Fact]
    public async Task Count_PastTheDiscrepancyBound_RefusedAndNothingBooked()
    {
        var (shop, sessionId) = await OpenedAsync();
        await SetSessionFigureAsync("discrepancy", -LedgerBounds.MaxThousandths + 1000);
        var before = await StateAsync(shop, sessionId);

        (await shop.CountPayloadAsync(sessionId, "0.00")).ShouldFailWith(BalanceAmount, null).GetProperty("message").GetString()!.ShouldContain("out of the range");
        (await shop.ClosePayloadAsync(sessionId, "0.00")).ShouldFailWith(BalanceAmount, null).GetProperty("message").GetString()!.ShouldContain("out of the range");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
    }

    [Fact]
    public async Task CashSale_PastTheBalanceBound_RefusedAndNothingBooked()
    {
        var (shop, sessionId) = await OpenedAsync();
        await SetDrawerBalanceAsync(LedgerBounds.MaxThousandths - 1000);
        var before = await StateAsync(shop, sessionId);
        var transactions = await server.Database.ScalarAsync("SELECT COUNT(*) FROM order_transactions");

        await ShouldBeErrorAsync(await shop.RecordTransactionAsync("SALE", "5.00"), HttpStatusCode.UnprocessableEntity, "INVALID", "amount");

        (await StateAsync(shop, sessionId)).ShouldBe(before);
        (await server.Database.ScalarAsync("SELECT COUNT(*) FROM order_transactions")).ShouldBe(transactions);
    }
}
