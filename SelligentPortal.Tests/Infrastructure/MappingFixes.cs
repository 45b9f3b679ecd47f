using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Versions;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>The mapping fixes the failure tests make, saved to the draft and published.</summary>
public static class MappingFixes
{
    /// <summary>
    /// The seed's EVENTS extension takes its recipient from <c>userId</c> only, so a Track with just an
    /// <c>anonymousId</c> fails; this fix falls back to <c>anonymousId</c>. Returns the new version.
    /// </summary>
    public static async Task<int> RecipientFromAnonymousIdAsync(PortalFactory factory, Guid customerId)
    {
        var configurations = factory.Services.GetRequiredService<ConfigurationService>();
        var draft = (await configurations.GetDraftAsync(IngestionScenario.System, customerId)).Value!;
        var extensions = draft.Document.InteractionExtensions
            .Select(x => x with
            {
                Mapping = FieldMappings.Create(x.Mapping.Select(m => m.Key == "customer_id"
                    ? KeyValuePair.Create(m.Key, m.Value with { From = ["userId", "anonymousId"] })
                    : m)),
            })
            .ToList();
        var saved = await configurations.SaveDraftAsync(IngestionScenario.System, customerId, draft.Document with { InteractionExtensions = extensions }, null);
        Assert.True(saved.IsOk, string.Join(" ", saved.Problems));
        var published = await configurations.PublishAsync(IngestionScenario.System, customerId, "recipient falls back to anonymousId");
        Assert.True(published.IsOk, string.Join(" ", published.Problems));
        return published.Value!.Number;
    }
}
