using Microsoft.Playwright;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Browser;

/// <summary>A Relationship Manager mapping a realistic customer's 22-field IDS in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public class MappingEditorBrowserTests
{
    private const int Height = 900;

    [Fact]
    public async Task MappingEditor_ManagerDragsPathOntoNewBottomField_PreviewShowsValueWithoutScrollingBack()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var scenario = await RealisticCustomer.CreateAsync();
        using (playwright)
        await using (browser)
        {
            var page = await Chromium.OpenSignedInAsync(browser, scenario.Factory, RealisticCustomer.ManagerEmail, $"/customers/{scenario.CustomerId}/configuration");

            // Field 23, at the bottom of the IDS.
            await RealisticCustomer.AddIdsFieldAsync(page, "customer_segment");
            await Assertions.Expect(page.Locator("[data-testid=unsaved-changes]")).ToBeVisibleAsync();
            await page.Locator(".mud-tab", new PageLocatorOptions { HasText = "Mapping" }).ClickAsync();
            var row = page.Locator("[data-testid=mapping-row][data-field=customer_segment]");
            await Assertions.Expect(row.Locator("input[data-testid=mapping-path]")).ToHaveAttributeAsync("placeholder", "not mapped");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("20-mapping-22-fields") });

            // Once the page header has scrolled away, 20 fields fit in one screen beside the paths and the preview.
            await page.EvaluateAsync("() => window.scrollTo(0, document.querySelector('[data-testid=mapping-rows]').getBoundingClientRect().top + window.scrollY - 64)");
            var fullyVisible = await page.EvaluateAsync<int>(
                "() => [...document.querySelectorAll('[data-testid=mapping-row]')].filter(r => { const b = r.getBoundingClientRect(); return b.top >= 64 && b.bottom <= innerHeight; }).length");
            Assert.True(fullyVisible >= 20, $"{fullyVisible} rows fit in one screen.");
            Assert.True(await InViewportAsync(page.Locator("[data-testid=path-tree]")), "The path tree stays in view.");
            Assert.True(await InViewportAsync(page.Locator("[data-testid=preview-outcome]")), "The preview stays in view.");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("20-mapping-20-rows-in-one-screen") });
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
            Assert.False(await InViewportAsync(row), "The new field starts below the fold.");

            // Drag traits.segment from the tree; near the bottom edge the page scrolls until the row is there.
            await page.FillAsync("input[data-testid=path-filter]", "traits.segment");
            var source = page.Locator("[data-testid=path-item][data-path='traits.segment'] .path-name");
            await source.WaitForAsync();
            var from = (await source.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(from.X + 5, from.Y + (from.Height / 2));
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(from.X + 15, from.Y + (from.Height / 2), new MouseMoveOptions { Steps = 3 });
            await page.Mouse.MoveAsync(700, Height - 20, new MouseMoveOptions { Steps = 10 });
            // Like a person, hold the pointer at the edge until the row is clear of it.
            for (var i = 0; i < 300 && !await InViewportAsync(row, margin: 120); i++)
            {
                await page.Mouse.MoveAsync(700 + (i % 2), Height - 20);
            }

            Assert.True(await InViewportAsync(row), "Dragging at the bottom edge scrolls the row into view.");
            Assert.True(await InViewportAsync(source), "The tree stays in view while the table scrolls.");
            // Out of the edge first (the page stops scrolling), then onto the row where it now is.
            await page.Mouse.MoveAsync(700, Height / 2);
            var to = (await row.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(to.X + 60, to.Y + (to.Height / 2), new MouseMoveOptions { Steps = 5 });
            await page.Mouse.UpAsync();
            var scrolled = await page.EvaluateAsync<double>("() => window.scrollY");

            await Assertions.Expect(row.Locator("input[data-testid=mapping-path]")).ToHaveValueAsync("traits.segment");
            await Assertions.Expect(row.Locator("[data-testid=preview-value]")).ToHaveTextAsync("frequent buyer");
            var sidePreview = page.Locator("[data-testid=preview] [data-testid=preview-field][data-field=customer_segment] [data-testid=preview-value]");
            await Assertions.Expect(sidePreview).ToHaveTextAsync("frequent buyer");
            await Assertions.Expect(page.Locator("[data-testid=path-feedback-done]")).ToHaveTextAsync("customer_segment now reads traits.segment.");
            Assert.True(await InViewportAsync(row.Locator("[data-testid=preview-value]")), "The value shows beside the field, without scrolling.");
            await Assertions.Expect(sidePreview).ToBeInViewportAsync();
            Assert.Equal(scrolled, await page.EvaluateAsync<double>("() => window.scrollY"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("21-mapping-dragged-to-bottom-field") });

            // Another path dropped on the mapped row asks first: replace, or add as a fallback.
            await page.FillAsync("input[data-testid=path-filter]", "traits.plan");
            await DragAsync(page, page.Locator("[data-testid=path-item][data-path='traits.plan'] .path-name"), row);
            var dialog = page.Locator(".mud-dialog");
            await Assertions.Expect(dialog).ToContainTextAsync("customer_segment already has a source");
            await Assertions.Expect(dialog).ToContainTextAsync("Replace traits.segment with traits.plan");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("22-mapping-replace-or-fallback") });
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Add as fallback" }).ClickAsync();
            await Assertions.Expect(row.Locator("[data-testid=mapping-fallbacks]")).ToHaveTextAsync("+1");
            await Assertions.Expect(row.Locator("input[data-testid=mapping-path]")).ToHaveValueAsync("traits.segment");

            // A typed typo does not pass silently.
            var company = page.Locator("[data-testid=mapping-row][data-field=company_name]");
            await company.Locator("input[data-testid=mapping-path]").FillAsync("traits.compnay.name");
            await company.Locator("input[data-testid=mapping-path]").PressAsync("Tab");
            await Assertions.Expect(company.Locator("[data-testid=unseen-path]")).ToContainTextAsync("not seen in the last");
            await Assertions.Expect(company.Locator("[data-testid=preview-status]")).ToContainTextAsync("no value: its path is not present");
            await company.ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("23-mapping-unseen-path") });

            // Unsaved work: leaving through the menu asks first; staying keeps everything.
            await page.ClickAsync("[data-testid=nav-customers]");
            var leave = page.Locator(".mud-dialog", new() { HasText = "Leave without saving?" });
            await Assertions.Expect(leave).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("24-mapping-leave-without-saving") });
            await leave.GetByRole(AriaRole.Button, new() { Name = "Stay on this page" }).ClickAsync();
            await Assertions.Expect(leave).ToHaveCountAsync(0);
            Assert.EndsWith("/configuration", page.Url, StringComparison.Ordinal);
            await Assertions.Expect(row.Locator("input[data-testid=mapping-path]")).ToHaveValueAsync("traits.segment");

            // A reload asks the browser's own question (beforeunload).
            var asked = new TaskCompletionSource<string>();
            page.Dialog += async (_, d) =>
            {
                asked.TrySetResult(d.Type);
                await d.DismissAsync();
            };
            _ = page.ReloadAsync(new PageReloadOptions { Timeout = 5000 }).ContinueWith(t => t.Exception, TaskScheduler.Default);
            Assert.Equal("beforeunload", await asked.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }

    private static async Task DragAsync(IPage page, ILocator source, ILocator target)
    {
        await source.WaitForAsync();
        var from = (await source.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(from.X + 5, from.Y + (from.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(from.X + 15, from.Y + (from.Height / 2), new MouseMoveOptions { Steps = 3 });
        var to = (await target.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(to.X + 60, to.Y + (to.Height / 2), new MouseMoveOptions { Steps = 10 });
        await page.Mouse.UpAsync();
    }

    private static async Task<bool> InViewportAsync(ILocator locator, int margin = 0) =>
        await locator.BoundingBoxAsync() is { } box && box.Y >= 0 && box.Y + box.Height <= Height - margin;
}
