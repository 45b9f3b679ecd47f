using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Pages;

public class FirstRunSetupTests
{
    private static Dictionary<string, string> SetupForm(string password = PortalFactory.Password, string? confirm = null) => new()
    {
        ["Input.DisplayName"] = "Ada",
        ["Input.Email"] = "ada@example.com",
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = confirm ?? password,
    };

    [Fact]
    public async Task EmptyDatabase_AnyPage_RedirectsToSetup()
    {
        await using var factory = new PortalFactory();
        var client = factory.CreatePortalClient();

        var response = await client.GetAsync("/customers");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/setup", response.LocationPath());
    }

    [Fact]
    public async Task Setup_ValidForm_CreatesAdminSignsInAndDisappears()
    {
        await using var factory = new PortalFactory();
        var client = factory.CreatePortalClient();

        var posted = await client.PostFormAsync("/setup", "setup", SetupForm());

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/", posted.LocationPath());
        var dashboard = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Dashboard", await dashboard.Content.ReadAsStringAsync());
        var admin = await factory.WithScopeAsync(async s =>
            await s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>().FindByEmailAsync("ada@example.com"));
        Assert.NotNull(admin);
        Assert.True(await factory.WithScopeAsync(async s =>
            await s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>().IsInRoleAsync(admin, PortalRoles.Admin)));

        var again = await factory.CreatePortalClient().GetAsync("/setup");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Setup_AfterCompletion_PostCreatesNoSecondAdmin()
    {
        await using var factory = new PortalFactory();
        var client = factory.CreatePortalClient();
        // The form is opened while setup is offered, so the post carries a valid antiforgery token and
        // cookie: only the guard against a completed setup stands between it and a second Admin.
        var token = await client.ReadAntiforgeryTokenAsync("/setup");
        await factory.CreateAdminAsync();

        var response = await client.PostFormAsync("/setup", "setup", SetupForm(), token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("There is nothing here", body);
        Assert.DoesNotContain("setup-submit", body);
        var users = await factory.WithScopeAsync(s =>
            Task.FromResult(s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>().Users.Select(u => u.Email).ToList()));
        Assert.Equal(["admin@example.com"], users);
    }

    [Fact]
    public async Task FirstRunSetup_AfterCompletion_RefusesASecondAdmin()
    {
        await using var factory = new PortalFactory();
        await factory.CreateAdminAsync();

        var outcome = await factory.WithScopeAsync(s =>
            s.GetRequiredService<FirstRunSetup>().CreateFirstAdminAsync("ada@example.com", PortalFactory.Password, "Ada"));

        Assert.Equal(OutcomeStatus.Conflict, outcome.Status);
        Assert.Equal(["Setup is already complete."], outcome.Problems);
        Assert.Null(await factory.WithScopeAsync(s =>
            s.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>().FindByEmailAsync("ada@example.com")));
    }

    [Theory]
    [InlineData("short", "short", "Passwords must be at least 10 characters.")]
    [InlineData(PortalFactory.Password, "Different-Horse-42", "The two passwords differ.")]
    public async Task Setup_BadPassword_ShowsErrorAndCreatesNothing(string password, string confirm, string message)
    {
        await using var factory = new PortalFactory();
        var client = factory.CreatePortalClient();

        var response = await client.PostFormAsync("/setup", "setup", SetupForm(password, confirm));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.False(factory.Services.GetRequiredService<SetupState>().IsComplete);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Bootstrap_FromConfiguration_CreatesAdminAndApiToken()
    {
        var token = new string('t', 40);
        await using var factory = new PortalFactory(new()
        {
            ["Bootstrap:AdminEmail"] = "ops@example.com",
            ["Bootstrap:AdminPassword"] = PortalFactory.Password,
            ["Bootstrap:ApiToken"] = token,
        });
        var client = factory.CreatePortalClient();

        var setup = await client.GetAsync("/setup");
        var signIn = await client.SignInAsync("ops@example.com");
        var anonymousHome = await factory.CreatePortalClient().GetAsync("/");
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var api = await client.GetAsync("/api/v1/customers");

        Assert.Equal(HttpStatusCode.NotFound, setup.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith("/Account/Login", anonymousHome.LocationPath());
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal("[]", await api.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Bootstrap_WithTheEmptyTokenOfAppSettings_CreatesAdminWithoutToken()
    {
        await using var factory = new PortalFactory(new()
        {
            ["Bootstrap:AdminEmail"] = "ops@example.com",
            ["Bootstrap:AdminPassword"] = PortalFactory.Password,
            ["Bootstrap:ApiToken"] = "", // as appsettings.json ships it
        });
        var client = factory.CreatePortalClient();

        var signIn = await client.SignInAsync("ops@example.com");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        await using var db = factory.Services.GetRequiredService<PortalDbFactory>().CreateUnrestricted();
        Assert.Empty(db.PersonalAccessTokens);
    }
}
