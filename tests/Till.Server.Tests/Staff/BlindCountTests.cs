using System.Text.Json;
using Till.Server.Tests.Support;
using static Till.Server.Tests.Staff.StaffKit;

namespace Till.Server.Tests.Staff;

/// <summary>
/// Blind counts: a token acting for a cashier is denied the expected and discrepancy figures of an
/// open session, of its counts and of its drawer, on every API version; after the close only with
/// revealAfterClose. Managers' tokens and the shop's token see everything.
/// </summary>
public sealed class BlindCountTests : IAsyncLifetime
{
    private const string OpenReason = "Blind counts are on at this location: a cashier sees no expected or discrepancy figure of an open session.";
    private const string ClosedReason = "do not reveal expected or discrepancy figures after the close";
    private const string DrawerReason = "a cashier sees no drawer balance or discrepancy total there";

    private const string SessionFigures = "query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { id cashCountedAtOpen { amount } expectedCashAtOpen { amount } } }";
    private const string Discrepancy = "query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { id totalDiscrepancy { amount } } }";
    private const string ClosingAdjustment = "query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { id closingAdjustment { amount } expectedCashAtClose { amount } } }";
    private const string CountFigures = "query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { id cashActivities(first: 10) { edges { node { ... on CashCountActivity { type cashCounted { amount } cashExpected { amount } } } } } } }";
    private const string DrawerBalance = "query($id: ID!) { cashDrawer(id: $id) { id balance { amount } } }";

    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private sealed record People(TestShop Shop, string CashierToken, string ManagerToken, string SessionId);

    /// <summary>A shop with blind counts at its location, a cashier and a manager with tokens, and a session the cashier opened with 100.00 over a float of 80.00.</summary>
    private async Task<People> BlindShopAsync(bool blind = true, bool reveal = false)
    {
        var shop = await server.CreateShopAsync();
        var first = await shop.OpenAsync("80.00");
        (await shop.ClosePayloadAsync(first, "80.00")).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
        await SetSettingsAsync(shop, new { blindCounts = blind, revealAfterClose = reveal });
        var manager = await CreateStaffAsync(shop, "MANAGER");
        var cashierToken = await CreateStaffTokenAsync(shop, shop.StaffId);
        var managerToken = await CreateStaffTokenAsync(shop, manager);
        var opened = await server.GraphQLAsync(
            cashierToken,
            "mutation($d: ID!, $s: ID!) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, staffMemberId: $s, balance: {amount: \"100.00\", currencyCode: USD}) { pointOfSaleDevicePaymentSession { id cashCountedAtOpen { amount } } userErrors { code } } }",
            new { d = shop.DeviceId, s = shop.StaffId });
        opened.ShouldHaveNoErrors();
        var sessionId = opened.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSessionOpen").GetProperty("pointOfSaleDevicePaymentSession").GetProperty("id").GetString()!;
        return new People(shop, cashierToken, managerToken, sessionId);
    }

    private async Task<JsonElement> AsAsync(string token, string query, string id, string version = "2026-04") =>
        await server.GraphQLAsync(token, query, new { id }, version);

    [Theory]
    [InlineData("2026-04")]
    [InlineData("2026-07")]
    [InlineData("2027-01")]
    [InlineData(StaffKit.TillVersion)]
    public async Task OpenSession_CashierDeniedExpectedAndDiscrepancy_OnEveryVersion(string version)
    {
        var p = await BlindShopAsync();

        var figures = await AsAsync(p.CashierToken, SessionFigures, p.SessionId, version);
        figures.ShouldBeDenied("expectedCashAtOpen", OpenReason);
        // expectedCashAtOpen is non-null, so the session itself is null, as for any denied non-null field.
        figures.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSession").ValueKind.ShouldBe(JsonValueKind.Null);
        (await AsAsync(p.CashierToken, Discrepancy, p.SessionId, version)).ShouldBeDenied("totalDiscrepancy", OpenReason);
        (await AsAsync(p.CashierToken, CountFigures, p.SessionId, version)).ShouldBeDenied("cashExpected", OpenReason);

        // What was counted stays visible to the cashier.
        var counted = await AsAsync(p.CashierToken, "query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { cashCountedAtOpen { amount } } }", p.SessionId, version);
        counted.ShouldHaveNoErrors();

        foreach (var token in new[] { p.ManagerToken, p.Shop.Token })
        {
            var seen = await AsAsync(token, SessionFigures, p.SessionId, version);
            seen.ShouldHaveNoErrors();
            seen.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSession").GetProperty("expectedCashAtOpen").GetProperty("amount").GetString().ShouldBe("80.0");
            (await AsAsync(token, CountFigures, p.SessionId, version)).ShouldHaveNoErrors();
        }
    }

