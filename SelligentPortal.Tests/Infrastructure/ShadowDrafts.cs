using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>Drafts that differ from the seed preset in one known way, for shadow runs.</summary>
public static class ShadowDrafts
{
    /// <summary>The seed with one IDS field mapped differently.</summary>
    public static ConfigurationDocument WithIdsMapping(string field, FieldMapping mapping, ConfigurationDocument? document = null)
    {
        var seed = document ?? SeedPreset.Create();
        var ids = seed.InternalDataSource;
        return seed with
        {
            InternalDataSource = ids with
            {
                Mapping = FieldMappings.Create(ids.Mapping.Select(m => m.Key == field ? KeyValuePair.Create(field, mapping) : m)),
            },
        };
    }

    /// <summary>first_name from traits.nickname (live: traits.firstName).</summary>
    public static ConfigurationDocument FirstNameFromNickname() => WithIdsMapping("first_name", FieldMapping.FromPaths("traits.nickname"));

    /// <summary>The email becomes required: an identify without one now fails.</summary>
    public static ConfigurationDocument EmailRequired() =>
        WithIdsMapping("email_address", FieldMapping.FromPaths("traits.email") with { Required = true, Transforms = [TransformDefinition.Named("trim"), TransformDefinition.Named("lowercase")] });

    /// <summary>No Interaction Extension: a Track is skipped instead of stored.</summary>
    public static ConfigurationDocument WithoutExtensions() => SeedPreset.Create() with { InteractionExtensions = [] };
}
