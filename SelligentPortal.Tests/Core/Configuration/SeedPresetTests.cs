using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Tests.Core.Configuration;

public class SeedPresetTests
{
    [Fact]
    public void Create_Seed_HasTheSection3Fields()
    {
        var seed = SeedPreset.Create();

        Assert.Equal(
            ["customer_id", "email_address", "first_name", "last_name", "address_street_1", "address_street_2", "address_city", "address_state", "address_zip", "country"],
            seed.InternalDataSource.Fields.Select(f => f.Name));
        var events = Assert.Single(seed.InteractionExtensions);
        Assert.Equal(["event_id", "customer_id", "event_type", "event_timestamp", "channel", "ip_address", "plan_name", "acct_type"], events.Fields.Select(f => f.Name));
        Assert.Empty(events.Events);
    }

    [Fact]
    public void Create_Seed_EveryFieldIsMappedAndValid()
    {
        var seed = SeedPreset.Create();

        Assert.Empty(ConfigurationValidator.Validate(seed));
        Assert.Equal(seed.InternalDataSource.Fields.Select(f => f.Name), seed.InternalDataSource.Mapping.Keys);
        Assert.Equal(seed.InteractionExtensions[0].Fields.Select(f => f.Name), seed.InteractionExtensions[0].Mapping.Keys);
    }
}
