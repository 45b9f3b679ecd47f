using System.Net;
using System.Text.RegularExpressions;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Durability;

/// <summary>The built app run as a real process in Production, as `dotnet run --no-launch-profile` does.</summary>
public partial class ProductionRunTests
{
    [Fact]
    public async Task SignInPage_ItsStylesheetsAndScripts_AreServed()
    {
        await using var app = new PortalProcess();
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = app.BaseAddress };

        var page = await client.GetStringAsync("/Account/Login");
        var assets = Asset().Matches(page).Select(m => m.Groups[1].Value).ToList();

        // The packages' own assets (MudBlazor, the Blazor script) come from the build output, not wwwroot.
        Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("_framework/", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            Assert.Equal((asset, HttpStatusCode.OK), (asset, (await client.GetAsync("/" + asset)).StatusCode));
        }
    }

    [GeneratedRegex("(?:href|src)=\"([^\"/:]+/[^\"]+\\.(?:css|js))\"")]
    private static partial Regex Asset();
}
