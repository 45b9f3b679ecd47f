using System.Reflection;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Users;
using SelligentPortal.Hosting;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Hosting;

/// <summary>
/// README: "a disabled user's sessions end within a minute", the open interactive circuit included.
/// The circuit's authentication state provider re-checks its user every revalidation interval; the
/// tests read the app's interval, then run the provider with a short one instead of waiting a minute.
/// </summary>
public class CircuitRevalidationTests : IAsyncLifetime
{
    private static readonly TimeSpan ShortInterval = TimeSpan.FromMilliseconds(50);

    private PortalFactory _factory = default!;
    private PortalUser _admin = default!;

    public async ValueTask InitializeAsync()
    {
        _factory = new PortalFactory().WithServices(services =>
            services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = ShortInterval));
        _admin = await _factory.CreateAdminAsync();
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    private static TimeSpan IntervalOf(AuthenticationStateProvider provider) =>
        (TimeSpan)typeof(RevalidatingServerAuthenticationStateProvider)
            .GetProperty("RevalidationInterval", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(provider)!;

    /// <summary>A circuit's provider (what the app registers), holding the user as signed in now.</summary>
    private async Task<(AuthenticationStateProvider Provider, AsyncServiceScope Scope)> OpenCircuitAsync(PortalUser user)
    {
        var scope = _factory.Services.CreateAsyncScope();
        var provider = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        var principal = await scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>().CreateUserPrincipalAsync(user);
        ((IHostEnvironmentAuthenticationStateProvider)provider).SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return (provider, scope);
    }

    private static async Task<bool> IsStillValidAsync(AuthenticationStateProvider provider) =>
        await (Task<bool>)provider.GetType()
            .GetMethod("ValidateAuthenticationStateAsync", BindingFlags.Instance | BindingFlags.NonPublic)!
            .Invoke(provider, [await provider.GetAuthenticationStateAsync(), CancellationToken.None])!;

    [Fact]
    public async Task RevalidationInterval_OfTheApp_IsAtMostAMinute()
    {
        await using var app = new PortalFactory();
        await using var scope = app.Services.CreateAsyncScope();

        var provider = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();

        Assert.IsType<RevalidatingIdentityStateProvider>(provider);
        Assert.InRange(IntervalOf(provider), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task OpenCircuit_UserDisabled_IsSignedOutAtTheNextRevalidation()
    {
        var rm = await _factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager);
        var (provider, scope) = await OpenCircuitAsync(rm);
        await using var _ = scope;
        var signedOut = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state => signedOut.TrySetResult(await state);
        Assert.Equal(ShortInterval, IntervalOf(provider));
        Assert.True(await IsStillValidAsync(provider));

        var disabled = await _factory.Services.GetRequiredService<UserAdministration>().SetDisabledAsync(await _factory.CallerOfAsync(_admin), rm.Id, disabled: true);

        Assert.True(disabled.IsOk);
        var state = await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(state.User.Identity?.IsAuthenticated);
        Assert.False((await provider.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task OpenCircuit_RoleChanged_IsSignedOutAtTheNextRevalidation()
    {
        var customer = await _factory.CreateCustomerAsync("Acme");
        var rm = await _factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, customer.Id);
        var (provider, scope) = await OpenCircuitAsync(rm);
        await using var _ = scope;
        var signedOut = new TaskCompletionSource<AuthenticationState>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state => signedOut.TrySetResult(await state);

        var changed = await _factory.Services.GetRequiredService<UserAdministration>()
            .ChangeRoleAsync(await _factory.CallerOfAsync(_admin), rm.Id, PortalRoles.Customer, customer.Id, null);

        Assert.True(changed.IsOk);
        Assert.False((await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(30))).User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task OpenCircuit_UserUnchanged_StaysValid()
    {
        var rm = await _factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager);
        var (provider, scope) = await OpenCircuitAsync(rm);
        await using var _ = scope;
        var other = await _factory.CreateUserAsync("other@example.com", PortalRoles.RelationshipManager);
        await _factory.Services.GetRequiredService<UserAdministration>().SetDisabledAsync(await _factory.CallerOfAsync(_admin), other.Id, disabled: true);

        Assert.True(await IsStillValidAsync(provider));
        Assert.True((await provider.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
    }
}
