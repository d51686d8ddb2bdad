using Till.Server.Tests.Support;
using static Till.Server.Tests.Sessions.SessionProbe;

namespace Till.Server.Tests.Sessions;

/// <summary>How an opening count is booked: the float of a fresh drawer, and the re-base of later openings.</summary>
public sealed class FloatSetupTests : IAsyncLifetime
{
    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Open_FirstSessionOnFreshDrawer_BooksWholeFloatWithoutDiscrepancy()
    {
        var shop = await server.CreateShopAsync();

        var opened = (await shop.OpenPayloadAsync("100.00")).ShouldSucceed();

        Amount(opened, "cashCountedAtOpen").ShouldBe("100.0");
        Amount(opened, "expectedCashAtOpen").ShouldBe("100.0");
        Amount(opened, "totalDiscrepancy").ShouldBe("0.0");
        var sessionId = opened.GetProperty("id").GetString()!;
        var activities = await ActivitiesAsync(shop, sessionId);
        activities.Count.ShouldBe(1);
        activities[0].GetProperty("countType").GetString().ShouldBe("OPENING");
        Amount(activities[0], "cash").ShouldBe("100.0");
        Amount(activities[0], "cashCounted").ShouldBe("100.0");
        Amount(activities[0], "cashExpected").ShouldBe("100.0");
        Amount(activities[0], "cashDiscrepancy").ShouldBe("0.0");
        (await DrawerBalanceAsync(shop)).ShouldBe("100.0");
        await FloatSetupCodeIdAsync(shop, sessionId);
    }

    [Fact]
    public async Task Open_FirstSessionWithoutBalance_CountedEqualsExpected()
    {
        var shop = await server.CreateShopAsync();

        var opened = (await shop.OpenPayloadAsync(balance: null)).ShouldSucceed();

        Amount(opened, "expectedCashAtOpen").ShouldBe("0.0");
        Amount(opened, "cashCountedAtOpen").ShouldBe("0.0");
        Amount(opened, "totalDiscrepancy").ShouldBe("0.0");
        (await DrawerBalanceAsync(shop)).ShouldBe("0.0");
    }

    [Fact]
    public async Task Open_AfterClose_ExpectsPreviousClosingBalanceAndBooksOpeningDiscrepancy()
    {
        var shop = await server.CreateShopAsync();
        var first = await shop.OpenAsync("100.00");
        (await shop.RecordTransactionAsync("SALE", "20.00")).StatusCode.ShouldBe(System.Net.HttpStatusCode.Created);
        var closed = (await shop.ClosePayloadAsync(first, "118.00")).ShouldSucceed();
        Amount(closed, "expectedCashAtClose").ShouldBe("120.0");
        Amount(closed, "closingBalance").ShouldBe("118.0");
        (await DrawerBalanceAsync(shop)).ShouldBe("118.0");

        var second = (await shop.OpenPayloadAsync("115.50")).ShouldSucceed();

        Amount(second, "expectedCashAtOpen").ShouldBe("118.0");
        Amount(second, "cashCountedAtOpen").ShouldBe("115.5");
        Amount(second, "totalDiscrepancy").ShouldBe("-2.5");
        var secondId = second.GetProperty("id").GetString()!;
        var activities = await ActivitiesAsync(shop, secondId);
        activities.Count.ShouldBe(1);
        activities[0].GetProperty("countType").GetString().ShouldBe("OPENING");
        Amount(activities[0], "cash").ShouldBe("-2.5");
        Amount(activities[0], "cashExpected").ShouldBe("118.0");
        Amount(activities[0], "cashCounted").ShouldBe("115.5");
        Amount(activities[0], "cashDiscrepancy").ShouldBe("-2.5");
        (await DrawerBalanceAsync(shop)).ShouldBe("115.5");
        (await OpeningReasonCodeAsync(shop, secondId)).ShouldBeNull();
    }

    [Fact]
    public async Task Open_AfterCloseWithMoreCashCounted_PositiveOpeningDiscrepancy()
    {
        var shop = await server.CreateShopAsync();
        var first = await shop.OpenAsync("50.00");
        (await shop.ClosePayloadAsync(first, "50.00")).ShouldSucceed();

        var second = (await shop.OpenPayloadAsync("60.25")).ShouldSucceed();

        Amount(second, "expectedCashAtOpen").ShouldBe("50.0");
        Amount(second, "cashCountedAtOpen").ShouldBe("60.25");
        Amount(second, "totalDiscrepancy").ShouldBe("10.25");
        (await DrawerBalanceAsync(shop)).ShouldBe("60.25");
    }

    [Fact]
    public async Task Open_WithoutBalanceAfterClose_CountedEqualsPreviousClosingBalance()
    {
        var shop = await server.CreateShopAsync();
        var first = await shop.OpenAsync("100.00");
        (await shop.ClosePayloadAsync(first, "80.50")).ShouldSucceed();

        var second = (await shop.OpenPayloadAsync(balance: null)).ShouldSucceed();

        Amount(second, "expectedCashAtOpen").ShouldBe("80.5");
        Amount(second, "cashCountedAtOpen").ShouldBe("80.5");
        Amount(second, "totalDiscrepancy").ShouldBe("0.0");
        var activities = await ActivitiesAsync(shop, second.GetProperty("id").GetString()!);
        Amount(activities[0], "cash").ShouldBe("0.0");
        (await DrawerBalanceAsync(shop)).ShouldBe("80.5");
    }

    [Fact]
    public async Task Open_SecondDeviceOnDrawerWithOpenSession_ExpectsCurrentBookBalance()
    {
        var shop = await server.CreateShopAsync();
        await shop.OpenAsync("100.00");
        var device = await CreateUnassignedDeviceAsync(shop);
        await shop.AssignAsync(device, shop.DrawerId);

        var second = (await shop.OpenPayloadAsync("100.00", deviceId: device)).ShouldSucceed();

        Amount(second, "expectedCashAtOpen").ShouldBe("100.0");
        Amount(second, "cashCountedAtOpen").ShouldBe("100.0");
        Amount(second, "totalDiscrepancy").ShouldBe("0.0");
        (await DrawerBalanceAsync(shop)).ShouldBe("100.0");
    }
}
