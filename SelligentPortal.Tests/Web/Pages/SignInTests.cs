using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Pages;

public class SignInTests
{
    [Fact]
    public async Task SignIn_RightPassword_RedirectsToReturnUrlWithCookie()
    {
        await using var factory = new PortalFactory();
        await factory.CreateAdminAsync();
        var client = factory.CreatePortalClient();

        var response = await client.PostFormAsync("/Account/Login?ReturnUrl=%2Fcustomers", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = "admin@example.com",
            ["Input.Password"] = PortalFactory.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/customers", response.LocationPath());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/customers")).StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SignIn_ThroughATlsProxy_CookieIsSecureOnlyWhenTheProxyIsTrusted(bool behindProxy)
    {
        await using var factory = new PortalFactory(new() { ["Hosting:BehindProxy"] = behindProxy ? "true" : "false" });
        await factory.CreateAdminAsync();
        var client = factory.CreatePortalClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var response = await client.SignInAsync("admin@example.com");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("SelligentPortal.Auth=", StringComparison.Ordinal));
        Assert.Equal(behindProxy, cookie.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task SignIn_ForeignReturnUrl_StaysOnThisSite()
    {
        await using var factory = new PortalFactory();
        await factory.CreateAdminAsync();
        var client = factory.CreatePortalClient();

        var response = await client.PostFormAsync("/Account/Login?ReturnUrl=https%3A%2F%2Fevil.example%2F", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = "admin@example.com",
            ["Input.Password"] = PortalFactory.Password,
        });

        Assert.Equal("/", response.LocationPath());
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsErrorWithoutCookie()
    {
        await using var factory = new PortalFactory();
        await factory.CreateAdminAsync();
        var client = factory.CreatePortalClient();

        var response = await client.SignInAsync("admin@example.com", "Wrong-Password-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The email or password is not right.", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignIn_FiveFailures_LocksOutEvenTheRightPassword()
    {
        await using var factory = new PortalFactory();
        await factory.CreateAdminAsync();
        await factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager);
        var client = factory.CreatePortalClient();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            await client.SignInAsync("rm@example.com", "Wrong-Password-1");
        }

        var response = await client.SignInAsync("rm@example.com");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("locked for 15 minutes", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignIn_DisabledUser_IsRefused()
    {
        await using var factory = new PortalFactory();
        var admin = await factory.CreateAdminAsync();
        var rm = await factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager);
        var disabled = await factory.WithScopeAsync(async s =>
            await s.GetRequiredService<UserAdministration>().SetDisabledAsync(await factory.CallerOfAsync(admin), rm.Id, disabled: true));
        Assert.True(disabled.IsOk);

        var response = await factory.CreatePortalClient().SignInAsync("rm@example.com");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("This account is disabled.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SignIn_DisabledUser_FiveFailures_LocksOutEvenTheRightPassword()
    {
        await using var factory = new PortalFactory();
        var admin = await factory.CreateAdminAsync();
        var rm = await factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager);
        await factory.Services.GetRequiredService<UserAdministration>().SetDisabledAsync(await factory.CallerOfAsync(admin), rm.Id, disabled: true);
        var client = factory.CreatePortalClient();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            await client.SignInAsync("rm@example.com", "Wrong-Password-1");
        }

        var body = await (await client.SignInAsync("rm@example.com")).Content.ReadAsStringAsync();

        // Guessing at a disabled account is limited like any other, and the right guess is not confirmed.
        Assert.Contains("locked for 15 minutes", body);
        Assert.DoesNotContain("disabled", body);
    }

    [Fact]
    public async Task SignIn_DisabledUserWrongPassword_GetsTheGenericMessage()
    {
        await using var factory = new PortalFactory();
        var admin = await factory.CreateAdminAsync();
        var rm = await factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager);
        await factory.Services.GetRequiredService<UserAdministration>().SetDisabledAsync(await factory.CallerOfAsync(admin), rm.Id, disabled: true);

        var response = await factory.CreatePortalClient().SignInAsync("rm@example.com", "Wrong-Password-1");

        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("The email or password is not right.", body);
        Assert.DoesNotContain("disabled", body);
    }

    [Fact]
    public async Task Disable_AfterTheUserChangedThemselves_StillTakesEffect()
    {
        await using var factory = new PortalFactory();
        var admin = await factory.CreateAdminAsync();
        var admins = factory.Services.GetRequiredService<UserAdministration>();
        var caller = await factory.CallerOfAsync(admin);
        var invitation = (await admins.InviteAsync(caller, new UserInvitation("new@example.com", null, PortalRoles.RelationshipManager, null, null))).Value!;
        await factory.WithScopeAsync(async s =>
        {
            var users = s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();
            var user = await users.FindByIdAsync(invitation.UserId);
            return await users.ResetPasswordAsync(user!, invitation.Token, PortalFactory.Password);
        });

        var disabled = await admins.SetDisabledAsync(caller, invitation.UserId, disabled: true);

        Assert.True(disabled.IsOk, string.Join(" ", disabled.Problems));
        var response = await factory.CreatePortalClient().SignInAsync("new@example.com");
        Assert.Contains("This account is disabled.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Logout_WithoutAntiforgeryToken_IsRefused()
    {
        await using var factory = new PortalFactory();
        await factory.CreateAdminAsync();
        var client = await factory.SignedInClientAsync("admin@example.com");

        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent([]));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Register_SelfRegistration_DoesNotExist()
    {
        await using var factory = new PortalFactory();
        await factory.CreateAdminAsync();

        var response = await factory.CreatePortalClient().GetAsync("/Account/Register");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
