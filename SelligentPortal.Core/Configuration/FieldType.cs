namespace SelligentPortal.Core.Configuration;

/// <summary>A Message Studio field type (docs/product.md section 3). JSON names are lower camel: <c>text</c>, <c>integer</c>, ...</summary>
public enum FieldType
{
    /// <summary>A string with a <see cref="FieldDefinition.MaxLength"/>.</summary>
    Text,

    /// <summary>A 64-bit integer.</summary>
    Integer,

    /// <summary>A double-precision number.</summary>
    Float,

    /// <summary>A calendar date (no time, no offset).</summary>
    Date,

    /// <summary>An instant, stored as UTC.</summary>
    Datetime,

    /// <summary>An e-mail address.</summary>
    Email,

    /// <summary>A phone number for SMS.</summary>
    Sms,
}

/// <summary>The role a field plays in its table (docs/product.md section 3).</summary>
public enum FieldRole
{
    /// <summary>The key of the table: the customer id in the IDS, the event id in an extension.</summary>
    PrimaryKey,

    /// <summary>The IDS e-mail address (at most one, type email).</summary>
    Email,

    /// <summary>In an extension: links the record to the IDS primary key.</summary>
    RecipientKey,

    /// <summary>In an extension: the event name.</summary>
    EventType,

    /// <summary>In an extension: when the event happened (datetime).</summary>
    EventTimestamp,
}

/// <summary>What a <see cref="FieldRole"/> implies.</summary>
public static class FieldRoles
{
    /// <summary>
    /// Key roles identify a record or place it (its key, its recipient, its event type and time): a
    /// record cannot be stored without them, so their mappings are always required.
    /// </summary>
    public static bool IsKey(this FieldRole role) => role is FieldRole.PrimaryKey or FieldRole.RecipientKey or FieldRole.EventType or FieldRole.EventTimestamp;

    /// <summary>Whether a field with this role (if any) must have a value.</summary>
    public static bool IsKey([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] this FieldRole? role) => role is { } known && known.IsKey();
}

/// <summary>JSON names of <see cref="FieldType"/> and <see cref="FieldRole"/>.</summary>
public static class ConfigurationNames
{
    /// <summary>The JSON name of a field type, e.g. <c>datetime</c>.</summary>
    public static string ToJsonName(this FieldType type) => type switch
    {
        FieldType.Text => "text",
        FieldType.Integer => "integer",
        FieldType.Float => "float",
        FieldType.Date => "date",
        FieldType.Datetime => "datetime",
        FieldType.Email => "email",
        FieldType.Sms => "sms",
        _ => type.ToString(),
    };

    /// <summary>The JSON name of a field role, e.g. <c>primaryKey</c>.</summary>
    public static string ToJsonName(this FieldRole role) => role switch
    {
        FieldRole.PrimaryKey => "primaryKey",
        FieldRole.Email => "email",
        FieldRole.RecipientKey => "recipientKey",
        FieldRole.EventType => "eventType",
        FieldRole.EventTimestamp => "eventTimestamp",
        _ => role.ToString(),
    };

    /// <summary>A field role in words, e.g. <c>Primary key</c> (what the portal shows; the JSON name is for documents).</summary>
    public static string ToDisplayName(this FieldRole role) => role switch
    {
        FieldRole.PrimaryKey => "Primary key",
        FieldRole.Email => "Email",
        FieldRole.RecipientKey => "Recipient key",
        FieldRole.EventType => "Event type",
        FieldRole.EventTimestamp => "Event timestamp",
        _ => role.ToString(),
    };

    /// <summary>A field's type as people read it: <c>text(100)</c>, <c>datetime</c>.</summary>
    public static string TypeText(this FieldDefinition field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Type.ToJsonName() + (field.MaxLength is { } max ? "(" + max.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")" : "");
    }

    /// <summary>Every field type's JSON name, in declaration order.</summary>
    public static IReadOnlyList<string> FieldTypeNames { get; } = ["text", "integer", "float", "date", "datetime", "email", "sms"];

    /// <summary>Every field role's JSON name, in declaration order.</summary>
    public static IReadOnlyList<string> FieldRoleNames { get; } = ["primaryKey", "email", "recipientKey", "eventType", "eventTimestamp"];

    /// <summary>Parses a field type's JSON name (exact, case-sensitive).</summary>
    public static bool TryParseFieldType(string? name, out FieldType type)
    {
        for (var i = 0; i < FieldTypeNames.Count; i++)
        {
            if (string.Equals(FieldTypeNames[i], name, StringComparison.Ordinal))
            {
                type = (FieldType)i;
                return true;
            }
        }

        type = default;
        return false;
    }

    /// <summary>Parses a field role's JSON name (exact, case-sensitive).</summary>
    public static bool TryParseFieldRole(string? name, out FieldRole role)
    {
        for (var i = 0; i < FieldRoleNames.Count; i++)
        {
            if (string.Equals(FieldRoleNames[i], name, StringComparison.Ordinal))
            {
                role = (FieldRole)i;
                return true;
            }
        }

        role = default;
        return false;
    }
}
