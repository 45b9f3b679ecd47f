using Mapster;
using SelligentPortal.Core.Configuration.Approval;
using SelligentPortal.Core.Configuration.Versions;

namespace SelligentPortal.Endpoints;

/// <summary>How Core's published versions and publish requests become API answers.</summary>
public sealed class ConfigurationMapsterConfig : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        config.NewConfig<VersionSummary, ConfigurationEndpoints.VersionResponse>()
            .Map(d => d.Version, s => s.Number)
            .Map(d => d.PublishedAt, s => s.PublishedAtUtc);
        config.NewConfig<PublishRequestSummary, PublishRequestEndpoints.PublishRequestResponse>()
            .Map(d => d.Status, s => s.Status.ToString().ToLowerInvariant())
            .Map(d => d.Stale, s => s.IsStale)
            .Map(d => d.RequestedAt, s => s.RequestedAtUtc)
            .Map(d => d.DecidedAt, s => s.DecidedAtUtc)
            .Map(d => d.Comment, s => s.DecisionComment);
    }
}
