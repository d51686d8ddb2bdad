using System.Collections.Concurrent;

namespace Till.Server.Cost;

/// <summary>What a response reports about its token's bucket.</summary>
internal sealed record ThrottleStatus(double MaximumAvailable, double CurrentlyAvailable, double RestoreRate);

/// <summary>
/// One leaky bucket per access token, held in this process (each node of a cluster keeps its
/// own). A request takes its requested cost up front and gets back what it did not use.
/// </summary>
internal sealed class ThrottleBuckets(TillOptions options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<long, Bucket> buckets = new();

    public double Maximum => options.ThrottleMaximum;

    public double RestoreRate => options.ThrottleRestoreRate;

    /// <summary>Takes <paramref name="cost"/> from the token's bucket if that much is available.</summary>
    public bool TryTake(long tokenId, int cost, out ThrottleStatus status)
    {
        var bucket = buckets.GetOrAdd(tokenId, _ => new Bucket(Maximum, clock.GetTimestamp()));
        lock (bucket)
        {
            Refill(bucket);
            var ok = cost <= bucket.Available;
            if (ok)
            {
                bucket.Available -= cost;
            }

            status = new ThrottleStatus(Maximum, Math.Floor(bucket.Available), RestoreRate);
            return ok;
        }
    }

    /// <summary>Gives back the part of the requested cost a request did not use.</summary>
    public ThrottleStatus Refund(long tokenId, int amount)
    {
        var bucket = buckets.GetOrAdd(tokenId, _ => new Bucket(Maximum, clock.GetTimestamp()));
        lock (bucket)
        {
            Refill(bucket);
            bucket.Available = Math.Min(Maximum, bucket.Available + Math.Max(0, amount));
            return new ThrottleStatus(Maximum, Math.Floor(bucket.Available), RestoreRate);
        }
    }

    private void Refill(Bucket bucket)
    {
        var now = clock.GetTimestamp();
        var elapsed = clock.GetElapsedTime(bucket.Stamp, now).TotalSeconds;
        bucket.Stamp = now;
        if (elapsed > 0)
        {
            bucket.Available = Math.Min(Maximum, bucket.Available + (elapsed * RestoreRate));
        }
    }

    private sealed class Bucket(double available, long stamp)
    {
        public double Available { get; set; } = available;

        public long Stamp { get; set; } = stamp;
    }
}
