using System.Net;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Till.Server.Auth;
using Till.Server.Tests.Protocol;
using Till.Server.Tests.Support;
using Till.Storage;

namespace Till.Server.Tests.Auth;

/// <summary>Tokens are read from the database once, kept in memory, and forgotten the moment they are revoked.</summary>
public sealed class TokenCacheTests : IAsyncLifetime
{
    private const string Query = "{ __typename }";
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);
    private TillServer server = null!;

    public async Task InitializeAsync() => server = await TillServer.StartAsync(wrapStore: s => new CountingStore(s, calls));

    public async Task DisposeAsync() => await server.DisposeAsync();

    private int Calls(string method) => calls.GetValueOrDefault(method);

    private IdentityCache Cache => server.Services.GetRequiredService<IdentityCache>();

    private async Task<HttpStatusCode> StatusAsync(string token)
    {
        using var response = await server.PostGraphQLAsync(token, Query);
        return response.StatusCode;
    }

    private async Task WhenTrustedAsync()
    {
        for (var i = 0; i < 100 && !Cache.Trusted; i++)
        {
            await Task.Delay(20);
        }

        Cache.Trusted.ShouldBeTrue("the revocation watch never confirmed the cache");
    }

    [Fact]
    public async Task KnownToken_IsReadFromTheDatabaseOnceNotPerRequest()
    {
        var shop = await server.CreateShopAsync();
        await WhenTrustedAsync();
        var before = Calls(nameof(IUnitOfWork.FindTokenAsync));

        for (var i = 0; i < 40; i++)
        {
            (await StatusAsync(shop.Token)).ShouldBe(HttpStatusCode.OK);
        }

        // Once, plus a few more should a busy machine delay the watch past its trust window.
        (Calls(nameof(IUnitOfWork.FindTokenAsync)) - before).ShouldBeLessThan(20);
    }

    [Fact]
    public async Task UnknownTokens_AreNeverRemembered()
    {
        await server.CreateShopAsync();
        await WhenTrustedAsync();
        var held = Cache.Count;

        for (var i = 0; i < 50; i++)
        {
            (await StatusAsync("shpat_" + Guid.NewGuid().ToString("N"))).ShouldBe(HttpStatusCode.Unauthorized);
        }

        Cache.Count.ShouldBe(held);
    }

    [Fact]
    public async Task Revoke_CachedToken_IsRefusedOnTheVeryNextRequest()
    {
        var shop = await server.CreateShopAsync();
        var token = await server.CreateTokenAsync(shop, "read_cash_tracking");
        await WhenTrustedAsync();
        for (var i = 0; i < 3; i++)
        {
            (await StatusAsync(token)).ShouldBe(HttpStatusCode.OK);
        }

        using (var revoke = await server.ControlAsync(HttpMethod.Delete, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/tokens/{Uri.EscapeDataString(token)}"))
        {
            revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        (await StatusAsync(token)).ShouldBe(HttpStatusCode.Unauthorized);
        (await StatusAsync(shop.Token)).ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Forwards to a real store, counting the calls made on its units of work by method name.</summary>
    private sealed class CountingStore(ITillStore inner, System.Collections.Concurrent.ConcurrentDictionary<string, int> calls) : ForwardingStore(inner)
    {
        protected override IUnitOfWork Wrap(IUnitOfWork work) => ForwardingUnitOfWork.Wrap<CountingUnitOfWork>(work, w => w.Count = Count);

        private void Count(string method) => calls.AddOrUpdate(method, 1, (_, n) => n + 1);
    }
}

/// <summary>A unit of work that reports each call before forwarding it.</summary>
public class CountingUnitOfWork : ForwardingUnitOfWork
{
    internal Action<string> Count { get; set; } = null!;

    protected override object? Intercept(MethodInfo method, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(method);
        Count(method.Name);
        return Forward(method, args);
    }
}
