using Microsoft.Playwright;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Browser;

/// <summary>What a newcomer does in a real browser: first-run setup, the dashboard, a first customer.</summary>
[Collection(BrowserCollection.Name)]
public class FirstRunBrowserTests
{
    [Fact]
    public async Task FirstRun_SetupThenCreateCustomer_ShowsDashboardAndSnackbar()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var factory = new PortalFactory().WithKestrel();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
            var baseUrl = factory.ServerAddress.ToString().TrimEnd('/');

            await page.GotoAsync(baseUrl + "/");
            Assert.EndsWith("/setup", page.Url);
            await page.FillAsync("#displayName", "Ada Admin");
            await page.FillAsync("#email", "ada@example.com");
            await page.FillAsync("#password", PortalFactory.Password);
            await page.FillAsync("#confirm", PortalFactory.Password);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("01-setup") });
            await page.ClickAsync("[data-testid=setup-submit]");

            await page.WaitForURLAsync(baseUrl + "/");
            await Chromium.WaitInteractiveAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=welcome]")).ToContainTextAsync("Ada Admin (Admin)");
            await Assertions.Expect(page.Locator(".mud-appbar")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=nav-users]")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("02-dashboard") });

            await page.ClickAsync("[data-testid=nav-customers]");
            await Chromium.WaitInteractiveAsync(page);
            await page.ClickAsync("[data-testid=create-customer]");
            var dialog = page.Locator(".mud-dialog");
            await Assertions.Expect(dialog).ToBeVisibleAsync();
            await dialog.Locator("input").FillAsync("Acme Retail");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("03-new-customer-dialog") });
            await page.ClickAsync("[data-testid=name-submit]");

            await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Customer 'Acme Retail' created.");
            await Assertions.Expect(page.Locator("[data-testid=customer-link]")).ToHaveTextAsync("Acme Retail");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("04-customers") });

            const string backgroundScript = "() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background')";
            var lightBackground = await page.EvaluateAsync<string>(backgroundScript);
            await page.ClickAsync("[data-testid=theme-toggle]");
            await page.WaitForFunctionAsync($"(light) => ({backgroundScript})() !== light", lightBackground);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("05-customers-dark") });

            await page.ClickAsync("[data-testid=customer-link]");
            await Assertions.Expect(page.Locator("[data-testid=customer-title]")).ToHaveTextAsync("Acme Retail");
            await Assertions.Expect(page.Locator("[data-testid=activity-last-event]")).ToContainTextAsync("None yet");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("06-customer-overview-dark") });

            await page.ClickAsync(".user-menu button");
            await page.ClickAsync("[data-testid=sign-out]");
            await page.WaitForURLAsync(baseUrl + "/Account/Login");
        }
    }
}
