using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Ingestion.Receive;

/// <summary>The write-key cache: bounded against made-up keys, which cannot push real keys out of it.</summary>
public class WriteKeyCacheTests
{
    [Fact]
    public async Task MadeUpKeys_Flood_NeitherGrowTheCacheNorEvictARealKey()
    {
        // A clock that stands still: the flood's thousand lookups may take longer than a cached key lives.
        await using var scenario = await IngestionScenario.CreateAsync(factory: new PortalFactory().WithClock(new FakeTimeProvider(DateTimeOffset.UtcNow)));
        var keys = scenario.Factory.Services.GetRequiredService<WriteKeyAuthenticator>();
        Assert.Equal(KeyVerdict.Accepted, (await keys.AuthenticateAsync(scenario.WriteKey, CancellationToken.None)).Verdict);

        for (var i = 0; i < WriteKeyAuthenticator.MaxCachedUnknownPrefixes + 50; i++)
        {
            var (verdict, _) = await keys.AuthenticateAsync($"spk_{i:D8}made-up-key-0123456789", CancellationToken.None);
            Assert.Equal(KeyVerdict.Unknown, verdict);
        }

        Assert.Equal(1 + WriteKeyAuthenticator.MaxCachedUnknownPrefixes, keys.CachedPrefixes);
        var loads = keys.Loads;
        Assert.Equal(KeyVerdict.Accepted, (await keys.AuthenticateAsync(scenario.WriteKey, CancellationToken.None)).Verdict);
        // Still cached: the flood did not cost the real source a database read.
        Assert.Equal(loads, keys.Loads);
    }
}
