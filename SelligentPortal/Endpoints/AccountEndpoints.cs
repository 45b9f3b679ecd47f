using Microsoft.AspNetCore.Antiforgery;
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

    /// <summary>Signs out; a cross-site form (no antiforgery token) cannot sign anyone out.</summary>
    public static async Task<Results<RedirectHttpResult, BadRequest>> Logout(
        HttpContext context, IAntiforgery antiforgery, SignInManager<PortalUser> signInManager)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.BadRequest();
        }

        await signInManager.SignOutAsync();
        return TypedResults.LocalRedirect("~/Account/Login");
    }
}
