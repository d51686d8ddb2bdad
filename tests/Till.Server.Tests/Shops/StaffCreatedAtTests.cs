using Microsoft.Extensions.Time.Testing;
using Till.Server.Tests.Queries;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Shops;

/// <summary>
/// <c>staffMembers(query: "created_at:...")</c>: from 2027-01, whose reference lists the field, it
/// filters by when the control API created the member; earlier versions warn about it and ignore it.
/// </summary>
public sealed class StaffCreatedAtTests : IAsyncLifetime
{
    private static readonly string[] UserScopes = ["read_users"];

    private const string Query = "query($q: String) { staffMembers(first: 10, query: $q) { edges { node { id } } } }";

    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-06-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private TillServer server = null!;
    private TestShop shop = null!;
    private string token = null!;
    private string later = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync(clock: clock);
        shop = await server.CreateShopAsync();
        clock.Advance(TimeSpan.FromDays(10));
        later = await QueryKit.CreateStaffAsync(shop, "Grace");
        token = (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/tokens", new { scopes = UserScopes })).GetProperty("token").GetString()!;
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task From202701_CreatedAtFiltersByCreationTime()
    {
        foreach (var version in new[] { "2027-01", "unstable", "till" })
        {
            QueryKit.Ids(QueryKit.Data(await server.GraphQLAsync(token, Query, new { q = "created_at:>2026-06-05T00:00:00Z" }, version)).GetProperty("staffMembers")).ShouldBe([later], version);
            QueryKit.Ids(QueryKit.Data(await server.GraphQLAsync(token, Query, new { q = "created_at:<2026-06-05" }, version)).GetProperty("staffMembers")).ShouldBe([shop.StaffId], version);
            QueryKit.Ids(QueryKit.Data(await server.GraphQLAsync(token, Query, new { q = "created_at:2026-06-11" }, version)).GetProperty("staffMembers")).ShouldBe([later], version);
        }
    }

    [Fact]
    public async Task Before202701_CreatedAtIsWarnedAboutAndIgnored()
    {
        var result = await server.GraphQLAsync(token, Query, new { q = "created_at:>2026-06-05T00:00:00Z" }, "2026-10");
        QueryKit.Ids(QueryKit.Data(result).GetProperty("staffMembers")).ShouldBe([shop.StaffId, later]);
        var warning = result.GetProperty("extensions").GetProperty("search")[0].GetProperty("warnings")[0];
        warning.GetProperty("field").GetString().ShouldBe("created_at");
    }
}
