using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Browser;

/// <summary>What a Relationship Manager does on a customer's sources page in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public class SourcesBrowserTests
{
    [Fact]
    public async Task Sources_RelationshipManagerCreatesSourceAndKey_KeyAcceptsAnIdentify()
    {
        var (playwright, browser) = await Chromium.LaunchAsync();
        await using var factory = new PortalFactory().WithKestrel();
        using (playwright)
        await using (browser)
        {
            await factory.CreateAdminAsync();
            var customer = await factory.CreateCustomerAsync("Acme Retail");
            var rm = await factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, customer.Id);
            var caller = await factory.CallerOfAsync(rm);
            var published = await factory.WithScopeAsync(services => services.GetRequiredService<ConfigurationService>().PublishAsync(caller, customer.Id, "seed"));
            Assert.True(published.IsOk);
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
            var baseUrl = factory.ServerAddress.ToString().TrimEnd('/');

            await Chromium.SignInAsync(page, baseUrl, "rm@example.com");

            await page.GotoAsync($"{baseUrl}/customers/{customer.Id}");
            await Chromium.WaitInteractiveAsync(page);
            await page.ClickAsync("[data-testid=open-sources]");
            await page.WaitForURLAsync($"{baseUrl}/customers/{customer.Id}/sources");
            await Chromium.WaitInteractiveAsync(page);
            await Assertions.Expect(page.Locator("[data-testid=no-sources]")).ToBeVisibleAsync();

            // A new source.
            await page.ClickAsync("[data-testid=new-source]");
            await page.Locator("input[data-testid=name-input]").FillAsync("Segment production");
            await page.ClickAsync("[data-testid=name-submit]");
            var card = page.Locator("[data-testid=source-card][data-source='Segment production']");
            await Assertions.Expect(card).ToBeVisibleAsync();
            await Assertions.Expect(card.Locator("[data-testid=no-keys]")).ToBeVisibleAsync();

            // A key, shown once with the setup snippet.
            await card.Locator("[data-testid=generate-key]").ClickAsync();
            var dialog = page.Locator(".mud-dialog");
            var secret = dialog.Locator("[data-testid=secret-value]");
            await Assertions.Expect(secret).ToContainTextAsync("spk_");
            var key = (await secret.TextContentAsync())!.Trim();
            await Assertions.Expect(dialog.Locator("[data-testid=setup-batch-url]")).ToHaveTextAsync(baseUrl + "/v1/batch");
            await Assertions.Expect(dialog.Locator("[data-testid=setup-node]")).ToContainTextAsync($"writeKey: '{key}'");
            await SettledAsync(dialog);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("20-sources-new-key") });

            // A message shown while the dialog is open (here: copying the key) leaves its Done button clear.
            await dialog.Locator("[data-testid=secret-copy]").ClickAsync();
            var message = page.Locator(".mud-snackbar").Last;
            await Assertions.Expect(message).ToBeVisibleAsync();
            var done = (await dialog.Locator("[data-testid=secret-done]").BoundingBoxAsync())!;
            var shown = (await message.BoundingBoxAsync())!;
            Assert.False(
                shown.X < done.X + done.Width && done.X < shown.X + shown.Width && shown.Y < done.Y + done.Height && done.Y < shown.Y + shown.Height,
                $"The message at ({shown.X}, {shown.Y}, {shown.Width}x{shown.Height}) covers the Done button at ({done.X}, {done.Y}).");
            await dialog.Locator("[data-testid=secret-done]").ClickAsync();
            await Assertions.Expect(card.Locator("[data-testid=key-row]")).ToHaveCountAsync(1);
            await Assertions.Expect(card.Locator("[data-testid=key-prefix]")).ToHaveTextAsync(key[..12] + "…");

            // The key works against the ingestion endpoint.
            using var http = new HttpClient { BaseAddress = factory.ServerAddress };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/identify")
            {
                Content = new StringContent(SegmentSamples.ReadText("02-spec-identify-minimal.json"), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key + ":")));
            var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            Assert.Contains("\"success\":true", body, StringComparison.Ordinal);

            // Rate limit, then a second key: the page now offers rotation.
            await card.Locator("input[data-testid=rate-limit-input]").FillAsync("500");
            await card.Locator("[data-testid=rate-limit-save]").ClickAsync();
            await Assertions.Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("500 events per second");
            await card.Locator("[data-testid=generate-key]").ClickAsync();
            await Assertions.Expect(dialog.Locator("[data-testid=secret-value]")).ToContainTextAsync("spk_");
            await dialog.Locator("[data-testid=secret-done]").ClickAsync();
            await Assertions.Expect(card.Locator("[data-testid=key-row]")).ToHaveCountAsync(2);
            await page.ReloadAsync();
            await Chromium.WaitInteractiveAsync(page);
            await Assertions.Expect(card.Locator("[data-testid=key-last-used]").First).Not.ToHaveTextAsync("Never");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("21-sources-list"), FullPage = true });

            // Revoke the old key with a confirmation.
            await card.Locator("[data-testid=revoke-key]").First.ClickAsync();
            await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
            await Assertions.Expect(card.Locator("[data-testid=key-status]").First).ToContainTextAsync("Revoked");
            await Assertions.Expect(card.Locator("[data-testid=revoke-key]")).ToHaveCountAsync(1);

            // A signing secret, shown once with what the sender must do.
            await card.Locator("[data-testid=signing-generate]").ClickAsync();
            await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Generate" }).ClickAsync();
            await Assertions.Expect(dialog.Locator("[data-testid=secret-value]")).ToContainTextAsync("sps_");
            await Assertions.Expect(dialog).ToContainTextAsync("X-Signature header with the hex HMAC-SHA1 of the raw request body");
            await dialog.Locator("[data-testid=secret-done]").ClickAsync();
            await Assertions.Expect(card.Locator("[data-testid=signing-status]")).ToContainTextAsync("Required");
            await Assertions.Expect(card.Locator("[data-testid=signing-remove]")).ToBeVisibleAsync();

            const string backgroundScript = "() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background')";
            var lightBackground = await page.EvaluateAsync<string>(backgroundScript);
            await page.ClickAsync("[data-testid=theme-toggle]");
            await page.WaitForFunctionAsync($"(light) => ({backgroundScript})() !== light", lightBackground);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("22-sources-list-dark"), FullPage = true });
            await card.Locator("[data-testid=generate-key]").ClickAsync();
            await Assertions.Expect(dialog.Locator("[data-testid=secret-value]")).ToContainTextAsync("spk_");
            await SettledAsync(dialog);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("23-sources-new-key-dark") });

            // The event just sent is now one of the mapping editor's samples, beside the built-in examples.
            await page.Keyboard.PressAsync("Escape");
            await page.GotoAsync($"{baseUrl}/customers/{customer.Id}/configuration");
            await Chromium.WaitInteractiveAsync(page);
            await page.Locator(".mud-tab", new PageLocatorOptions { HasText = "Mapping" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-testid=path-source]")).ToHaveTextAsync("from the last event and Segment's examples");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Chromium.ScreenshotPath("24-configuration-recent-event-dark") });
        }
    }

    // Screenshots wait for the dialog's opening animation.
    private static Task SettledAsync(ILocator dialog) =>
        dialog.EvaluateAsync("el => Promise.all(el.getAnimations({ subtree: true }).map(a => a.finished))");

}
