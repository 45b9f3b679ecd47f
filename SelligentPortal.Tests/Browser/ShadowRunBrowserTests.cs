using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Browser;

/// <summary>A shadow run of a realistic customer's draft in a real browser, on traffic the test sends, at desktop and phone sizes and in the dark theme.</summary>
[Collection(BrowserCollection.Name)]
public class ShadowRunBrowserTests
{
    private const int Identifies = 12;
    private const int WithoutCompany = 4;
    private const int Orders = 6;
    private const int Views = 6;

    /// <summary>The realistic draft with three edits: loyalty tiers in lower case, a required company name, and an order id ORDERS can find.</summary>
    private static ConfigurationDocument Draft()
    {
        var live = RealisticCustomer.Document();
        var ids = live.InternalDataSource;
        var orders = live.InteractionExtensions.Single(x => x.Name == "ORDERS");
        return live with
        {
            InternalDataSource = ids with
            {
                Mapping = FieldMappings.Create(ids.Mapping.Select(m => m.Key switch
                {
                    "loyalty_tier" => KeyValuePair.Create(m.Key, m.Value with { Transforms = [TransformDefinition.Named("lowercase")] }),
                    "company_name" => KeyValuePair.Create(m.Key, m.Value with { Required = true }),
                    _ => m,
                })),
            },
            InteractionExtensions =
            [
                .. live.InteractionExtensions.Where(x => x.Name != "ORDERS"),
                orders with
                {
                    Mapping = FieldMappings.Create(orders.Mapping.Select(m => m.Key == "order_id"
                        ? KeyValuePair.Create(m.Key, FieldMapping.FromPaths("properties.order_id", "properties.checkout")) : m)),
                },
            ],
        };
    }

    private static IEnumerable<string> Traffic()
    {
        for (var i = 1; i <= Identifies; i++)
        {
            yield return JsonSerializer.Serialize(new
            {
                type = "identify", messageId = $"shadow-id-{i}", userId = $"u-{i:000}",
                traits = new
                {
                    email = $"shadow{i}@example.com", firstName = "Sam", loyalty = new { tier = i % 2 == 0 ? "gold" : "silver" },
                    company = i <= WithoutCompany ? null : new { name = "Acme Retail NV" },
                },
            });
        }

        for (var i = 1; i <= Orders; i++)
        {
            yield return JsonSerializer.Serialize(new
            {
                type = "track", messageId = $"shadow-order-{i}", userId = $"u-{i:000}", @event = "Order Completed",
                properties = new { total = 20.5 + i, currency = "eur", checkout = $"c-{900 + i}" },
            });
        }

        for (var i = 1; i <= Views; i++)
        {
            yield return JsonSerializer.Serialize(new
            {
                type = "track", messageId = $"shadow-view-{i}", userId = $"u-{i:000}", @event = "Product Viewed",
                properties = new { product_id = $"SKU-{i}" },
            });
        }
    }

