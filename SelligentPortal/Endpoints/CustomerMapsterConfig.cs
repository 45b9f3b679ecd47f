using Mapster;
using SelligentPortal.Core.Customers;

namespace SelligentPortal.Endpoints;

/// <summary>How Core's customer summaries become API answers.</summary>
public sealed class CustomerMapsterConfig : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        config.NewConfig<CustomerSummary, CustomerEndpoints.CustomerResponse>()
            .Map(d => d.Status, s => s.Status.ToString())
            .Map(d => d.CreatedAt, s => s.CreatedAtUtc);
        config.NewConfig<AssignedManager, AssignedManager>();
    }
}
