using System.Net;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Pages;

/// <summary>
/// Invitation and password-reset links (README: "a one-time link (valid 7 days)"), used through the
/// set-password page as the invited person would: each works once, and not after its lifespan.
/// </summary>
public class PasswordLinkTests
{
    private const string NewPassword = "Brand-New-Horse-7";
    private const string LaterPassword = "Later-Horse-99!";
    private const string Expired = "This link has expired or was already used.";

    private static Task<PortalUser> AdminAsync(PortalFactory factory) => factory.CreateAdminAsync();

    private static async Task<PasswordSetupToken> InviteAsync(PortalFactory factory, string email)
    {
        var admin = await factory.CallerOfAsync(await factory.FindUserAsync("admin@example.com"));
        var outcome = await factory.Services.GetRequiredService<UserAdministration>()
            .InviteAsync(admin, new UserInvitation(email, null, PortalRoles.RelationshipManager, null, null));
        Assert.True(outcome.IsOk, string.Join(" ", outcome.Problems));
        return outcome.Value!;
    }

    private static async Task<PasswordSetupToken> ResetAsync(PortalFactory factory, PortalUser user)
    {
        var admin = await factory.CallerOfAsync(await factory.FindUserAsync("admin@example.com"));
        var outcome = await factory.Services.GetRequiredService<UserAdministration>().CreatePasswordResetAsync(admin, user.Id);
        Assert.True(outcome.IsOk, string.Join(" ", outcome.Problems));
        return outcome.Value!;
    }

    /// <summary>Opens the link as the Users page writes it and sets a password with its form.</summary>
    private static Task<HttpResponseMessage> UseLinkAsync(PortalFactory factory, PasswordSetupToken token, string password)
    {
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token.Token));
        var link = $"/Account/SetPassword?userId={Uri.EscapeDataString(token.UserId)}&code={code}";
        return factory.CreatePortalClient().PostFormAsync(link, "set-password", new Dictionary<string, string>
        {
            ["Input.UserId"] = token.UserId,
            ["Input.Code"] = code,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
    }

    private static async Task<bool> SignsInAsync(PortalFactory factory, string email, string password) =>
        (await factory.CreatePortalClient().SignInAsync(email, password)).StatusCode == HttpStatusCode.Redirect;

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Expired, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task InviteLink_UsedTwice_SetsThePasswordOnceThenIsRefused()
    {
        await using var factory = new PortalFactory();
        await AdminAsync(factory);
        var invitation = await InviteAsync(factory, "new@example.com");

        var first = await UseLinkAsync(factory, invitation, NewPassword);
        var second = await UseLinkAsync(factory, invitation, LaterPassword);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        // Sign-in then shows the account it was for, its email filled in.
        Assert.Equal("/Account/Login?PasswordSet=1&Email=new%40example.com", first.LocationPath());
        await AssertRefusedAsync(second);
        Assert.True(await SignsInAsync(factory, "new@example.com", NewPassword));
        Assert.False(await SignsInAsync(factory, "new@example.com", LaterPassword));
    }

    [Fact]
    public async Task ResetLink_UsedTwice_ReplacesThePasswordOnceThenIsRefused()
    {
        await using var factory = new PortalFactory();
        await AdminAsync(factory);
        var rm = await factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager);
        var reset = await ResetAsync(factory, rm);

        var first = await UseLinkAsync(factory, reset, NewPassword);
        var second = await UseLinkAsync(factory, reset, LaterPassword);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        await AssertRefusedAsync(second);
        Assert.True(await SignsInAsync(factory, "rm@example.com", NewPassword));
        Assert.False(await SignsInAsync(factory, "rm@example.com", PortalFactory.Password));
        Assert.False(await SignsInAsync(factory, "rm@example.com", LaterPassword));
    }

    [Fact]
    public async Task Links_OfTheApp_LiveSevenDays()
    {
        await using var factory = new PortalFactory();

        Assert.Equal(TimeSpan.FromDays(7), factory.Services.GetRequiredService<IOptions<DataProtectionTokenProviderOptions>>().Value.TokenLifespan);
    }

    [Theory]
    [InlineData("invite")]
    [InlineData("reset")]
    public async Task Link_PastItsLifespan_IsRefusedAndChangesNothing(string kind)
    {
        // Identity's link tokens read the system clock, not a TimeProvider: a lifespan that has already
        // run out when the link is made stands for a link used after its seven days.
        await using var factory = new PortalFactory().WithServices(services =>
            services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = TimeSpan.FromTicks(-1)));
        await AdminAsync(factory);
        var rm = await factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager);
        var token = kind == "invite" ? await InviteAsync(factory, "new@example.com") : await ResetAsync(factory, rm);

        var response = await UseLinkAsync(factory, token, NewPassword);

        await AssertRefusedAsync(response);
        Assert.False(await SignsInAsync(factory, token.Email, NewPassword));
    }
}
