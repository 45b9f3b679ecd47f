using System.Linq.Expressions;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Components.Pages.Customers;
using SelligentPortal.Components.Pages.Events;
using SelligentPortal.Components.Pages.Sources;
using SelligentPortal.Core.ApiTokens;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Hosting;

/// <summary>
/// Tenant isolation inside a live circuit: a Customer user's page, once open, is given another
/// customer's id (as the router does when the address changes within the circuit). The page must load
/// nothing of that customer and answer as for a customer that does not exist, not only on the first render.
/// </summary>
public class CircuitTenantIsolationTests : IAsyncLifetime
{
    private IngestionScenario _scenario = default!;
    private PortalUser _acmeUser = default!;
    private Guid _globex;
    private string[] _globexSecrets = [];

    public async ValueTask InitializeAsync()
    {
        _scenario = await IngestionScenario.CreateAsync();
        var (globex, globexKey) = await _scenario.AddCustomerAsync("Globex Secret Corp");
        _globex = globex;
        await _scenario.PostBatchAsync(null, SegmentEvents.Identify("acme-message", "acme-person"));
        await _scenario.PostBatchAsync(globexKey, SegmentEvents.Identify("globex-secret-message", "globex-secret-person"));
        _acmeUser = await _scenario.Factory.CreateUserAsync("acme-user@example.com", PortalRoles.Customer, _scenario.CustomerId);
        var globexPrefix = (await _scenario.Sources.ListAsync(IngestionScenario.System, globex)).Value!.Single().Keys.Single().Prefix;
        // Its id is not among them: the user typed it, and the page's links may repeat it.
        _globexSecrets = ["Globex", "globex-secret-message", "globex-secret-person", globexPrefix];
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    [Fact]
    public Task CustomerOverviewPage_CustomerUserSwitchesToAnotherCustomer_LoadsNothingOfIt() =>
        AssertAnotherCustomerLoadsNothingAsync<CustomerOverviewPage>(p => p.CustomerId, "Acme");

    [Fact]
    public Task SourcesPage_CustomerUserSwitchesToAnotherCustomer_LoadsNothingOfIt() =>
        AssertAnotherCustomerLoadsNothingAsync<SourcesPage>(p => p.CustomerId, OwnKeyPrefix());

    [Fact]
    public Task EventLogPage_CustomerUserSwitchesToAnotherCustomer_LoadsNothingOfIt() =>
        AssertAnotherCustomerLoadsNothingAsync<EventLogPage>(p => p.CustomerId, "acme-person");

    private string OwnKeyPrefix() => TokenSecrets.DisplayPrefix(_scenario.WriteKey);

    private async Task AssertAnotherCustomerLoadsNothingAsync<TPage>(Expression<Func<TPage, Guid>> customerId, string ownData)
        where TPage : IComponent
    {
        await using var circuit = PortalComponentContext.Circuit(_scenario.Factory, _acmeUser);
        var notFound = 0;
        circuit.Services.GetRequiredService<NavigationManager>().OnNotFound += (_, _) => Interlocked.Increment(ref notFound);
        var page = circuit.Render<TPage>(p => p.Add(customerId, _scenario.CustomerId));
        page.WaitForAssertion(() => Assert.Contains(ownData, page.Markup, StringComparison.Ordinal));
        Assert.Equal(0, Volatile.Read(ref notFound));

        page.Render(p => p.Add(customerId, _globex));

        page.WaitForAssertion(() => Assert.Equal(1, Volatile.Read(ref notFound)));
        foreach (var secret in _globexSecrets)
        {
            Assert.DoesNotContain(secret, page.Markup, StringComparison.OrdinalIgnoreCase);
        }
    }
}
