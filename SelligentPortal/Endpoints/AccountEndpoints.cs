using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using SelligentPortal.Core.Users;

namespace SelligentPortal.Endpoints;

/// <summary>Account actions that must be plain form posts (they change the sign-in cookie).</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/Account/Logout", Logout).WithName(nameof(Logout)).ExcludeFromDescription();
    }

    public static async Task<RedirectHttpResult> Logout(SignInManager<PortalUser> signInManager)
    {
        await signInManager.SignOutAsync();
        return TypedResults.LocalRedirect("~/Account/Login");
    }
}
