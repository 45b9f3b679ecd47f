using System.Collections.Concurrent;

namespace SelligentPortal.Core.Ingestion;

/// <summary>Per-source token buckets: a source may burst one second's worth of events, then its rate.</summary>
public sealed class SourceRateLimiter(TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, Bucket> _buckets = new();

    /// <summary>Takes <paramref name="events"/> tokens; false (and the seconds to wait) when the source is over its limit.</summary>
    public bool TryAcquire(Guid sourceId, int? ratePerSecond, int events, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        if (ratePerSecond is not { } rate)
        {
            return true;
        }

        var bucket = _buckets.GetOrAdd(sourceId, _ => new Bucket(rate, clock.GetTimestamp()));
        lock (bucket)
        {
            var now = clock.GetTimestamp();
            bucket.Tokens = Math.Min(rate, bucket.Tokens + clock.GetElapsedTime(bucket.Stamp, now).TotalSeconds * rate);
            bucket.Stamp = now;
            if (bucket.Tokens >= events || (events > rate && bucket.Tokens >= rate))
            {
                bucket.Tokens -= Math.Min(events, bucket.Tokens);
                return true;
            }

            retryAfterSeconds = Math.Max(1, (int)Math.Ceiling((Math.Min(events, rate) - bucket.Tokens) / rate));
            return false;
        }
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
    }
}
