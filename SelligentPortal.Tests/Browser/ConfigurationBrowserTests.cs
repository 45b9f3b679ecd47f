using Microsoft.Playwright;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Browser;

/// <summary>What a Relationship Manager does on a customer's configuration page in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public class ConfigurationBrowserTests
{
    [Fact]
    public async Task Configuration_RelationshipManagerAddsMapsPreviewsAndPublishes_NewVersion()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var factory = new PortalFactory().WithKestrel();
        using (playwright)
        await using (browser)
        {
            await factory.CreateAdminAsync();
            var customer = await factory.CreateCustomerAsync("Acme Retail");
            await factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, customer.Id);
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
            var baseUrl = factory.ServerAddress.ToString().TrimEnd('/');

            await Chromium.SignInAsync(page, baseUrl, "rm@example.com");

            await page.GotoAsync($"{baseUrl}/customers/{customer.Id}");
            await Chromium.WaitInteractiveAsync(page);
            await page.ClickAsync("[data-testid=open-configuration]");
            await page.WaitForURLAsync($"{baseUrl}/customers/{customer.Id}/configuration");
            await Chromium.WaitInteractiveAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=draft-revision]")).ToContainTextAsync("Draft revision 1");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("10-configuration-schema"), FullPage = true });

            // Schema: add a field to the IDS and name it.
            var ids = page.Locator("[data-testid=table-ids]");
            await ids.Locator("[data-testid=add-field]").ClickAsync();
            var newName = ids.Locator("[data-testid=field-row]").Last.Locator("input[data-testid=field-name]");
            await Assertions.Expect(newName).ToHaveValueAsync("new_field");
            await newName.FillAsync("9plan");
            await Assertions.Expect(ids.Locator("[data-testid=field-row]").Last).ToContainTextAsync("is not valid");
            await Assertions.Expect(page.Locator("[data-testid=save-draft]")).ToBeDisabledAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("11-configuration-invalid-name"), FullPage = true });
            await newName.FillAsync("plan_tier");
            await Assertions.Expect(page.Locator("[data-testid=problem-summary]")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("[data-testid=unsaved-changes]")).ToBeVisibleAsync();

            // Mapping: select the new row, find traits.plan in the path tree and use it for that row.
            await page.Locator(".mud-tab", new PageLocatorOptions { HasText = "Mapping" }).ClickAsync();
            var row = page.Locator("[data-testid=mapping-row][data-field=plan_tier]");
            await Assertions.Expect(row.Locator("input[data-testid=mapping-path]")).ToHaveAttributeAsync("placeholder", "not mapped");
            await Assertions.Expect(page.Locator("[data-testid=preview-outcome]")).ToHaveTextAsync("mapped");
            await Assertions.Expect(page.Locator("[data-testid=preview-field][data-field=plan_tier]")).ToContainTextAsync("not mapped");
            await row.ClickAsync(new LocatorClickOptions { Position = new Position { X = 10, Y = 10 } });
            await Assertions.Expect(page.Locator("[data-testid=selected-field]")).ToContainTextAsync("plan_tier");
            await page.FillAsync("input[data-testid=path-filter]", "traits.plan");
            await page.Locator("[data-testid=path-item][data-path='traits.plan'] [data-testid=use-path]").ClickAsync();
            await Assertions.Expect(row.Locator("input[data-testid=mapping-path]").First).ToHaveValueAsync("traits.plan");
            await Assertions.Expect(page.Locator("[data-testid=preview-field][data-field=plan_tier] [data-testid=preview-value]")).ToHaveTextAsync("premium");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("12-configuration-mapping") });

            // Another path for the same row replaces the first, once confirmed: the preview follows.
            await page.FillAsync("input[data-testid=path-filter]", "traits.name");
            await page.Locator("[data-testid=path-item][data-path='traits.name'] [data-testid=use-path]").ClickAsync();
            await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Replace" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=preview-field][data-field=plan_tier] [data-testid=preview-value]")).ToHaveTextAsync("Peter Gibbons");

            // Save, publish with a note.
            await page.ClickAsync("[data-testid=save-draft]");
            await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Draft saved (revision 2).");
            await page.ClickAsync("[data-testid=publish]");
            var dialog = page.Locator(".mud-dialog");
            await Assertions.Expect(dialog.Locator("[data-testid=publish-valid]")).ToBeVisibleAsync();
            await dialog.Locator("textarea[data-testid=publish-note]").First.FillAsync("Plan tier from traits");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("13-configuration-publish") });
            await page.ClickAsync("[data-testid=publish-confirm]");
            await Assertions.Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Published version 1.");
            await Assertions.Expect(page.Locator("[data-testid=latest-version]")).ToContainTextAsync("Latest version 1");

            await page.Locator(".mud-tab", new PageLocatorOptions { HasText = "Versions" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=version-row]")).ToContainTextAsync("Plan tier from traits");

            const string backgroundScript = "() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background')";
            var lightBackground = await page.EvaluateAsync<string>(backgroundScript);
            await page.ClickAsync("[data-testid=theme-toggle]");
            await page.WaitForFunctionAsync($"(light) => ({backgroundScript})() !== light", lightBackground);
            await page.Locator(".mud-tab", new PageLocatorOptions { HasText = "Mapping" }).ClickAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("14-configuration-mapping-dark") });

            await page.ClickAsync("[data-testid=dry-run]");
            await page.ClickAsync("[data-testid=dry-run-start]");
            await Assertions.Expect(page.Locator("[data-testid=dry-run-summary]")).ToContainTextAsync("0 events");
            await Assertions.Expect(page.Locator("[data-testid=dry-run-dialog]")).ToContainTextAsync("No stored events yet");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("15-configuration-dry-run-dark") });
        }
    }

}
