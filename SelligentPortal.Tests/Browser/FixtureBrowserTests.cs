using Microsoft.Playwright;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Browser;

/// <summary>
/// Regression fixtures in a real browser: an RM saves an identify from the event log as a fixture, breaks
/// first_name while adding a field, sees publishing blocked with the field-by-field diff, fixes the slip,
/// accepts the intended change on the fixture, and publishes.
/// </summary>
[Collection(BrowserCollection.Name)]
public class FixtureBrowserTests
{
    private const string FixtureName = "Dirk signs up";

    [Fact]
    public async Task Fixture_SavedFromTheEventLog_BlocksABrokenPublish_UntilFixedAndAccepted()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var scenario = await RealisticCustomer.CreateAsync();
        // id-003: Dirk Janssens, applied by version 1.
        var identify = (await scenario.EventsAsync()).Single(e => e.MessageId == "id-003");
        var configuration = $"/customers/{scenario.CustomerId}/configuration";
        using (playwright)
        await using (browser)
        {
            var page = await Chromium.OpenAsync(browser, scenario.Factory, RealisticCustomer.ManagerEmail, $"/customers/{scenario.CustomerId}/events/{identify.Id}", 1280, 800);
            await page.ClickAsync("[data-testid=save-as-fixture]");
            var save = page.Locator(".mud-dialog");
            await save.Locator("input[data-testid=fixture-name]").FillAsync(FixtureName);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("90-save-fixture-from-event-log") });
            await save.Locator("[data-testid=save-fixture-confirm]").ClickAsync();
            await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync($"Saved fixture “{FixtureName}”");

            // A wanted change (a new field) and a slip (first_name from the last name), saved.
            await page.GotoAsync(scenario.Factory.ServerAddress.ToString().TrimEnd('/') + configuration);
            await Chromium.WaitInteractiveAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=fixture-status]")).ToHaveTextAsync("Fixtures 1/1 pass");
            await RealisticCustomer.AddSegmentFieldAsync(page);
            await SetFirstNamePathAsync(page, "traits.lastName");
            await page.ClickAsync("[data-testid=save-draft]");
            await Assertions.Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Draft saved");
            await Assertions.Expect(page.Locator("[data-testid=fixture-status]")).ToHaveTextAsync("1 of 1 fixtures fail");

            await page.ClickAsync("[data-testid=publish]");
            var dialog = page.Locator(".mud-dialog");
            await Assertions.Expect(dialog.Locator("[data-testid=publish-fixtures-fail]")).ToContainTextAsync("Publishing is blocked");
            await Assertions.Expect(dialog.Locator("[data-testid=publish-failing-fixture]")).ToHaveTextAsync(FixtureName);
            await Assertions.Expect(Difference(dialog, "CUSTOMERS.first_name")).ToContainTextAsync("Janssens");
            await Assertions.Expect(dialog.Locator("[data-testid=publish-confirm]")).ToBeDisabledAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("91-publish-blocked-by-fixture") });
            await dialog.Locator("[data-testid=publish-cancel]").ClickAsync();

            // The Fixtures tab shows the same diff; on a phone in the dark theme it fits the screen.
            await TabAsync(page, "Fixtures");
            var row = page.Locator($"[data-testid=fixture-row][data-fixture='{FixtureName}']");
            await Assertions.Expect(row.Locator("[data-testid=fixture-fail]")).ToBeVisibleAsync();
            await Assertions.Expect(Difference(row, "CUSTOMERS.first_name")).ToContainTextAsync("Dirk");
            await Assertions.Expect(Difference(row, "CUSTOMERS.customer_segment")).ToContainTextAsync("occasional");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("92-fixture-diff-desktop"), FullPage = true });
            var phone = await Chromium.OpenAsync(browser, scenario.Factory, RealisticCustomer.ManagerEmail, configuration, 390, 844, "dark");
            await TabAsync(phone, "Fixtures");
            await Assertions.Expect(phone.Locator("[data-testid=fixture-fail]")).ToBeVisibleAsync();
            await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("93-fixture-diff-phone-dark"), FullPage = true });
            Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The page is wider than the phone.");

            // Fix the slip: only the intended change is left, and it is accepted as the new expectation.
            await SetFirstNamePathAsync(page, "traits.firstName");
            await TabAsync(page, "Fixtures");
            await Assertions.Expect(Difference(row, "CUSTOMERS.first_name")).ToHaveCountAsync(0);
            await Assertions.Expect(row.Locator("[data-testid=fixture-difference]")).ToHaveCountAsync(1);
            await row.Locator("[data-testid=fixture-accept]").ClickAsync();
            await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
            await Assertions.Expect(row.Locator("[data-testid=fixture-pass]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=fixture-verdict]")).ToContainTextAsync("passes");
            await page.ClickAsync("[data-testid=save-draft]");
            await Assertions.Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Draft saved");

            await page.ClickAsync("[data-testid=publish]");
            await Assertions.Expect(dialog.Locator("[data-testid=publish-fixtures-pass]")).ToContainTextAsync("regression fixture passes");
            await dialog.Locator("textarea[data-testid=publish-note]").First.FillAsync("Customer segment from traits");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("94-publish-with-fixture-passing") });
            await dialog.Locator("[data-testid=publish-confirm]").ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=latest-version]")).ToContainTextAsync("Latest version 2");
        }
    }

    private static ILocator Difference(ILocator scope, string what) =>
        scope.Locator("[data-testid=fixture-difference]", new LocatorLocatorOptions { Has = scope.Page.Locator("td.fixture-diff-what", new() { HasTextString = what }) });

    private static Task TabAsync(IPage page, string name) => page.Locator(".mud-tab", new PageLocatorOptions { HasText = name }).ClickAsync();

    private static async Task SetFirstNamePathAsync(IPage page, string path)
    {
        await TabAsync(page, "Mapping");
        var input = page.Locator("[data-testid=mapping-row][data-field=first_name] input[data-testid=mapping-path]");
        await input.FillAsync(path);
        await input.PressAsync("Tab");
    }
}
