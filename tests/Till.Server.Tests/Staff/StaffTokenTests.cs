using System.Net;
using System.Text.Json;
using Till.Server.Tests.Sessions;
using Till.Server.Tests.Support;
using static Till.Server.Tests.Staff.StaffKit;

namespace Till.Server.Tests.Staff;

/// <summary>Staff roles through the control API and <c>StaffMember.tillRole</c>; tokens acting for one staff member record only that staff member.</summary>
public sealed class StaffTokenTests : IAsyncLifetime
{
    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static async Task<string?> TillRoleAsync(TestShop shop, string staffId)
    {
        var result = await shop.GraphQLAsync("query($id: ID!) { node(id: $id) { ... on StaffMember { tillRole } } }", new { id = staffId }, TillVersion);
        result.ShouldHaveNoErrors();
        return result.GetProperty("data").GetProperty("node").GetProperty("tillRole").GetString();
    }

    [Fact]
    public async Task Role_DefaultCashier_CreatedAndPatched_ShownAsTillRole()
    {
        var shop = await server.CreateShopAsync();
        (await TillRoleAsync(shop, shop.StaffId)).ShouldBe("CASHIER");

        var manager = await CreateStaffAsync(shop, "MANAGER");
        (await TillRoleAsync(shop, manager)).ShouldBe("MANAGER");

        var patched = await server.ControlJsonAsync(new HttpMethod("PATCH"), $"/shops/{Uri.EscapeDataString(shop.ShopId)}/staff/{Uri.EscapeDataString(shop.StaffId)}", new { role = "MANAGER" }, expectedStatus: 200);
        patched.GetProperty("role").GetString().ShouldBe("MANAGER");
        patched.GetProperty("active").GetBoolean().ShouldBeTrue();
        (await TillRoleAsync(shop, shop.StaffId)).ShouldBe("MANAGER");
    }

    [Fact]
    public async Task TillRole_NotInShopifyVersions()
    {
        var shop = await server.CreateShopAsync();
        var result = await shop.GraphQLAsync("query($id: ID!) { node(id: $id) { ... on StaffMember { tillRole } } }", new { id = shop.StaffId }, "2027-01");
        result.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("undefinedField");
    }

    [Theory]
    [InlineData("boss")]
    [InlineData("manager")]
    [InlineData(7)]
    public async Task Role_Invalid_422OnCreateAndPatch(object role)
    {
        var shop = await server.CreateShopAsync();
        (await ControlStatusAsync(shop, HttpMethod.Post, "/staff", new { email = "x@example.com", role })).ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await ControlStatusAsync(shop, new HttpMethod("PATCH"), "/staff/" + Uri.EscapeDataString(shop.StaffId), new { role })).ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await ControlStatusAsync(shop, new HttpMethod("PATCH"), "/staff/" + Uri.EscapeDataString(shop.StaffId), new { })).ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task StaffToken_UnknownOrOtherShopsOrInactiveStaff_Refused()
    {
        var shop = await server.CreateShopAsync();
        var other = await server.CreateShopAsync();
        var inactive = await SessionProbe.CreateStaffAsync(shop, active: false);
        (await ControlStatusAsync(shop, HttpMethod.Post, "/tokens", new { scopes = CashScopes, staffMemberId = "gid://shopify/StaffMember/99999999" })).ShouldBe(HttpStatusCode.NotFound);
        (await ControlStatusAsync(shop, HttpMethod.Post, "/tokens", new { scopes = CashScopes, staffMemberId = other.StaffId })).ShouldBe(HttpStatusCode.NotFound);
        (await ControlStatusAsync(shop, HttpMethod.Post, "/tokens", new { scopes = CashScopes, staffMemberId = inactive })).ShouldBe(HttpStatusCode.NotFound);
        (await ControlStatusAsync(shop, HttpMethod.Post, "/tokens", new { scopes = CashScopes, staffMemberId = "gid://shopify/Location/1" })).ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Theory]
    [InlineData("2026-04")]
    [InlineData(StaffKit.TillVersion)]
    public async Task StaffToken_MutationForAnotherStaffMember_AccessDeniedAndNothingBooked(string version)
    {
        var shop = await server.CreateShopAsync();
        var colleague = await CreateStaffAsync(shop, "CASHIER");
        var token = await CreateStaffTokenAsync(shop, shop.StaffId);

        var open = await server.GraphQLAsync(
            token,
            "mutation($d: ID!, $s: ID!) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, staffMemberId: $s, balance: {amount: \"100.00\", currencyCode: USD}) { pointOfSaleDevicePaymentSession { id } userErrors { code } } }",
            new { d = shop.DeviceId, s = colleague },
            version);
        open.ShouldBeDenied("pointOfSaleDevicePaymentSessionOpen", $"acts for {shop.StaffId}");
        open.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSessionOpen").ValueKind.ShouldBe(JsonValueKind.Null);
        (await SessionProbe.StateAsync(shop)).ActiveSessionId.ShouldBeNull();

        // Its own staff member it records.
        var own = await server.GraphQLAsync(
            token,
            "mutation($d: ID!, $s: ID!) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, staffMemberId: $s, balance: {amount: \"100.00\", currencyCode: USD}) { pointOfSaleDevicePaymentSession { id } userErrors { code } } }",
            new { d = shop.DeviceId, s = shop.StaffId },
            version);
        own.ShouldHaveNoErrors();
        var sessionId = own.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSessionOpen").GetProperty("pointOfSaleDevicePaymentSession").GetProperty("id").GetString()!;

        foreach (var mutation in new[]
        {
            "pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: $id, staffMemberId: $s, cash: {amount: \"5.00\", currencyCode: USD}) { userErrors { message } }",
            "pointOfSaleDevicePaymentSessionCount(pointOfSaleDevicePaymentSessionId: $id, staffMemberId: $s, balance: {amount: \"100.00\", currencyCode: USD}) { userErrors { code } }",
            "pointOfSaleDevicePaymentSessionClose(pointOfSaleDevicePaymentSessionId: $id, staffMemberId: $s, balance: {amount: \"100.00\", currencyCode: USD}) { userErrors { code } }",
        })
        {
            var denied = await server.GraphQLAsync(token, "mutation($id: ID!, $s: ID!) { " + mutation + " }", new { id = sessionId, s = colleague }, version);
            denied.ShouldBeDenied(mutation[..mutation.IndexOf('(', StringComparison.Ordinal)], "records only that staff member");
        }

        (await shop.SessionAsync(sessionId)).GetProperty("status").GetString().ShouldBe("OPEN");
        (await SessionProbe.DrawerBalanceAsync(shop)).ShouldBe("100.0");
    }

    [Fact]
    public async Task ShopToken_RecordsAnyStaffMember()
    {
        var shop = await server.CreateShopAsync();
        var colleague = await CreateStaffAsync(shop, "CASHIER");
        (await shop.OpenPayloadAsync(staffId: colleague)).ShouldSucceed();
    }
}
