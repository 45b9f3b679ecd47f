using Microsoft.Playwright;
using SelligentPortal.Core.Dashboard;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Browser;

/// <summary>The dashboard in a real browser after real ingestion, for staff and for a Customer user.</summary>
[Collection(BrowserCollection.Name)]
public class DashboardBrowserTests
{
    [Fact]
    public async Task Dashboard_AfterIngestion_ChartsCountsAndScopePerRole()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var scenario = await IngestionScenario.CreateAsync(factory: new PortalFactory().WithKestrel());
        using (playwright)
        await using (browser)
        {
            var baseUrl = scenario.Factory.ServerAddress.ToString().TrimEnd('/');
            var globex = await scenario.AddCustomerAsync("Globex");
            await SeedHistoryAsync(scenario, globex.CustomerId);
            using var http = new HttpClient { BaseAddress = scenario.Factory.ServerAddress };
            await http.PostBatchAsync(scenario.WriteKey, [.. Enumerable.Range(0, 12).Select(i => SegmentEvents.Identify($"a-{i}", $"u-{i}"))]);
            await http.PostBatchAsync(scenario.WriteKey, SegmentEvents.BadEmail("f-1", "u-1"), SegmentEvents.BadEmail("f-2", "u-2"), SegmentEvents.Identify("a-0", "u-0"));
            await scenario.Factory.CreateUserAsync("globex@example.com", PortalRoles.Customer, globex.CustomerId);
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1100 } });

            // An Admin sees every customer: the seeded history and the events just sent.
            await Chromium.SignInAsync(page, baseUrl, "admin@example.com");
            await Chromium.WaitInteractiveAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=chart-hour] svg")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=chart-day] svg")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=chart-latency] svg")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=chart-hour]")).ToContainTextAsync("Applied");
            await Assertions.Expect(page.Locator("[data-testid=failure-reason-row]").First).ToContainTextAsync("email_address");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("60-dashboard-admin"), FullPage = true });

            // One customer chosen: only its figures.
            await page.ClickAsync("[data-testid=customer-select]");
            await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = "Acme" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=hour-accepted]")).ToHaveTextAsync("15");
            await Assertions.Expect(page.Locator("[data-testid=hour-failed]")).ToHaveTextAsync("2");
            await Assertions.Expect(page.Locator("[data-testid=hour-applied]")).ToHaveTextAsync("12");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("61-dashboard-one-customer"), FullPage = true });

            // A Customer user of Globex sees Globex alone, without a selector.
            var customerPage = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
            await Chromium.SignInAsync(customerPage, baseUrl, "globex@example.com");
            await Chromium.WaitInteractiveAsync(customerPage);
            await Assertions.Expect(customerPage.Locator("[data-testid=customer-name]")).ToHaveTextAsync("Globex");
            await Assertions.Expect(customerPage.Locator("[data-testid=customer-select]")).ToHaveCountAsync(0);
            await Assertions.Expect(customerPage.Locator("[data-testid=hour-failed]")).ToHaveTextAsync("0");
            await Assertions.Expect(customerPage.Locator("[data-testid=failure-reasons]")).Not.ToContainTextAsync("email_address");
            await customerPage.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("62-dashboard-customer"), FullPage = true });
        }
    }

    /// <summary>A day of steady traffic for Globex (all applied), so the charts have a shape.</summary>
    private static async Task SeedHistoryAsync(IngestionScenario scenario, Guid customerId)
    {
        await using var db = scenario.Db();
        var now = DateTime.UtcNow;
        var minute = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc);
        for (var i = 1; i < 24 * 60; i += i < 60 ? 1 : 7)
        {
            var count = 20 + (int)(15 * Math.Sin(i / 9.0)) + (i % 5);
            db.IngestionMinuteStats.Add(new IngestionMinuteStat
            {
                CustomerId = customerId, MinuteUtc = minute.AddMinutes(-i), Accepted = count, Applied = count,
                LatencyCount = 4, LatencySumMs = 4 * (3 + (i % 4)), LatencyMaxMs = 6 + (i % 9),
            });
        }

        await db.SaveChangesAsync();
    }
}