    [Fact]
    public async Task ShadowRun_ShowsDifferencesOnLiveTrafficSentByTheTest()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var scenario = await RealisticCustomer.CreateAsync();
        using (playwright)
        await using (browser)
        {
            var configurations = scenario.Factory.Services.GetRequiredService<ConfigurationService>();
            Assert.True((await configurations.SaveDraftAsync(IngestionScenario.System, scenario.CustomerId, Draft(), null)).IsOk);
            var baseUrl = scenario.Factory.ServerAddress.ToString().TrimEnd('/');
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            var page = await context.NewPageAsync();
            await Chromium.SignInAsync(page, baseUrl, RealisticCustomer.ManagerEmail);
            await page.GotoAsync($"{baseUrl}/customers/{scenario.CustomerId}/configuration");
            await Chromium.WaitInteractiveAsync(page);

            // From the configuration page's toolbar to the shadow page, and a run of six hours.
            await Chromium.ClickUntilUrlAsync(page, page.Locator("[data-testid=shadow-run]"), new System.Text.RegularExpressions.Regex("/configuration/shadow$"));
            await Chromium.WaitInteractiveAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=shadow-start-what]")).ToContainTextAsync("revision 3");
            await page.Locator("input[data-testid=shadow-days], [data-testid=shadow-days] input").FillAsync("");
            await page.Locator("input[data-testid=shadow-hours], [data-testid=shadow-hours] input").FillAsync("6");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("80-shadow-run-start") });
            await page.ClickAsync("[data-testid=shadow-start-button]");
            await Assertions.Expect(page.Locator("[data-testid=shadow-state]")).ToHaveTextAsync("Running");

            using (var http = new HttpClient { BaseAddress = scenario.Factory.ServerAddress })
            {
                foreach (var batch in Traffic().Chunk(10))
                {
                    await http.PostBatchAsync(scenario.WriteKey, batch);
                }
            }

            const int total = Identifies + Orders + Views;
            await Assertions.Expect(page.Locator("[data-testid=shadow-compared]")).ToHaveTextAsync(total.ToString(CultureInfo.InvariantCulture),
                new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 });
            await Assertions.Expect(page.Locator("[data-testid=shadow-now-failing]")).ToHaveTextAsync(WithoutCompany.ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("[data-testid=shadow-now-succeeding]")).ToHaveTextAsync(Orders.ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("[data-testid=shadow-changed]")).ToHaveTextAsync((Identifies + Orders).ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("[data-testid=shadow-reason]")).ToContainTextAsync("company_name");
            await Assertions.Expect(page.Locator("[data-testid=shadow-field][data-field='CUSTOMERS.loyalty_tier'] [data-testid=shadow-field-count]"))
                .ToHaveTextAsync((Identifies - WithoutCompany).ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("[data-testid=shadow-records-created] [data-table=ORDERS]")).ToContainTextAsync(Orders.ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("[data-testid=shadow-records-gone] [data-table=CUSTOMERS]")).ToContainTextAsync(WithoutCompany.ToString(CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("[data-testid=shadow-sample]")).ToHaveCountAsync(Identifies + Orders);
            await ScreenshotAsync(page, "desktop-light");

            // A phone and the dark theme: the same run, nothing wider than the screen.
            foreach (var (width, height, theme) in new[] { (390, 844, "light"), (1280, 900, "dark"), (390, 844, "dark") })
            {
                var other = await Chromium.OpenAsync(browser, scenario.Factory, RealisticCustomer.ManagerEmail, $"/customers/{scenario.CustomerId}/configuration/shadow", width, height, theme);
                await Assertions.Expect(other.Locator("[data-testid=shadow-compared]")).ToHaveTextAsync(total.ToString(CultureInfo.InvariantCulture));
                Assert.True(await other.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
                    $"The shadow page scrolls sideways at {width} px ({theme}).");
                await ScreenshotAsync(other, $"{(width < 600 ? "phone" : "desktop")}-{theme}");
                await other.Context.CloseAsync();
            }

            await page.ClickAsync("[data-testid=shadow-stop]");
            await Assertions.Expect(page.Locator("[data-testid=shadow-state]")).ToHaveTextAsync("Ended");
            await Assertions.Expect(page.Locator("[data-testid=shadow-ended]")).ToContainTextAsync("it was stopped");
            await Assertions.Expect(page.Locator("[data-testid=shadow-start]")).ToBeVisibleAsync();
        }
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        // Colours fade in (the theme's transitions): take the picture where they end.
        await page.WaitForFunctionAsync("() => document.getAnimations().filter(a => a instanceof CSSTransition).every(a => a.playState !== 'running')");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath($"80-shadow-run-{name}-full"), FullPage = true });
        // What one screen shows, at the top and around the field table (a full phone page is too tall to read).
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath($"80-shadow-run-{name}") });
        await page.Locator("[data-testid=shadow-fields]").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath($"80-shadow-run-{name}-fields") });
    }
}
