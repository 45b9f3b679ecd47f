using SelligentPortal.Core.Auditing;
using SelligentPortal.Core.Configuration.Examples;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Sources;

namespace SelligentPortal.Hosting;

internal static class DomainHosting
{
    /// <summary>Core's services: stateless apart from caches, so singletons over the DbContext factory.</summary>
    public static void AddPortalDomain(this IServiceCollection services)
    {
        services.AddSingleton<CustomerService>();
        services.AddSingleton<AuditQueries>();
        services.AddSingleton<ConfigurationService>();
        services.AddSingleton<Core.Configuration.Fixtures.RegressionFixtureService>();
        services.AddSingleton<Core.Configuration.Approval.PublishRequestService>();
        services.AddSingleton<EditorSampleSource>();
        services.AddSingleton<SourceService>();
    }
}
