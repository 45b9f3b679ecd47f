using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Auditing;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web;

public class AuditLogTests
{
    [Fact]
    public async Task Audit_ManagerSeesOnlyTheirCustomersChangesWithSecretsRedacted()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        var (other, _) = await scenario.AddCustomerAsync("Globex");
        await scenario.Sources.SetSigningSecretAsync(IngestionScenario.System, scenario.CustomerId, scenario.SourceId, remove: false);
        var rm = await scenario.Factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, scenario.CustomerId);
        var audit = scenario.Factory.Services.GetRequiredService<AuditQueries>();

        var (entries, total) = await audit.PageAsync(await scenario.Factory.CallerOfAsync(rm), 0, 200, null);

        Assert.True(total > 0);
        Assert.All(entries, e => Assert.Equal(scenario.CustomerId, e.CustomerId));
        Assert.Contains(entries, e => e.Action == "write-key.created");
        var secret = Assert.Single(entries, e => e.Action == "signing-secret.generated");
        Assert.Contains("(redacted)", secret.After);
        Assert.DoesNotContain(entries, e => e.CustomerId == other);
        Assert.All(entries, e => Assert.DoesNotContain(scenario.WriteKey, (e.Before ?? "") + (e.After ?? "")));
    }
}
