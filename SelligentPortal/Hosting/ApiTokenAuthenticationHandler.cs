using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SelligentPortal.Core.ApiTokens;
using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Hosting;

internal sealed class ApiTokenAuthenticationOptions : AuthenticationSchemeOptions;

/// <summary>
/// Authenticates management-API calls by personal access token (<c>Authorization: Bearer …</c>) and
/// answers 401/403 as JSON problem details, never with a redirect to the sign-in page.
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<ApiTokenAuthenticationOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokenService tokens, CallerResolver callers)
    : AuthenticationHandler<ApiTokenAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    private const string CallerItem = "SelligentPortal.Caller";

    public static Caller CallerOf(HttpContext context) =>
        context.Items.TryGetValue(CallerItem, out var caller) && caller is Caller known ? known : Caller.Anonymous;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        var userId = secret.Length == 0 ? null : await tokens.AuthenticateAsync(secret, Context.RequestAborted);
        if (userId is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked token.");
        }

        var caller = await callers.ResolveUserAsync(userId, Context.RequestAborted);
        if (!caller.IsAuthenticated)
        {
            return AuthenticateResult.Fail("The token's user is disabled.");
        }

        Context.Items[CallerItem] = caller;
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, userId), new Claim(ClaimTypes.Name, caller.Name)], SchemeName);
        if (caller.Role is { } role)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            "Send a personal access token as 'Authorization: Bearer <token>'. Tokens are created in the portal under API tokens.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "The token's user may not do this.");

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }

        return Response.WriteAsJsonAsync(
            new ProblemDetails { Status = status, Title = title, Detail = detail },
            options: null, contentType: "application/problem+json");
    }
}
