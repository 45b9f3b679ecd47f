using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Browser;

/// <summary>An Admin suspends and reactivates a customer on its page; a Relationship Manager cannot.</summary>
[Collection(BrowserCollection.Name)]
public class CustomerStatusBrowserTests
{
    [Fact]
    public Task Admin_SuspendsAfterConfirming_ThenReactivates() =>
        OnCustomerPageAsync(PortalRoles.Admin, async (page, factory, customerId) =>
        {
            await Assertions.Expect(page.Locator("[data-testid=customer-status]")).ToHaveTextAsync("Active");
            await Assertions.Expect(page.Locator("[data-testid=customer-suspended]")).ToHaveCountAsync(0);

            // Cancelling the confirmation changes nothing.
            await page.ClickAsync("[data-testid=customer-status-toggle]");
            var dialog = page.Locator(".mud-dialog");
            await Assertions.Expect(dialog).ToContainTextAsync("refused (403)");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=customer-status]")).ToHaveTextAsync("Active");
            Assert.Equal(CustomerStatus.Active, await StatusAsync(factory, customerId));

            await page.ClickAsync("[data-testid=customer-status-toggle]");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=customer-status]")).ToHaveTextAsync("Suspended");
            await Assertions.Expect(page.Locator("[data-testid=customer-suspended]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=customer-status-toggle]")).ToHaveTextAsync("Reactivate");
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("26-customer-suspended") });
            Assert.Equal(CustomerStatus.Suspended, await StatusAsync(factory, customerId));

            await page.ClickAsync("[data-testid=customer-status-toggle]");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Reactivate" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=customer-status]")).ToHaveTextAsync("Active");
            await Assertions.Expect(page.Locator("[data-testid=customer-suspended]")).ToHaveCountAsync(0);
            Assert.Equal(CustomerStatus.Active, await StatusAsync(factory, customerId));
        });

    [Fact]
    public Task RelationshipManager_SeesTheStatusWithoutTheToggle() =>
        OnCustomerPageAsync(PortalRoles.RelationshipManager, async (page, _, _) =>
        {
            await Assertions.Expect(page.Locator("[data-testid=customer-status]")).ToHaveTextAsync("Active");
            await Assertions.Expect(page.Locator("[data-testid=customer-status-toggle]")).ToHaveCountAsync(0);
        });

    /// <summary>Signs in a user of the role (an RM assigned to the customer) and opens the customer's page.</summary>
    private static async Task OnCustomerPageAsync(string role, Func<IPage, PortalFactory, Guid, Task> test)
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var factory = new PortalFactory().WithKestrel();
        using (playwright)
        await using (browser)
        {
            await factory.CreateAdminAsync();
            var customer = await factory.CreateCustomerAsync("Acme Retail");
            var email = "admin@example.com";
            if (role != PortalRoles.Admin)
            {
                email = "rm@example.com";
                await factory.CreateUserAsync(email, role, null, customer.Id);
            }

            var page = await Chromium.OpenSignedInAsync(browser, factory, email, $"/customers/{customer.Id}");
            await test(page, factory, customer.Id);
        }
    }

    private static async Task<CustomerStatus> StatusAsync(PortalFactory factory, Guid customerId)
    {
        await using var db = factory.Services.GetRequiredService<PortalDbFactory>().CreateUnrestricted();
        return (await db.Customers.SingleAsync(c => c.Id == customerId)).Status;
    }
}
