using Microsoft.Extensions.Time.Testing;
using SelligentPortal.Core.Ingestion.Receive;

namespace SelligentPortal.Tests.Core.Ingestion;

/// <summary>Token buckets per source that go into debt, on a fake clock.</summary>
public class SourceRateLimiterTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly Guid _source = Guid.NewGuid();

    [Fact]
    public void TryAcquire_OneSecondsWorth_PassesThenRefuses()
    {
        var limiter = new SourceRateLimiter(_clock);

        Assert.All(Enumerable.Range(0, 10), _ => Assert.True(limiter.TryAcquire(_source, 10, 1, out _)));
        Assert.False(limiter.TryAcquire(_source, 10, 1, out var retryAfter));
        Assert.Equal(1, retryAfter);

        _clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(limiter.TryAcquire(_source, 10, 1, out _));
    }

    [Fact]
    public void TryAcquire_OneLargeBatch_IsPaidForBeforeTheNextPasses()
    {
        var limiter = new SourceRateLimiter(_clock);

        Assert.True(limiter.TryAcquire(_source, 10, 2500, out _));

        // 2,500 events at 10/s: a batch every second would have been 250 times the limit.
        Assert.False(limiter.TryAcquire(_source, 10, 1, out var retryAfter));
        Assert.Equal(250, retryAfter);
        _clock.Advance(TimeSpan.FromSeconds(249));
        Assert.False(limiter.TryAcquire(_source, 10, 1, out _));
        _clock.Advance(TimeSpan.FromSeconds(1.1));
        Assert.True(limiter.TryAcquire(_source, 10, 1, out _));
    }

    [Fact]
    public void TryAcquire_NoLimit_AlwaysPasses()
    {
        var limiter = new SourceRateLimiter(_clock);

        Assert.True(limiter.TryAcquire(_source, null, 2500, out _));
        Assert.True(limiter.TryAcquire(_source, null, 2500, out _));
    }

    [Fact]
    public void TryAcquire_Sources_HaveTheirOwnBuckets()
    {
        var limiter = new SourceRateLimiter(_clock);
        Assert.True(limiter.TryAcquire(_source, 1, 100, out _));

        Assert.True(limiter.TryAcquire(Guid.NewGuid(), 1, 1, out _));
    }

    [Fact]
    public void TryAcquire_LimitSharedByTwoInstances_EachAllowsHalf()
    {
        var limiter = new SourceRateLimiter(_clock, instances: 2);

        Assert.All(Enumerable.Range(0, 5), _ => Assert.True(limiter.TryAcquire(_source, 10, 1, out _)));
        Assert.False(limiter.TryAcquire(_source, 10, 1, out _));
        _clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.True(limiter.TryAcquire(_source, 10, 1, out _));
    }
}
