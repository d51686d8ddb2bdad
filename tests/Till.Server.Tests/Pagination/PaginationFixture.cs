using Till.Server.Tests.Support;

namespace Till.Server.Tests.Pagination;

/// <summary>One server, shared by a test class, with a shop holding 1,000 seeded sessions and another shop with one open session.</summary>
public sealed class PaginationFixture : IAsyncLifetime
{
    public const int SessionCount = 1000;

    public TillServer Server { get; private set; } = null!;

    public TestShop Shop { get; private set; } = null!;

    internal List<SeededSession> Seeded { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TillServer.StartAsync();
        Shop = await Server.CreateShopAsync();
        var other = await Server.CreateShopAsync();
        await other.OpenAsync();
        Seeded = await new SessionSeed(Server, Shop).InsertAsync(SessionCount);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
