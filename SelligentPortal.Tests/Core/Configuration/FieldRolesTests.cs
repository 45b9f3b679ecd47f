using SelligentPortal.Core.Configuration;

namespace SelligentPortal.Tests.Core.Configuration;

/// <summary>Which roles are keys: their mappings are always required.</summary>
public class FieldRolesTests
{
    [Theory]
    [InlineData(FieldRole.PrimaryKey, true)]
    [InlineData(FieldRole.RecipientKey, true)]
    [InlineData(FieldRole.EventType, true)]
    [InlineData(FieldRole.EventTimestamp, true)]
    [InlineData(FieldRole.Email, false)]
    public void IsKey_KeyRolesOnly(FieldRole role, bool expected)
    {
        Assert.Equal(expected, role.IsKey());
        Assert.Equal(expected, ((FieldRole?)role).IsKey());
    }

    [Fact]
    public void IsKey_NoRole_IsNotAKey()
    {
        Assert.False(((FieldRole?)null).IsKey());
    }
}
