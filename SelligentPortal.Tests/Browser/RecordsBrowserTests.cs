using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Browser;

/// <summary>A Customer user watching their records arrive live, drilling into one, in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public class RecordsBrowserTests
{
    [Fact]
    public async Task Records_CustomerWithLiveMode_SeesNewRecordWithoutReloadAndItsLineage()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var scenario = await IngestionScenario.CreateAsync(factory: new PortalFactory().WithKestrel());
        using (playwright)
        await using (browser)
        {
            var factory = scenario.Factory;
            await factory.CreateUserAsync("customer@example.com", PortalRoles.Customer, scenario.CustomerId);
            var baseUrl = factory.ServerAddress.ToString().TrimEnd('/');
            using var http = new HttpClient { BaseAddress = factory.ServerAddress };
            async Task SendAsync(string path, object body)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path)
                {
                    Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(scenario.WriteKey + ":")));
                var response = await http.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            }

            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
            await Chromium.SignInAsync(page, baseUrl, "customer@example.com");

            // From "My account" to the records page, live mode on.
            await Chromium.WaitInteractiveAsync(page);
            await Chromium.ClickUntilUrlAsync(page, page.Locator("[data-testid=nav-my-customer]"), new System.Text.RegularExpressions.Regex($"/customers/{scenario.CustomerId}$"));
            await Chromium.WaitInteractiveAsync(page);
            await Chromium.ClickUntilUrlAsync(page, page.Locator("[data-testid=open-records]"), new System.Text.RegularExpressions.Regex($"/customers/{scenario.CustomerId}/records$"));
            await Chromium.WaitInteractiveAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=ids-empty]")).ToBeVisibleAsync();
            await page.GetByText("Live mode", new() { Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=live-on]")).ToBeVisibleAsync();
            Assert.EndsWith("live=true", page.Url, StringComparison.Ordinal);
            await page.EvaluateAsync("() => { window.__sameDocument = true; }");

            // An identify arrives: the record appears at the top, without reloading the page.
            await SendAsync("/v1/identify", new
            {
                type = "identify", messageId = "live-1", userId = "live-user-1",
                traits = new { email = "live.user@example.com", firstName = "Lina", lastName = "Live", address = new { city = "Ghent", country = "BE" } },
            });
            var keyLinks = page.Locator("[data-testid=ids-key-link]");
            await Assertions.Expect(keyLinks.First).ToHaveTextAsync("live-user-1", new() { Timeout = 10_000 });
            Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("30-records-live-new-record"), FullPage = true });

            // Script payloads in field values are text, and run nowhere.
            await SendAsync("/v1/identify", new
            {
                type = "identify", messageId = "xss-1", userId = "xss-user",
                traits = new { email = "xss@example.com", firstName = "<script>window.__xss=1</script>", lastName = "<img src=x onerror=\"window.__xss=1\">" },
            });
            await Assertions.Expect(keyLinks.First).ToHaveTextAsync("xss-user", new() { Timeout = 10_000 });
            var cells = page.Locator("[data-testid=ids-cell]");
            await Assertions.Expect(cells.Filter(new() { HasText = "<script>window.__xss=1</script>" })).ToHaveCountAsync(1);
            await Assertions.Expect(cells.Filter(new() { HasText = "<img src=x onerror=\"window.__xss=1\">" })).ToHaveCountAsync(1);
            Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined && window.__sameDocument === true"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("31-records-script-values-as-text"), FullPage = true });

            // A filter goes into the address, so the view can be shared.
            await page.Locator("input[data-testid=ids-search]").FillAsync("live.");
            await page.Locator("input[data-testid=ids-search]").PressAsync("Enter");
            await Assertions.Expect(keyLinks).ToHaveCountAsync(1);
            await Assertions.Expect(keyLinks.First).ToHaveTextAsync("live-user-1");
            await page.WaitForURLAsync(url => url.Contains("search=live.", StringComparison.Ordinal));
            Assert.Contains("search=live.", await page.Locator("a[data-testid=ids-export]").GetAttributeAsync("href"), StringComparison.Ordinal);

            // The record's detail: fields, version, and the identify that produced it.
            await keyLinks.First.ClickAsync();
            await page.WaitForURLAsync($"{baseUrl}/customers/{scenario.CustomerId}/records/ids/live-user-1");
            await Assertions.Expect(page.Locator("[data-testid=record-title]")).ToHaveTextAsync("live-user-1");
            await Assertions.Expect(page.Locator("[data-testid=field-email_address]")).ToHaveTextAsync("live.user@example.com");
            await Assertions.Expect(page.Locator("[data-testid=record-version]")).ToContainTextAsync("version 1");
            var lineage = page.Locator("[data-testid=event-line]");
            await Assertions.Expect(lineage).ToHaveCountAsync(1);
            await Assertions.Expect(lineage.First).ToContainTextAsync("live-1");
            var eventId = (await scenario.EventsAsync()).Single(e => e.MessageId == "live-1").Id;
            Assert.Equal($"customers/{scenario.CustomerId}/events/{eventId}", await lineage.First.Locator("[data-testid=event-link]").GetAttributeAsync("href"));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("32-records-ids-detail-lineage"), FullPage = true });

            // The script record's detail page runs no script either.
            await page.GotoAsync($"{baseUrl}/customers/{scenario.CustomerId}/records/ids/xss-user");
            await Chromium.WaitInteractiveAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=field-first_name]")).ToHaveTextAsync("<script>window.__xss=1</script>");
            Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"));

            // A track of someone not identified yet: the interaction grid says so.
            await SendAsync("/v1/track", new { type = "track", messageId = "track-1", userId = "ghost", @event = "Order Completed", properties = new { plan = "pro" } });
            await page.GotoAsync($"{baseUrl}/customers/{scenario.CustomerId}/records?tab=EVENTS");
            await Chromium.WaitInteractiveAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=recipient-unidentified]")).ToHaveCountAsync(1);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("33-records-interactions"), FullPage = true });
            await page.Locator("[data-testid=interaction-link]").First.ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=record-recipient]")).ToContainTextAsync("Recipient not yet identified");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("34-records-interaction-detail"), FullPage = true });
        }
    }
}
