using Till.Server.Tests.Support;

namespace Till.Server.Tests.Protocol;

/// <summary>A document text that passed validation once is reused; its variables are still checked every time.</summary>
public sealed class DocumentCacheTests : IAsyncLifetime
{
    private static readonly string[] ReadScope = ["read_cash_tracking"];
    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task CachedDocument_WithBadVariablesTheSecondTime_IsStillAVariableError()
    {
        var shop = await server.CreateShopAsync();
        const string query = "query($id: ID!, $n: Int) { cashDrawer(id: $id) { name cashActivities(first: $n) { nodes { time } } } }";

        var good = await shop.GraphQLAsync(query, new { id = shop.DrawerId, n = 5 });
        good.TryGetProperty("errors", out _).ShouldBeFalse(good.ToString());

        var badId = await shop.GraphQLAsync(query, new { id = "not-a-gid", n = 5 });
        var badType = await shop.GraphQLAsync(query, new { id = shop.DrawerId, n = "five" });
        var missing = await shop.GraphQLAsync(query, new { n = 5 });

        foreach (var result in new[] { badId, badType, missing })
        {
            var code = result.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString();
            code.ShouldNotBe("INTERNAL_SERVER_ERROR", result.ToString());
            result.TryGetProperty("data", out var data).ShouldBe(data.ValueKind == System.Text.Json.JsonValueKind.Null, result.ToString());
        }
    }

    [Fact]
    public async Task CachedDocument_StillChecksScopesAndCost()
    {
        var shop = await server.CreateShopAsync();
        const string query = "query($id: ID!) { pointOfSaleDevice(id: $id) { id } }";
        (await shop.GraphQLAsync(query, new { id = shop.DeviceId })).TryGetProperty("errors", out _).ShouldBeFalse();

        var limited = (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/tokens", new { scopes = ReadScope })).GetProperty("token").GetString()!;
        var denied = await server.GraphQLAsync(limited, query, new { id = shop.DeviceId });

        denied.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString().ShouldBe("ACCESS_DENIED");
        denied.GetProperty("extensions").GetProperty("cost").GetProperty("requestedQueryCost").GetInt32().ShouldBe(1);
    }
}
