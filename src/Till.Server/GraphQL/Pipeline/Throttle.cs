using Till.Server.Cost;

namespace Till.Server.GraphQL.Pipeline;

/// <summary>
/// Step 5, throttle: the requested cost is taken from the token's bucket before the operation runs
/// (a request that asks for more than is available is refused), and what it did not use is given
/// back after (<see cref="ThrottleBuckets"/>). A request refused before this step takes nothing.
/// </summary>
internal static class Throttle
{
    /// <summary>Takes the requested cost; when there is not enough, the refusal and the bucket's state.</summary>
    public static ShopifyError? Take(ThrottleBuckets buckets, long tokenId, int requested, out ThrottleStatus status) =>
        buckets.TryTake(tokenId, requested, out status)
            ? null
            : new ShopifyError("Throttled", new Dictionary<string, object?> { ["code"] = "THROTTLED", ["documentation"] = Responses.RateLimitDocs });

    /// <summary>Gives back what a request took but did not use; the bucket's state after.</summary>
    public static ThrottleStatus Settle(ThrottleBuckets buckets, long tokenId, int requested, int actual) =>
        buckets.Refund(tokenId, requested - actual);

    /// <summary>The bucket's state for a request refused before it took anything.</summary>
    public static ThrottleStatus Untouched(ThrottleBuckets buckets, long tokenId) => buckets.Refund(tokenId, 0);
}
