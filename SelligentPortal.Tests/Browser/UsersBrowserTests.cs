using Microsoft.Playwright;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Browser;

/// <summary>An Admin inviting a user, and the user setting a password and signing in, in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public class UsersBrowserTests
{
    [Fact]
    public async Task Invite_ErrorOnTheFieldClearsWhenFixed_ThenTheLinkNamesTheAccountAndSignInIsPrefilled()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var factory = new PortalFactory().WithKestrel();
        using (playwright)
        await using (browser)
        {
            await factory.CreateAdminAsync();
            await factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager);
            var page = await Chromium.OpenSignedInAsync(browser, factory, "admin@example.com", "/admin/users");

            // Every row action says what it does.
            var rm = page.Locator("[data-testid=user-table] tbody tr", new() { HasText = "rm@example.com" });
            await Assertions.Expect(rm.Locator("[data-testid=change-role]")).ToHaveTextAsync("Role");
            await Assertions.Expect(rm.Locator("[data-testid=reset-password]")).ToHaveTextAsync("Reset link");
            await Assertions.Expect(rm.Locator("[data-testid=toggle-disabled]")).ToHaveTextAsync("Disable");

            await page.ClickAsync("[data-testid=invite-user]");
            var dialog = page.Locator(".mud-dialog");
            var email = dialog.Locator("input[data-testid=invite-email]");
            await email.FillAsync("bob at example");
            await page.ClickAsync("[data-testid=invite-submit]");
            await Assertions.Expect(dialog.Locator(".mud-input-helper-text.mud-input-error")).ToHaveTextAsync("Enter a valid email address.");
            await Assertions.Expect(dialog.Locator("[data-testid=user-problems]")).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("50-invite-error-on-field") });
            await email.FillAsync("bob@example.com");
            await Assertions.Expect(dialog.Locator(".mud-input-error")).ToHaveCountAsync(0);
            await page.ClickAsync("[data-testid=invite-submit]");
            var link = await dialog.Locator("[data-testid=secret-value]").TextContentAsync();
            await page.ClickAsync("[data-testid=secret-done]");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("51-users-labelled-actions") });

            // The invitee: a fresh browser.
            var invitee = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
            await invitee.GotoAsync(link!);
            await Assertions.Expect(invitee.Locator("[data-testid=set-password-account]")).ToContainTextAsync("bob@example.com");
            await invitee.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("52-set-password-names-account-phone") });
            await invitee.FillAsync("#password", PortalFactory.Password);
            await invitee.FillAsync("#confirm", PortalFactory.Password);
            await invitee.ClickAsync("[data-testid=set-password-submit]");
            await Assertions.Expect(invitee.Locator("#email")).ToHaveValueAsync("bob@example.com");
            await invitee.FillAsync("#password", PortalFactory.Password);
            await invitee.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("53-sign-in-prefilled-phone") });
            await invitee.ClickAsync("[data-testid=login-submit]");
            await Chromium.WaitInteractiveAsync(invitee);
            await Assertions.Expect(invitee.Locator("[data-testid=welcome]")).ToContainTextAsync("bob@example.com");
        }
    }
}
