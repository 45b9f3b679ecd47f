using System.Collections.Concurrent;

namespace SelligentPortal.Core.Ingestion.Receive;

/// <summary>
/// Per-source token buckets that can go into debt: a source may burst one second's worth of events,
/// and a request is taken whenever the bucket holds any token, but it pays for every event it carries.
/// A 2,500-event batch on a 10 events/s source is therefore followed by 250 s of refusals: the limit
/// holds over time however the events are packed into requests.
/// </summary>
/// <remarks>
/// With several app instances behind a load balancer, each enforces its share of a source's limit
/// (<c>instances</c>, <c>Ingestion:RateLimitInstances</c>): a shared counter would cost
/// every request a database round trip, and a balancer that spreads requests evenly gives each
/// instance about that share of a source's traffic anyway.
/// </remarks>
public sealed class SourceRateLimiter(TimeProvider clock, int instances = 1)
{
    private readonly ConcurrentDictionary<Guid, Bucket> _buckets = new();

    /// <summary>Takes <paramref name="events"/> tokens; false (and the seconds until the debt is paid) when the source is over its limit.</summary>
    public bool TryAcquire(Guid sourceId, int? ratePerSecond, int events, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        if (ratePerSecond is not { } limit)
        {
            return true;
        }

        var rate = (double)limit / instances;

        var bucket = _buckets.GetOrAdd(sourceId, _ => new Bucket(rate, clock.GetTimestamp()));
        lock (bucket)
        {
            var now = clock.GetTimestamp();
            bucket.Tokens = Math.Min(rate, bucket.Tokens + (clock.GetElapsedTime(bucket.Stamp, now).TotalSeconds * rate));
            bucket.Stamp = now;
            if (bucket.Tokens > 0)
            {
                bucket.Tokens -= events;
                return true;
            }

            // Until the bucket holds a token again.
            retryAfterSeconds = Math.Max(1, (int)Math.Ceiling((-bucket.Tokens + 1) / rate));
            return false;
        }
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
    }
}
