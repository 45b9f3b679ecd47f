using Microsoft.Playwright;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Browser;

/// <summary>Publishing, comparing and restoring versions of a realistic customer's configuration in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public class PublishBrowserTests
{
    [Fact]
    public async Task Publish_ShowsWhatChangesIgnoresUnsavedProblems_ThenCompareAndRestoreIntoDraft()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var scenario = await RealisticCustomer.CreateAsync();
        using (playwright)
        await using (browser)
        {
            var page = await Chromium.OpenSignedInAsync(browser, scenario.Factory, RealisticCustomer.ManagerEmail, $"/customers/{scenario.CustomerId}/configuration");
            // A dry run over the stored events: its example messageIds open those events.
            await page.ClickAsync("[data-testid=dry-run]");
            await page.ClickAsync("[data-testid=dry-run-start]");
            var example = page.Locator("[data-testid=dry-run-example]").First;
            await Assertions.Expect(example).ToHaveAttributeAsync("href",
                new System.Text.RegularExpressions.Regex($"^customers/{scenario.CustomerId}/events\\?messageId=(id|tr)-"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("28-dry-run-examples-link-to-events") });
            await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();

            var fields = page.Locator("[data-testid=table-ids] [data-testid=field-row]");
            await RealisticCustomer.AddSegmentFieldAsync(page);
            await page.ClickAsync("[data-testid=save-draft]");
            await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Draft saved (revision 3).");

            // An edit that does not validate, left unsaved: it does not go out, and does not stop the saved draft.
            await page.Locator(".mud-tab", new PageLocatorOptions { HasText = "Schema" }).ClickAsync();
            await fields.Nth(2).Locator("input[data-testid=field-name]").FillAsync("9first");
            await Assertions.Expect(page.Locator("[data-testid=problem-summary]")).ToContainTextAsync("CUSTOMERS, field 3 (9first), name");
            await page.ClickAsync("[data-testid=publish]");
            var dialog = page.Locator(".mud-dialog");
            await Assertions.Expect(dialog.Locator("[data-testid=publish-unsaved]")).ToContainTextAsync("1 problem and are not included");
            await Assertions.Expect(dialog.Locator("[data-testid=diff-table][data-table=CUSTOMERS] [data-testid=diff-summary]")).ToHaveTextAsync("1 field added (customer_segment)");
            await Assertions.Expect(dialog.Locator("[data-testid=diff-row][data-field=customer_segment] [data-testid=diff-after]")).ToContainTextAsync("traits.segment");
            await Assertions.Expect(dialog.Locator("[data-testid=publish-confirm]")).ToBeEnabledAsync();
            await dialog.Locator("textarea[data-testid=publish-note]").First.FillAsync("Customer segment from traits");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("25-publish-what-changes") });
            await page.ClickAsync("[data-testid=publish-confirm]");
            await Assertions.Expect(page.Locator("[data-testid=latest-version]")).ToContainTextAsync("Latest version 2");
            await Assertions.Expect(page.Locator("[data-testid=unsaved-changes]")).ToBeVisibleAsync();

            // Versions: side by side per table and field.
            await page.Locator(".mud-tab", new PageLocatorOptions { HasText = "Versions" }).ClickAsync();
            await page.ClickAsync("[data-testid=compare]");
            var diff = page.Locator("[data-testid=diff-table][data-table=CUSTOMERS]");
            await Assertions.Expect(diff.Locator("[data-testid=diff-row][data-field=customer_segment]")).ToHaveAttributeAsync("data-kind", "added");
            await Assertions.Expect(diff.Locator("th").Nth(1)).ToHaveTextAsync("Version 1");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("26-versions-side-by-side"), FullPage = true });

            // Restore version 1 into the draft: nothing is published until someone publishes it.
            await page.Locator("[data-testid=version-row]", new() { HasText = "22 fields, EVENTS and ORDERS" }).Locator("[data-testid=restore]").ClickAsync();
            await Assertions.Expect(dialog).ToContainTextAsync("Your unsaved edits on this page are lost.");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Restore into draft" }).ClickAsync();
            await Assertions.Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("now holds the restored version");
            await Assertions.Expect(page.Locator("[data-testid=latest-version]")).ToContainTextAsync("Latest version 2");
            await Assertions.Expect(page.Locator("[data-testid=unpublished-changes]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=version-row]")).ToHaveCountAsync(2);
            await page.Locator(".mud-tab", new PageLocatorOptions { HasText = "Schema" }).ClickAsync();
            await Assertions.Expect(fields).ToHaveCountAsync(22);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("27-restored-into-draft") });
        }
    }
}
