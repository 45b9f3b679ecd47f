namespace SelligentPortal.Core.Configuration;

/// <summary>The configuration a new customer starts with (docs/product.md section 3), mapped from Segment's reserved traits and fields.</summary>
public static class SeedPreset
{
    /// <summary>The IDS table name of the seed.</summary>
    public const string InternalDataSourceName = "CUSTOMERS";

    /// <summary>The Interaction Extension table name of the seed.</summary>
    public const string ExtensionName = "EVENTS";

    /// <summary>Creates the seed document; it passes <see cref="ConfigurationValidator"/>.</summary>
    public static ConfigurationDocument Create()
    {
        var lowercaseEmail = new[] { TransformDefinition.Named("trim"), TransformDefinition.Named("lowercase") };
        var ids = new InternalDataSourceDefinition
        {
            Name = InternalDataSourceName,
            Fields =
            [
                new("customer_id", FieldType.Text, 64, FieldRole.PrimaryKey),
                new("email_address", FieldType.Email, null, FieldRole.Email),
                new("first_name", FieldType.Text, 100),
                new("last_name", FieldType.Text, 100),
                new("address_street_1", FieldType.Text, 200),
                new("address_street_2", FieldType.Text, 200),
                new("address_city", FieldType.Text, 100),
                new("address_state", FieldType.Text, 100),
                new("address_zip", FieldType.Text, 20),
                new("country", FieldType.Text, 100),
            ],
            Mapping = FieldMappings.Create(
                ("customer_id", FieldMapping.FromPaths("userId")),
                ("email_address", FieldMapping.FromPaths("traits.email", "context.traits.email") with { Transforms = lowercaseEmail }),
                ("first_name", FieldMapping.FromPaths("traits.firstName", "traits.first_name")),
                ("last_name", FieldMapping.FromPaths("traits.lastName", "traits.last_name")),
                ("address_street_1", FieldMapping.FromPaths("traits.address.street")),
                ("address_street_2", FieldMapping.FromPaths("traits.address.street2", "traits.address.line2")),
                ("address_city", FieldMapping.FromPaths("traits.address.city")),
                ("address_state", FieldMapping.FromPaths("traits.address.state")),
                ("address_zip", FieldMapping.FromPaths("traits.address.postalCode")),
                ("country", FieldMapping.FromPaths("traits.address.country"))),
        };

        var events = new InteractionExtensionDefinition
        {
            Name = ExtensionName,
            Events = [],
            Fields =
            [
                new("event_id", FieldType.Text, 100, FieldRole.PrimaryKey),
                new("customer_id", FieldType.Text, 64, FieldRole.RecipientKey),
                new("event_type", FieldType.Text, 200, FieldRole.EventType),
                new("event_timestamp", FieldType.Datetime, null, FieldRole.EventTimestamp),
                new("channel", FieldType.Text, 50),
                new("ip_address", FieldType.Text, 45),
                new("plan_name", FieldType.Text, 100),
                new("acct_type", FieldType.Text, 100),
            ],
            Mapping = FieldMappings.Create(
                ("event_id", FieldMapping.FromPaths("messageId")),
                ("customer_id", FieldMapping.FromPaths("userId")),
                ("event_type", FieldMapping.FromPaths("event")),
                ("event_timestamp", FieldMapping.FromPaths("timestamp")),
                ("channel", FieldMapping.FromPaths("channel", "context.channel")),
                ("ip_address", FieldMapping.FromPaths("context.ip")),
                ("plan_name", FieldMapping.FromPaths("properties.plan_name")),
                ("acct_type", FieldMapping.FromPaths("properties.acct_type"))),
        };

        return new ConfigurationDocument { InternalDataSource = ids, InteractionExtensions = [events] };
    }
}
