using Microsoft.Playwright;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (never its own download). Without Chromium the browser
/// tests skip with instructions, except under CI=true where a missing browser is a failure.
/// </summary>
public static class Chromium
{
    public const string InstallHint = "Install it with 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH).";

    /// <summary>The first existing path of Infrastructure/chromium-paths.txt, which .ci/run reads too.</summary>
    public static string? ExecutablePath =>
        File.ReadLines(RepositoryRoot.Combine("SelligentPortal.Tests", "Infrastructure", "chromium-paths.txt"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line == "$CHROMIUM_PATH" ? Environment.GetEnvironmentVariable("CHROMIUM_PATH") : line)
            .FirstOrDefault(path => !string.IsNullOrEmpty(path) && File.Exists(path));

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var executable = ExecutablePath;
        if (executable is null)
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail($"Chromium is required for the browser tests under CI. {InstallHint}");
            }

            Assert.Skip($"Browser test skipped: Chromium not found. {InstallHint}");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        });
        return (playwright, browser);
    }

    /// <summary>Signs in through the static sign-in page and waits for the dashboard.</summary>
    public static async Task SignInAsync(IPage page, string baseUrl, string email)
    {
        await page.GotoAsync(baseUrl + "/Account/Login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", PortalFactory.Password);
        await page.ClickAsync("[data-testid=login-submit]");
        await page.WaitForURLAsync(baseUrl + "/");
    }

    /// <summary>A desktop-sized page (1440×900) signed in as the user, on the path, its circuit up.</summary>
    public static async Task<IPage> OpenSignedInAsync(IBrowser browser, PortalFactory factory, string email, string path)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var baseUrl = factory.ServerAddress.ToString().TrimEnd('/');
        await SignInAsync(page, baseUrl, email);
        await page.GotoAsync(baseUrl + path);
        await WaitInteractiveAsync(page);
        return page;
    }

    /// <summary>
    /// A page of the size in a theme (saved the way the theme toggle saves it), signed in as the user, on
    /// the path, its circuit up and the theme applied.
    /// </summary>
    public static async Task<IPage> OpenAsync(IBrowser browser, PortalFactory factory, string email, string path, int width, int height, string theme = "light")
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await context.AddInitScriptAsync($"localStorage.setItem('portal-theme', '{theme}');");
        var page = await context.NewPageAsync();
        var baseUrl = factory.ServerAddress.ToString().TrimEnd('/');
        await SignInAsync(page, baseUrl, email);
        await page.GotoAsync(baseUrl + path);
        await WaitInteractiveAsync(page);
        var background = theme == "dark" ? "rgb(16, 19, 31)" : "rgb(245, 246, 250)";
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.body).backgroundColor === '{background}'");
        return page;
    }

    /// <summary>Waits until the Blazor circuit is up (the layout renders a marker only when interactive).</summary>
    public static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("[data-testid=interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>Where screenshots are kept: artifacts/screenshots at the repository root.</summary>
    public static string ScreenshotPath(string name)
    {
        var folder = RepositoryRoot.Combine("artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }

    /// <summary>
    /// Clicks until the page navigates: a click that lands while the page re-renders for interactivity
    /// is lost, as it would be for a person, who would click again. A click that did land may take a
    /// while to navigate on a loaded machine, and then its target is gone: so the address is checked
    /// before every new click, and a click waits only briefly for its target.
    /// </summary>
    public static async Task ClickUntilUrlAsync(IPage page, ILocator target, System.Text.RegularExpressions.Regex url)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            if (url.IsMatch(page.Url))
            {
                return;
            }

            try
            {
                await target.ClickAsync(new LocatorClickOptions { Timeout = 5000 });
                await page.WaitForURLAsync(url, new PageWaitForURLOptions { Timeout = 3000, WaitUntil = WaitUntilState.Commit });
                return;
            }
            catch (TimeoutException)
            {
            }
        }

        await page.WaitForURLAsync(url, new PageWaitForURLOptions { Timeout = 10_000, WaitUntil = WaitUntilState.Commit });
    }
}
