using Till.Server.Auth;

namespace Till.Server.Tests.Auth;

/// <summary>The in-memory identities: bounded, cleared by revocations, and served only while the revocation marker is being watched.</summary>
[Trait("Backend", "None")] // Touches no test database: the PostgreSQL pass leaves it out (scripts/test).
public sealed class IdentityCacheTests
{
    private static readonly Identity Someone = new(1, 1, new HashSet<string>(StringComparer.Ordinal) { "read_cash_tracking" });

    private static IdentityCache Confirmed(int capacity = IdentityCache.DefaultCapacity)
    {
        var cache = new IdentityCache(capacity);
        cache.Confirm(Environment.TickCount64);
        return cache;
    }

    [Fact]
    public void NeverConfirmed_ServesNothing()
    {
        var cache = new IdentityCache();
        cache.Add("h", Someone, cache.Generation);

        cache.TryGet("h", out _).ShouldBeFalse();
    }

    [Fact]
    public void Confirmed_ServesWhatWasAdded()
    {
        var cache = Confirmed();
        cache.Add("h", Someone, cache.Generation);

        cache.TryGet("h", out var identity).ShouldBeTrue();
        identity.ShouldBe(Someone);
        cache.TryGet("other", out _).ShouldBeFalse();
    }

    [Fact]
    public void ConfirmationOlderThanTheTrustWindow_ServesNothing()
    {
        var cache = new IdentityCache();
        cache.Confirm(Environment.TickCount64 - (long)IdentityCache.TrustWindow.TotalMilliseconds - 1);
        cache.Add("h", Someone, cache.Generation);

        cache.Trusted.ShouldBeFalse();
        cache.TryGet("h", out _).ShouldBeFalse();
    }

    [Fact]
    public void Clear_ForgetsEverything()
    {
        var cache = Confirmed();
        cache.Add("a", Someone, cache.Generation);
        cache.Add("b", Someone, cache.Generation);

        cache.Clear();

        cache.Count.ShouldBe(0);
        cache.TryGet("a", out _).ShouldBeFalse();
        cache.TryGet("b", out _).ShouldBeFalse();
    }

    [Fact]
    public void ReadThatBeganBeforeAClear_IsNotKept()
    {
        // A request read its token (still live) just before a revocation committed and cleared the
        // cache; what it read must not outlive the clear.
        var cache = Confirmed();
        var before = cache.Generation;
        cache.Clear();

        cache.Add("h", Someone, before);

        cache.TryGet("h", out _).ShouldBeFalse();
        cache.Count.ShouldBe(0);
    }

    [Fact]
    public void ManyTokens_StayWithinTheCapacity()
    {
        var cache = Confirmed(capacity: 8);
        for (var i = 0; i < 100; i++)
        {
            cache.Add("h" + i, Someone, cache.Generation);
        }

        cache.Count.ShouldBe(8);
        cache.TryGet("h99", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task ConcurrentAddsAndClears_KeepTheCountExact()
    {
        var cache = Confirmed(capacity: 64);
        await Parallel.ForAsync(0, 4000, async (i, _) =>
        {
            if (i % 97 == 0)
            {
                cache.Clear();
            }
            else
            {
                cache.Add("h" + (i % 300), Someone, cache.Generation);
            }

            await Task.Yield();
        });

        var held = Enumerable.Range(0, 300).Count(i => cache.TryGet("h" + i, out _));
        cache.Count.ShouldBe(held);
        cache.Count.ShouldBeLessThanOrEqualTo(64);
    }
}