    [Theory]
    [InlineData("2026-07")]
    [InlineData(StaffKit.TillVersion)]
    public async Task DrawerBalance_CashierDenied_ManagerSees(string version)
    {
        var p = await BlindShopAsync();

        (await AsAsync(p.CashierToken, DrawerBalance, p.Shop.DrawerId, version)).ShouldBeDenied("balance", DrawerReason);
        (await AsAsync(p.ManagerToken, DrawerBalance, p.Shop.DrawerId, version)).ShouldHaveNoErrors();
    }

    [Fact]
    public async Task LegacyView_CashierDeniedExpectedBalance()
    {
        var p = await BlindShopAsync();
        var legacyId = "gid://shopify/CashTrackingSession/" + p.SessionId[(p.SessionId.LastIndexOf('/') + 1)..];

        (await AsAsync(p.CashierToken, "query($id: ID!) { cashTrackingSession(id: $id) { id expectedBalance { amount } } }", legacyId)).ShouldBeDenied("expectedBalance", OpenReason);
        (await AsAsync(p.ManagerToken, "query($id: ID!) { cashTrackingSession(id: $id) { id expectedBalance { amount } } }", legacyId)).ShouldHaveNoErrors();
    }

    [Fact]
    public async Task LocationSummary_CashierDeniedBalancesAndDiscrepancies()
    {
        var p = await BlindShopAsync();
        const string Summary = "query($id: ID!) { cashManagementLocationSummary(locationId: $id, startDate: \"2020-01-01\", endDate: \"2099-12-31\") { sessionsOpened totalDiscrepancies { amount } } }";

        (await AsAsync(p.CashierToken, Summary, p.Shop.LocationId)).ShouldBeDenied("totalDiscrepancies", DrawerReason);
        (await AsAsync(p.ManagerToken, Summary, p.Shop.LocationId)).ShouldHaveNoErrors();
    }

    [Fact]
    public async Task ClosedSession_WithoutReveal_StaysHidden_WithReveal_Shown()
    {
        var p = await BlindShopAsync();
        var closed = await server.GraphQLAsync(
            p.CashierToken,
            "mutation($id: ID!, $s: ID!) { pointOfSaleDevicePaymentSessionClose(pointOfSaleDevicePaymentSessionId: $id, staffMemberId: $s, balance: {amount: \"95.00\", currencyCode: USD}) { pointOfSaleDevicePaymentSession { id status closingAdjustment { amount } } userErrors { code } } }",
            new { id = p.SessionId, s = p.Shop.StaffId });
        // The close happened; its adjustment is the figure the cashier may not see.
        closed.ShouldBeDenied("closingAdjustment", ClosedReason);
        (await p.Shop.SessionAsync(p.SessionId)).GetProperty("status").GetString().ShouldBe("CLOSED");
        (await AsAsync(p.CashierToken, ClosingAdjustment, p.SessionId)).ShouldBeDenied("closingAdjustment", ClosedReason);
        (await AsAsync(p.CashierToken, CountFigures, p.SessionId)).ShouldBeDenied("cashExpected", ClosedReason);

        await SetSettingsAsync(p.Shop, new { revealAfterClose = true });

        var revealed = await AsAsync(p.CashierToken, ClosingAdjustment, p.SessionId);
        revealed.ShouldHaveNoErrors();
        revealed.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSession").GetProperty("closingAdjustment").GetProperty("amount").GetString().ShouldBe("-5.0");
        (await AsAsync(p.CashierToken, CountFigures, p.SessionId)).ShouldHaveNoErrors();
        // The drawer's balance is the next session's expected cash: still hidden.
        (await AsAsync(p.CashierToken, DrawerBalance, p.Shop.DrawerId, "2026-07")).ShouldBeDenied("balance", DrawerReason);
    }

    [Fact]
    public async Task NoBlindCounts_CashierSeesEverything()
    {
        var p = await BlindShopAsync(blind: false);

        (await AsAsync(p.CashierToken, SessionFigures, p.SessionId)).ShouldHaveNoErrors();
        (await AsAsync(p.CashierToken, CountFigures, p.SessionId)).ShouldHaveNoErrors();
        (await AsAsync(p.CashierToken, DrawerBalance, p.Shop.DrawerId, "2026-07")).ShouldHaveNoErrors();
    }

    [Fact]
    public async Task RoleChangedToManager_AppliesFromTheNextRequest()
    {
        var p = await BlindShopAsync();
        (await AsAsync(p.CashierToken, SessionFigures, p.SessionId)).ShouldBeDenied("expectedCashAtOpen", OpenReason);

        await server.ControlJsonAsync(new HttpMethod("PATCH"), $"/shops/{Uri.EscapeDataString(p.Shop.ShopId)}/staff/{Uri.EscapeDataString(p.Shop.StaffId)}", new { role = "MANAGER" }, expectedStatus: 200);

        (await AsAsync(p.CashierToken, SessionFigures, p.SessionId)).ShouldHaveNoErrors();
    }
}
