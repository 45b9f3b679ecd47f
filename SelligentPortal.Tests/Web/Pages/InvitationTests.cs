using System.Net;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Pages;

public class InvitationTests
{
    private static async Task<(PortalFactory Factory, PasswordSetupToken Invitation)> InviteAsync()
    {
        var factory = new PortalFactory();
        var admin = await factory.CreateAdminAsync();
        var invitation = await factory.Services.GetRequiredService<UserAdministration>()
            .InviteAsync(await factory.CallerOfAsync(admin), new UserInvitation("new.rm@example.com", null, PortalRoles.RelationshipManager, null, null));
        return (factory, invitation.Value!);
    }

    private static string Link(PasswordSetupToken invitation, string? code = null) =>
        $"/Account/SetPassword?userId={Uri.EscapeDataString(invitation.UserId)}&code={code ?? WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(invitation.Token))}";

    [Fact]
    public async Task SetPassword_ValidLink_NamesTheAccount()
    {
        var (factory, invitation) = await InviteAsync();
        await using var _ = factory;

        var page = await factory.CreatePortalClient().GetStringAsync(Link(invitation));

        Assert.Contains("For <b>new.rm@example.com</b>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetPassword_WrongCode_NamesNoAccount()
    {
        var (factory, invitation) = await InviteAsync();
        await using var _ = factory;

        var page = await factory.CreatePortalClient().GetStringAsync(Link(invitation, WebEncoders.Base64UrlEncode("forged"u8.ToArray())));

        Assert.DoesNotContain("new.rm@example.com", page, StringComparison.Ordinal);
        Assert.Contains("Choose the password you will sign in with.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetPassword_Done_SignInIsPrefilledWithTheEmail()
    {
        var (factory, invitation) = await InviteAsync();
        await using var _ = factory;
        var client = factory.CreatePortalClient();

        var set = await client.PostFormAsync(Link(invitation), "set-password", new Dictionary<string, string>
        {
            ["Input.UserId"] = invitation.UserId,
            ["Input.Code"] = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(invitation.Token)),
            ["Input.Password"] = PortalFactory.Password,
            ["Input.ConfirmPassword"] = PortalFactory.Password,
        });
        var login = await client.GetStringAsync(set.LocationPath());

        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal("/Account/Login?PasswordSet=1&Email=new.rm%40example.com", set.LocationPath());
        Assert.Contains("Your password is set. Sign in with it.", login, StringComparison.Ordinal);
        Assert.Matches("id=\"email\"[^>]*value=\"new.rm@example.com\"|value=\"new.rm@example.com\"[^>]*id=\"email\"", login);
    }

    [Fact]
    public async Task Invite_InvalidEmail_ProblemIsLocatedOnTheEmailField()
    {
        await using var factory = new PortalFactory();
        var admin = await factory.CreateAdminAsync();

        var outcome = await factory.Services.GetRequiredService<UserAdministration>()
            .InviteAsync(await factory.CallerOfAsync(admin), new UserInvitation("bob at example", null, PortalRoles.Customer, null, null));

        Assert.Equal(["Enter a valid email address.", "A Customer user belongs to exactly one customer: choose it."], outcome.Problems);
        Assert.Equal([UserInvitation.EmailField, UserInvitation.CustomerField], outcome.ProblemPaths);
    }
}
