using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web;

/// <summary>The write-key cache: bounded against made-up keys, and still exact for real ones.</summary>
public class WriteKeyCacheTests
{
    [Fact]
    public async Task MadeUpKeys_DoNotGrowTheCacheWithoutBound_RealKeyStillAccepted()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        var keys = scenario.Factory.Services.GetRequiredService<WriteKeyAuthenticator>();

        for (var i = 0; i < WriteKeyAuthenticator.MaxCachedPrefixes + 50; i++)
        {
            var (verdict, _) = await keys.AuthenticateAsync($"spk_{i:D8}made-up-key-0123456789", CancellationToken.None);
            Assert.Equal(KeyVerdict.Unknown, verdict);
        }

        Assert.InRange(keys.CachedPrefixes, 1, WriteKeyAuthenticator.MaxCachedPrefixes);
        Assert.Equal(KeyVerdict.Accepted, (await keys.AuthenticateAsync(scenario.WriteKey, CancellationToken.None)).Verdict);
    }
}
