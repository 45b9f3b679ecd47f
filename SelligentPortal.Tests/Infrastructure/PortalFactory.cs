using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using SelligentPortal.Core.ApiTokens;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Tenancy;
using SelligentPortal.Core.Users;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// The real app on its own database (<see cref="TestDatabase"/>: a SQLite file, or a PostgreSQL
/// database in the PostgreSQL run), migrated on start like production. Each factory is one isolated
/// installation; dispose it to delete its database.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    public const string Password = "Correct-Horse-42";

    private readonly Dictionary<string, string?> _settings;
    private readonly List<Action<IServiceCollection>> _services = [];

    /// <param name="settings">The app's settings; they override the database's.</param>
    public PortalFactory(Dictionary<string, string?>? settings = null)
    {
        Database = TestDatabase.Create();
        _settings = Database.Settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }
    }

    public TestDatabase Database { get; }

    /// <summary>What the app logged at Warning and above.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Serve on a real loopback port (for the browser tests); call before the first request.</summary>
    public PortalFactory WithKestrel()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        return this;
    }

    /// <summary>Changes the app's services after its own registrations; call before the first request.</summary>
    public PortalFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    /// <summary>The app's clock (every service that takes a TimeProvider); call before the first request.</summary>
    public PortalFactory WithClock(TimeProvider clock) => WithServices(services =>
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton(clock);
    });

    public Uri ServerAddress
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSolutionRelativeContentRoot("", solutionName: "SelligentPortal.sln");
        builder.UseEnvironment("Testing");
        // Outside Development, framework and package assets (blazor.web.js, MudBlazor) come from the build manifest only when asked.
        builder.UseStaticWebAssets();
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services => _services.ForEach(configure => configure(services)));
    }

    public HttpClient CreatePortalClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<PortalUser> CreateAdminAsync(string email = "admin@example.com") =>
        WithScopeAsync(async services =>
        {
            var outcome = await services.GetRequiredService<FirstRunSetup>().CreateFirstAdminAsync(email, Password, "Ada Admin");
            return outcome.IsOk ? outcome.Value! : await CreateUserAsync(email, PortalRoles.Admin);
        });

    /// <summary>A user with a password, in a role; for Customer users, of that customer.</summary>
    public Task<PortalUser> CreateUserAsync(string email, string role, Guid? customerId = null, params Guid[] managedCustomers) =>
        WithScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<PortalUser>>();
            var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, CustomerId = customerId };
            var created = await users.CreateAsync(user, Password);
            Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
            if (managedCustomers.Length > 0)
            {
                var admin = await AdminCallerAsync(services);
                foreach (var customer in managedCustomers)
                {
                    var current = await services.GetRequiredService<CustomerService>().FindAsync(admin, customer);
                    var ids = current!.RelationshipManagers.Select(m => m.UserId).Append(user.Id).ToList();
                    Assert.True((await services.GetRequiredService<CustomerService>().AssignManagersAsync(admin, customer, ids)).IsOk);
                }
            }

            return user;
        });

    public Task<CustomerSummary> CreateCustomerAsync(string name) =>
        WithScopeAsync(async services =>
        {
            var outcome = await services.GetRequiredService<CustomerService>().CreateAsync(await AdminCallerAsync(services), name);
            Assert.True(outcome.IsOk, string.Join(" ", outcome.Problems));
            return outcome.Value!;
        });

    public Task<string> CreateApiTokenAsync(PortalUser user) =>
        WithScopeAsync(async services =>
        {
            var caller = await services.GetRequiredService<CallerResolver>().ResolveUserAsync(user.Id);
            var outcome = await services.GetRequiredService<ApiTokenService>().CreateAsync(caller, "test");
            Assert.True(outcome.IsOk);
            return outcome.Value.Secret;
        });

    public Task<PortalUser> FindUserAsync(string email) =>
        WithScopeAsync(async services =>
            await services.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email)
            ?? throw new InvalidOperationException($"No user {email}."));

    public Task<Caller> CallerOfAsync(PortalUser user) =>
        WithScopeAsync(services => services.GetRequiredService<CallerResolver>().ResolveUserAsync(user.Id));

    private static Task<Caller> AdminCallerAsync(IServiceProvider services) =>
        Task.FromResult(new Caller(null, "test setup", PortalRoles.Admin, TenantScope.Unrestricted));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
