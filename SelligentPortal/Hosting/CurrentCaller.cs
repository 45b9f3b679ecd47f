using Microsoft.AspNetCore.Components.Authorization;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Hosting;

/// <summary>The signed-in user of a component, resolved fresh for every operation.</summary>
public sealed class CurrentCaller(AuthenticationStateProvider authentication, CallerResolver resolver)
{
    public async Task<Caller> GetAsync(CancellationToken cancellationToken = default)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return await resolver.ResolveAsync(state.User, cancellationToken);
    }
}
