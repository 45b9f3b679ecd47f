using System.Reflection;
using Mapster;

namespace SelligentPortal.Core.ObjectMapping;

/// <summary>
/// The one Mapster configuration of the app (DTO shaping only; the field-mapping engine never uses
/// Mapster). Every <see cref="IRegister"/> in the given assemblies contributes to it.
/// </summary>
public static class PortalMapsterConfig
{
    public static TypeAdapterConfig Create(params Assembly[] assemblies)
    {
        var config = new TypeAdapterConfig
        {
            RequireExplicitMapping = true,
            RequireDestinationMemberSource = true,
        };
        config.Scan([typeof(PortalMapsterConfig).Assembly, .. assemblies]);
        return config;
    }
}
