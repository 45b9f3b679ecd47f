using System.Globalization;
using Microsoft.Playwright;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Browser;

/// <summary>
/// The main pages of a realistic customer (22-field IDS, two extensions, ~300 events, some failing) at
/// 1440×900 and 390×844, screenshot for people to look at, with every text's contrast computed from the
/// rendered styles (WCAG AA) and the primary buttons' own contrast checked.
/// </summary>
public abstract class ScreensBrowserTests(string theme)
{
    private static readonly (int Width, int Height, string Name)[] Sizes = [(1440, 900, "desktop"), (390, 844, "phone")];

    [Fact]
    public async Task MainPages_BothSizes_ReadableAndNotBroken()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var scenario = await RealisticCustomer.CreateAsync();
        using (playwright)
        await using (browser)
        {
            var problems = new List<string>();
            var customer = scenario.CustomerId;
            foreach (var (width, height, size) in Sizes)
            {
                var page = await OpenAsync(browser, scenario.Factory, RealisticCustomer.ManagerEmail, width, height);
                async Task VisitAsync(string name, string path, string ready, Func<Task>? then = null)
                {
                    if (path.Length > 0)
                    {
                        await page.GotoAsync(BaseUrl(scenario.Factory) + path);
                        await Chromium.WaitInteractiveAsync(page);
                        await WaitForThemeAsync(page);
                    }

                    await page.Locator(ready).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
                    if (then is not null)
                    {
                        await then();
                    }

                    // Colours fade in (the theme's transitions): measure where they end, not on the way.
                    await page.WaitForFunctionAsync("() => document.getAnimations().filter(a => a instanceof CSSTransition).every(a => a.playState !== 'running')");
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath($"70-{name}-{size}-{theme}") });
                    problems.AddRange((await ContrastCheck.ProblemsAsync(page)).Select(p => $"{name} ({size}): {p}"));
                }

                await VisitAsync("dashboard", "/", "[data-testid=dashboard]");
                await VisitAsync("customer", $"/customers/{customer}", "[data-testid=customer-title]");
                await VisitAsync("schema", $"/customers/{customer}/configuration", "[data-testid=schema-editor]");
                Assert.True(await ContrastCheck.PrimaryButtonAsync(page) >= 4.5, $"The primary button's contrast in the {theme} theme is below 4.5:1.");
                await page.Locator(".mud-tab", new PageLocatorOptions { HasText = "Mapping" }).ClickAsync();
                await VisitAsync("mapping", "", "[data-testid=mapping-row]");
                // The Field header stays in the header row (on a phone it once sat 64 px down, over the second field).
                var headerTops = await page.EvaluateAsync<double[]>(
                    "() => ['col-field', 'col-type'].map(c => document.querySelector('.mapping-table th.' + c).getBoundingClientRect().top)");
                Assert.True(Math.Abs(headerTops[0] - headerTops[1]) < 1, string.Create(CultureInfo.InvariantCulture, $"The mapping table's Field header is {headerTops[0] - headerTops[1]} px off its row ({size})."));
                await VisitAsync("sources", $"/customers/{customer}/sources", "[data-testid=source-card]");
                await VisitAsync("records", $"/customers/{customer}/records", width > 600 ? "[data-testid=ids-key-link]" : "[data-testid=ids-card]");
                if (width < 600)
                {
                    var tall = await page.EvaluateAsync<double>("() => document.documentElement.scrollHeight");
                    Assert.True(tall < 8000, $"The records page is {tall.ToString(CultureInfo.InvariantCulture)} px tall on a phone.");
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath($"70-records-full-{size}-{theme}"), FullPage = true });
                    var name = page.Locator(".user-menu .mud-button-label");
                    Assert.True(await name.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"), "The user's name is clipped in the top bar.");
                }

                await VisitAsync("orders-empty", $"/customers/{customer}/records?tab=ORDERS", width > 600 ? "[data-testid=interaction-empty]" : "[data-testid=interaction-cards-empty]");
                await VisitAsync("record", $"/customers/{customer}/records/ids/u-002", "[data-testid=record-fields]");
                // Field, value and who wrote it fit the screen: no column cut off at the edge, values not a few letters wide.
                Assert.True(await page.Locator("[data-testid=record-fields] .mud-table-container").EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"),
                    $"The record's fields are wider than the screen ({size}).");
                await Assertions.Expect(page.Locator("[data-testid=record-fields] tr", new() { Has = page.Locator("[data-testid=field-address_street_1]") })
                    .Locator(".mud-link:visible")).ToHaveCountAsync(1);
                await VisitAsync("events", $"/customers/{customer}/events", "[data-testid=events-grid]");
                await VisitAsync("failures", $"/customers/{customer}/failures", "[data-testid=failure-group]", async () =>
                {
                    await page.Locator("[data-testid=failure-group]").First.ClickAsync();
                    await page.Locator("[data-testid=failure-event-link]").First.WaitForAsync();
                });
                await VisitAsync("audit", "/audit", "[data-testid=audit-summary]");
                await page.CloseAsync();

                var admin = await OpenAsync(browser, scenario.Factory, "admin@example.com", width, height);
                page = admin;
                await VisitAsync("users", "/admin/users", "[data-testid=user-table]");
                await admin.CloseAsync();

                var reader = await OpenAsync(browser, scenario.Factory, RealisticCustomer.CustomerEmail, width, height);
                page = reader;
                await VisitAsync("customer-configuration", $"/customers/{customer}/configuration", "[data-testid=schema-readonly]");
                await page.Locator(".mud-tab", new PageLocatorOptions { HasText = "Mapping" }).ClickAsync();
                await VisitAsync("customer-mapping", "", "[data-testid=mapping-source]");
                Assert.Equal(0, await page.Locator("[data-testid=mapping-rows] input, [data-testid=schema-editor] input").CountAsync());
                await reader.CloseAsync();
            }

            Assert.True(problems.Count == 0, $"{problems.Count} texts below WCAG AA contrast:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        }
    }

    private static string BaseUrl(PortalFactory factory) => factory.ServerAddress.ToString().TrimEnd('/');

    /// <summary>A page of the size, in this test's theme (saved the way the theme toggle saves it), signed in, circuit up.</summary>
    private async Task<IPage> OpenAsync(IBrowser browser, PortalFactory factory, string email, int width, int height)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await context.AddInitScriptAsync($"localStorage.setItem('portal-theme', '{theme}');");
        var page = await context.NewPageAsync();
        await Chromium.SignInAsync(page, BaseUrl(factory), email);
        await Chromium.WaitInteractiveAsync(page);
        await WaitForThemeAsync(page);
        return page;
    }

    /// <summary>The saved theme is applied once the circuit is up: wait for it after every page load.</summary>
    private Task WaitForThemeAsync(IPage page)
    {
        var background = theme == "dark" ? "rgb(16, 19, 31)" : "rgb(245, 246, 250)";
        return page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor === '{background}'");
    }
}

/// <summary>The main pages in the light theme.</summary>
[Collection(BrowserCollection.Name)]
public class LightScreensBrowserTests() : ScreensBrowserTests("light");

/// <summary>The main pages in the dark theme.</summary>
[Collection(BrowserCollection.Name)]
public class DarkScreensBrowserTests() : ScreensBrowserTests("dark");
