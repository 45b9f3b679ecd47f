using Microsoft.Playwright;
using SelligentPortal.Tests.Infrastructure;
using SelligentPortal.Core.Users;

namespace SelligentPortal.Tests.Browser;

/// <summary>Four-eyes publishing in a real browser: an Admin turns it on, one RM requests, a second RM approves.</summary>
[Collection(BrowserCollection.Name)]
public class PublishRequestBrowserTests
{
    private const string Reviewer = "rm2@example.com";

    [Fact]
    public async Task PublishRequest_SecondUserApproves_VersionShowsApproverAndTrail()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var scenario = await RealisticCustomer.CreateAsync();
        await scenario.Factory.CreateUserAsync(Reviewer, PortalRoles.RelationshipManager, null, scenario.CustomerId);
        var configuration = $"/customers/{scenario.CustomerId}/configuration";
        using (playwright)
        await using (browser)
        {
            // The Admin turns four-eyes publishing on, on the customer's overview.
            var admin = await Chromium.OpenAsync(browser, scenario.Factory, "admin@example.com", $"/customers/{scenario.CustomerId}", 1280, 800);
            await admin.Locator("input[data-testid=publish-approval-toggle], [data-testid=publish-approval-toggle] input").CheckAsync();
            await Assertions.Expect(admin.Locator(".mud-snackbar")).ToContainTextAsync("need a second person's approval");
            await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("80-four-eyes-switch-desktop") });

            // The first RM changes the draft and requests a publish.
            var requester = await Chromium.OpenAsync(browser, scenario.Factory, RealisticCustomer.ManagerEmail, configuration, 1280, 800);
            await Assertions.Expect(requester.Locator("[data-testid=publish]")).ToHaveTextAsync("Request publish");
            await RealisticCustomer.AddSegmentFieldAsync(requester);
            await requester.ClickAsync("[data-testid=publish]");
            var dialog = requester.Locator(".mud-dialog");
            await Assertions.Expect(dialog.Locator("[data-testid=publish-valid]")).ToContainTextAsync("requires approval");
            await dialog.Locator("textarea[data-testid=publish-note]").First.FillAsync("Customer segment from traits");
            await Assertions.Expect(dialog.Locator("[data-testid=publish-urgent-section]")).ToHaveCountAsync(0);
            await requester.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("81-request-publish-desktop") });
            await dialog.Locator("[data-testid=publish-confirm]").ClickAsync();
            await Assertions.Expect(requester.Locator("[data-testid=request-banner]")).ToContainTextAsync("Customer segment from traits");
            await Assertions.Expect(requester.Locator("[data-testid=latest-version]")).ToContainTextAsync("Latest version 1");
            // The requester may withdraw, never approve.
            await requester.ClickAsync("[data-testid=request-review]");
            await Assertions.Expect(dialog.Locator("[data-testid=request-withdraw]")).ToBeVisibleAsync();
            await Assertions.Expect(dialog.Locator("[data-testid=request-approve]")).ToHaveCountAsync(0);
            await dialog.Locator("[data-testid=request-cancel]").ClickAsync();

            // A second RM reviews what changes against the live version and approves.
            var reviewer = await Chromium.OpenAsync(browser, scenario.Factory, Reviewer, configuration, 1280, 800);
            await reviewer.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("82-request-banner-desktop") });
            await reviewer.ClickAsync("[data-testid=request-review]");
            var review = reviewer.Locator(".mud-dialog");
            await Assertions.Expect(review.Locator("[data-testid=request-meta]")).ToContainTextAsync(RealisticCustomer.ManagerEmail);
            await Assertions.Expect(review.Locator("[data-testid=diff-row][data-field=customer_segment]")).ToHaveAttributeAsync("data-kind", "added");
            await review.Locator("textarea[data-testid=request-comment]").First.FillAsync("Segment checked against the sample events");
            await reviewer.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("83-review-request-desktop") });
            await review.Locator("[data-testid=request-approve]").ClickAsync();
            await Assertions.Expect(reviewer.Locator(".mud-snackbar")).ToContainTextAsync("Approved: published as version 2");
            await Assertions.Expect(reviewer.Locator("[data-testid=latest-version]")).ToContainTextAsync("Latest version 2");
            await Assertions.Expect(reviewer.Locator("[data-testid=request-banner]")).ToHaveCountAsync(0);
            await reviewer.Locator(".mud-tab", new PageLocatorOptions { HasText = "Versions" }).ClickAsync();
            var newest = reviewer.Locator("[data-testid=version-row]").First;
            await Assertions.Expect(newest.Locator("[data-testid=version-approved-by]")).ToHaveTextAsync($"approved by {Reviewer}");
            await Assertions.Expect(reviewer.Locator("[data-testid=request-row] [data-testid=request-status]")).ToHaveTextAsync("Approved · version 2");
            await reviewer.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("84-versions-with-approval-desktop"), FullPage = true });

            // On a phone, in the dark theme: the trail and the decided request.
            var phone = await Chromium.OpenAsync(browser, scenario.Factory, RealisticCustomer.ManagerEmail, configuration, 390, 844, "dark");
            await phone.Locator(".mud-tab", new PageLocatorOptions { HasText = "Versions" }).ClickAsync();
            await Assertions.Expect(phone.Locator("[data-testid=request-row]")).ToHaveCountAsync(1);
            await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("85-versions-with-approval-phone-dark"), FullPage = true });
            await phone.ClickAsync("[data-testid=request-open]");
            await Assertions.Expect(phone.Locator(".mud-dialog [data-testid=request-decision]")).ToContainTextAsync($"Approved by {Reviewer}");
            await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("86-approved-request-phone-dark") });
            Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The page is wider than the phone.");
        }
    }
}
