using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Browser;

/// <summary>What a Relationship Manager does with a customer's event log and failures in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public class EventsBrowserTests
{
    private const string XssTraits = "<script>window.__xss=1</script>";
    private const string XssImage = "<img src=x onerror=\"window.__xss=1\">";

    [Fact]
    public async Task Failures_RelationshipManagerFixesMappingAndReplays_FailureAppliedAndGone()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var scenario = await IngestionScenario.CreateAsync(factory: new PortalFactory().WithKestrel());
        using (playwright)
        await using (browser)
        {
            var baseUrl = scenario.Factory.ServerAddress.ToString().TrimEnd('/');
            var customerId = scenario.CustomerId;
            await scenario.Factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, customerId);
            await PostAsync(scenario, "/v1/track", new { type = "track", messageId = "anon-1", anonymousId = "visitor-1", @event = "Product Viewed" });
            await PostAsync(scenario, "/v1/track", new { type = "track", messageId = "anon-2", anonymousId = "visitor-2", @event = "Product Viewed" });
            await PostAsync(scenario, "/v1/identify", new { type = "identify", messageId = "bad-email", userId = "bob", traits = new { email = "bob at example" } });
            await PostAsync(scenario, "/v1/identify", new { type = "identify", messageId = "ann-1", userId = "ann", traits = new { email = "ann@example.com" } });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });

            await Chromium.SignInAsync(page, baseUrl, "rm@example.com");
            await page.GotoAsync($"{baseUrl}/customers/{customerId}");
            await Chromium.WaitInteractiveAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=events-card-failed]")).ToContainTextAsync("3 failed in the last 24 hours");
            await page.ClickAsync("[data-testid=open-failures]");
            await page.WaitForURLAsync($"{baseUrl}/customers/{customerId}/failures");
            await Chromium.WaitInteractiveAsync(page);

            var groups = page.Locator("[data-testid=failure-group]");
            await Assertions.Expect(groups).ToHaveCountAsync(2);
            await Assertions.Expect(groups.First.Locator("[data-testid=failure-count]")).ToHaveTextAsync("2");
            await Assertions.Expect(groups.First.Locator("[data-testid=failure-reason]")).ToContainTextAsync("customer_id");
            await Assertions.Expect(page.Locator("[data-testid=failures-total]")).ToContainTextAsync("3 failed · 2 reason(s)");

            // The fix is made and published (through the service, to keep the test short); the replay is clicked here.
            await MappingFixes.RecipientFromAnonymousIdAsync(scenario.Factory, customerId);
            // CI's PostgreSQL run twice waited 30 s for the address after this click (never alone, never on
            // SQLite): a click lost to a render is clicked again, and a screenshot shows the page if not.
            for (var attempt = 1; ; attempt++)
            {
                await groups.First.ClickAsync();
                try
                {
                    await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("reason="), new PageWaitForURLOptions { Timeout = 10_000 });
                    break;
                }
                catch (TimeoutException) when (attempt < 3)
                {
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath($"40-failures-click-{attempt}-lost"), FullPage = true });
                }
            }

            await Assertions.Expect(page.Locator("[data-testid=failure-event-link]")).ToHaveCountAsync(2);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("40-failures"), FullPage = true });
            await page.ClickAsync("[data-testid=replay-group]");

            await Assertions.Expect(page.Locator("[data-testid=replay-outcome]")).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("[data-testid=outcome-applied]")).ToHaveTextAsync("2 applied");
            await Assertions.Expect(page.Locator("[data-testid=outcome-failed]")).ToHaveTextAsync("0 failed");
            await Assertions.Expect(page.Locator("[data-testid=replay-outcome]")).ToContainTextAsync("through version 2");
            await Assertions.Expect(groups).ToHaveCountAsync(1);
            await Assertions.Expect(groups.First.Locator("[data-testid=failure-reason]")).ToContainTextAsync("email_address");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("41-failures-replayed"), FullPage = true });

            // The event log shows them applied now, with the replay time; a filter in the address narrows it.
            await page.GotoAsync($"{baseUrl}/customers/{customerId}/events");
            await Chromium.WaitInteractiveAsync(page);
            var rows = page.Locator("[data-testid=events-grid] tbody tr");
            await Assertions.Expect(rows).ToHaveCountAsync(4);
            await Assertions.Expect(page.Locator("[data-testid=event-status][data-status=failed]")).ToHaveCountAsync(1);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("42-event-log"), FullPage = true });
            await page.GotoAsync($"{baseUrl}/customers/{customerId}/events?status=failed");
            await Chromium.WaitInteractiveAsync(page);
            await Assertions.Expect(rows).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("[data-testid=export-events]")).ToHaveAttributeAsync("href", $"exports/customers/{customerId}/events.csv?status=failed");

            // A row opens the event; the track that was replayed links to the interaction it produced.
            await page.GotoAsync($"{baseUrl}/customers/{customerId}/events?type=track");
            await Chromium.WaitInteractiveAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=events-grid] [data-testid=event-status]")).ToHaveCountAsync(2);
            await Assertions.Expect(rows.First.Locator("[data-testid=event-link]"))
                .ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex($"^customers/{customerId}/events/\\d+$"));
            await Chromium.ClickUntilUrlAsync(page, rows.First.Locator("td").First, new System.Text.RegularExpressions.Regex($"/customers/{customerId}/events/\\d+$"));
            await Assertions.Expect(page.Locator("[data-testid=produced-interaction]")).ToContainTextAsync("EVENTS record anon-2");
            await Assertions.Expect(page.Locator("[data-testid=summary-version]")).ToHaveTextAsync("2");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("43-event-detail-replayed"), FullPage = true });
        }
    }

    [Fact]
    public async Task EventDetail_ScriptInPayload_ExecutesNothingAndShowsTheText()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var scenario = await IngestionScenario.CreateAsync(factory: new PortalFactory().WithKestrel());
        using (playwright)
        await using (browser)
        {
            var baseUrl = scenario.Factory.ServerAddress.ToString().TrimEnd('/');
            var customerId = scenario.CustomerId;
            await scenario.Factory.CreateUserAsync("customer@example.com", PortalRoles.Customer, customerId);
            await PostAsync(scenario, "/v1/identify", new
            {
                type = "identify", messageId = "xss-1", userId = XssTraits,
                traits = new { email = "eve@example.com", firstName = XssTraits, lastName = XssImage },
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
            var dialogs = 0;
            page.Dialog += (_, dialog) =>
            {
                dialogs++;
                _ = dialog.DismissAsync();
            };
            var eventId = (await scenario.EventsAsync()).Single().Id;

            await Chromium.SignInAsync(page, baseUrl, "customer@example.com");
            await page.GotoAsync($"{baseUrl}/customers/{customerId}/events");
            await Chromium.WaitInteractiveAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=events-grid] tbody tr")).ToHaveCountAsync(1);
            await page.GotoAsync($"{baseUrl}/customers/{customerId}/events/{eventId}");
            await Chromium.WaitInteractiveAsync(page);

            var payload = page.Locator("[data-testid=event-payload]");
            await Assertions.Expect(payload).ToContainTextAsync($"\"firstName\": \"{XssTraits}\"");
            await Assertions.Expect(payload).ToContainTextAsync("<img src=x onerror=\\\"window.__xss=1\\\">");
            await Assertions.Expect(page.Locator("[data-testid=summary-user-id]")).ToHaveTextAsync(XssTraits);
            await Assertions.Expect(page.Locator("[data-testid=replay-event]")).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("44-event-detail-script-payload"), FullPage = true });

            Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__xss"));
            Assert.Equal(0, await page.Locator("main img, main script").CountAsync());
            Assert.Equal(0, dialogs);
        }
    }

    /// <summary>Posts to the real loopback server (the factory's in-memory client does not reach a Kestrel host).</summary>
    private static async Task PostAsync(IngestionScenario scenario, string path, object body)
    {
        using var http = new HttpClient { BaseAddress = scenario.Factory.ServerAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(scenario.WriteKey + ":")));
        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
