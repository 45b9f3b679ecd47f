using Microsoft.Playwright;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Browser;

/// <summary>Mapping a field by dragging a path from the tree onto its row, with a real mouse in Chromium.</summary>
[Collection(BrowserCollection.Name)]
public class MappingDragBrowserTests
{
    [Fact]
    public async Task DragPathOntoMappedRow_ReplacesTheSourceOnceConfirmedAndThePreviewFollows()
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
            await page.GotoAsync($"{baseUrl}/customers/{customer.Id}/configuration");
            await Chromium.WaitInteractiveAsync(page);
            await page.Locator(".mud-tab", new PageLocatorOptions { HasText = "Mapping" }).ClickAsync();
            await page.FillAsync("input[data-testid=path-filter]", "traits.plan");
            var source = page.Locator("[data-testid=path-item][data-path='traits.plan'] .path-name");
            var row = page.Locator("[data-testid=mapping-row][data-field=first_name]");
            await source.WaitForAsync();
            await row.WaitForAsync();
            await Assertions.Expect(row.Locator("input[data-testid=mapping-path]")).ToHaveValueAsync("traits.firstName");

            // A person's drag: press, move a little to start it, travel to the row, release.
            var from = (await source.BoundingBoxAsync())!;
            var to = (await row.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(from.X + 5, from.Y + (from.Height / 2));
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(from.X + 15, from.Y + (from.Height / 2), new MouseMoveOptions { Steps = 5 });
            await page.Mouse.MoveAsync(to.X + 40, to.Y + (to.Height / 2), new MouseMoveOptions { Steps = 20 });
            await page.Mouse.UpAsync();
            await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Replace" }).ClickAsync();

            await Assertions.Expect(row.Locator("input[data-testid=mapping-path]").First).ToHaveValueAsync("traits.plan");
            await Assertions.Expect(row.Locator("[data-testid=preview-value]")).ToHaveTextAsync("premium");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("16-configuration-dragged-path") });
        }
    }
}
