using System.Diagnostics;
using System.Net;
using Till.Server.Tests.Protocol;
using Till.Server.Tests.Support;
using Xunit.Abstractions;

namespace Till.Server.Tests.Reliability;

/// <summary>
/// Two Till servers on one database (SQLite file or PostgreSQL), each with its own in-memory token
/// cache: a token revoked through one stops working at once there and within one second on the other.
/// </summary>
public sealed class TwoNodeRevocationTests(ITestOutputHelper output)
{
    private const string Query = "{ __typename }";

    private static async Task<HttpStatusCode> StatusAsync(TillServer node, string token)
    {
        using var response = await node.PostGraphQLAsync(token, Query);
        return response.StatusCode;
    }

    [Fact]
    public async Task Revoke_OnOneNode_IsRefusedThereAtOnceAndOnTheOtherWithinOneSecond()
    {
        await using var first = await TillServer.StartAsync();
        var second = await TillServer.StartAsync(reuse: first.Database);
        try
        {
            var shop = await first.CreateShopAsync();
            var token = await first.CreateTokenAsync(shop, "read_cash_tracking");

            // Both nodes know the token and serve it from memory.
            for (var i = 0; i < 5; i++)
            {
                (await StatusAsync(first, token)).ShouldBe(HttpStatusCode.OK);
                (await StatusAsync(second, token)).ShouldBe(HttpStatusCode.OK);
                await Task.Delay(50);
            }

            using (var revoke = await first.ControlAsync(HttpMethod.Delete, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/tokens/{Uri.EscapeDataString(token)}"))
            {
                revoke.StatusCode.ShouldBe(HttpStatusCode.NoContent);
            }

            // Timed from the revocation's answer: the bound is on what follows its commit.
            var clock = Stopwatch.StartNew();

            (await StatusAsync(first, token)).ShouldBe(HttpStatusCode.Unauthorized);

            var refused = false;
            while (!refused && clock.Elapsed < TimeSpan.FromSeconds(3))
            {
                refused = await StatusAsync(second, token) == HttpStatusCode.Unauthorized;
                if (!refused)
                {
                    await Task.Delay(10);
                }
            }

            output.WriteLine($"the other node refused the revoked token {clock.Elapsed.TotalMilliseconds:F0} ms after the revocation was answered");
            refused.ShouldBeTrue("the other node still accepts the revoked token after 3 s");
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1));

            // It stays refused, and the shop's other token keeps working on both.
            (await StatusAsync(second, token)).ShouldBe(HttpStatusCode.Unauthorized);
            (await StatusAsync(first, shop.Token)).ShouldBe(HttpStatusCode.OK);
            (await StatusAsync(second, shop.Token)).ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await second.StopKeepingDatabaseAsync();
        }
    }
}
