using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SelligentPortal.Components.Pages.Sources;
using SelligentPortal.Core.Sources;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Components.Sources;

public class SourceComponentsTests
{
    private const string Key = "spk_live_abcdefghijklmnopqrstuvwxyz012345";

    private static readonly string[] EditorControls =
        ["source-active", "rate-limit-input", "rate-limit-save", "signing-generate", "signing-remove", "server-side-toggle", "generate-key", "revoke-key"];

    private static SourceView Source(int? rateLimit = 250, bool signed = true, bool serverSide = false) => new(
        Guid.NewGuid(), Guid.NewGuid(), "Segment production", IsDisabled: false, HasSigningSecret: signed, rateLimit,
        new DateTime(2026, 1, 2, 3, 4, 0, DateTimeKind.Utc),
        [
            new WriteKeyView(Guid.NewGuid(), "spk_aaaa", new DateTime(2026, 1, 2, 3, 5, 0, DateTimeKind.Utc), new DateTime(2026, 1, 3, 8, 0, 0, DateTimeKind.Utc), null),
            new WriteKeyView(Guid.NewGuid(), "spk_bbbb", new DateTime(2026, 1, 2, 3, 6, 0, DateTimeKind.Utc), null, new DateTime(2026, 1, 4, 0, 0, 0, DateTimeKind.Utc)),
        ],
        serverSide);

    [Fact]
    public async Task SegmentSetupSnippet_KeyAndBaseUri_RendersEndpointsCurlAndNode()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();

        var cut = ctx.Render<SegmentSetupSnippet>(p => p.Add(s => s.BaseUri, "https://portal.example.com/").Add(s => s.WriteKey, Key));

        Assert.Equal("https://portal.example.com/v1/batch", cut.Find("[data-testid=setup-batch-url]").TextContent);
        Assert.Equal("https://portal.example.com/segment", cut.Find("[data-testid=setup-segment-url]").TextContent);
        var curl = cut.Find("[data-testid=setup-curl]").TextContent;
        Assert.Contains("curl -X POST 'https://portal.example.com/v1/identify'", curl, StringComparison.Ordinal);
        Assert.Contains($"-u '{Key}:'", curl, StringComparison.Ordinal);
        Assert.Contains("\"traits\":{\"email\":\"peter@example.com\"}}'", curl, StringComparison.Ordinal);
        var node = cut.Find("[data-testid=setup-node]").TextContent;
        Assert.Contains("new Analytics({", node, StringComparison.Ordinal);
        Assert.Contains($"writeKey: '{Key}'", node, StringComparison.Ordinal);
        Assert.Contains("host: 'https://portal.example.com'", node, StringComparison.Ordinal);
    }

    [Fact]
    public void SegmentSetup_BaseUriWithPathBase_KeepsThePathInEveryUrl()
    {
        var setup = new SegmentSetup("https://example.com/portal", Key);

        Assert.Equal("https://example.com/portal/v1/batch", setup.BatchUrl);
        Assert.Equal("https://example.com/portal/segment", setup.SegmentUrl);
        Assert.Equal("https://example.com/portal", setup.Host);
    }

    [Fact]
    public async Task WriteKeyDialog_NewKey_ShowsItOnceWithTheSetupSnippet()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();

        var showing = provider.InvokeAsync(() => WriteKeyDialog.ShowAsync(dialogs, "Web", "http://localhost:5000/", Key));

        provider.WaitForAssertion(() => Assert.Equal(Key, provider.Find("[data-testid=secret-value]").TextContent));
        Assert.Contains("cannot be shown again", provider.Markup, StringComparison.Ordinal);
        Assert.Contains(Key, provider.Find("[data-testid=setup-node]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(provider.Find("[data-testid=secret-copy]"));
        provider.Find("button[data-testid=secret-done]").Click();
        await showing;
    }

    [Fact]
    public async Task SourceCard_ReadOnly_ShowsPrefixesWithoutControls()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();

        var cut = ctx.Render<SourceCard>(p => p.Add(c => c.Source, Source()).Add(c => c.ReadOnly, true));

        Assert.Equal(["spk_aaaa…", "spk_bbbb…"], cut.FindAll("[data-testid=key-prefix]").Select(e => e.TextContent));
        Assert.Equal("250 events per second", cut.Find("[data-testid=rate-limit]").TextContent);
        Assert.Contains("2026-01-03 08:00 UTC", cut.FindAll("[data-testid=key-last-used]")[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("Never", cut.FindAll("[data-testid=key-last-used]")[1].TextContent);
        Assert.StartsWith("Carried out: this source's requests are signed.", cut.Find("[data-testid=deletion-status]").TextContent, StringComparison.Ordinal);
        foreach (var control in EditorControls)
        {
            Assert.Empty(cut.FindAll($"[data-testid={control}]"));
        }
    }

    [Fact]
    public async Task SourceCard_Staff_RevokeOnlyOnActiveKeysAndPassesTheKey()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var source = Source();
        WriteKeyView? revoked = null;

        var cut = ctx.Render<SourceCard>(p => p.Add(c => c.Source, source).Add(c => c.OnRevokeKey, (WriteKeyView k) => revoked = k));

        var rows = cut.FindAll("[data-testid=key-row]");
        Assert.Single(rows[0].QuerySelectorAll("[data-testid=revoke-key]"));
        Assert.Empty(rows[1].QuerySelectorAll("[data-testid=revoke-key]"));
        Assert.Contains("Revoked 2026-01-04", rows[1].TextContent, StringComparison.Ordinal);
        cut.Find("button[data-testid=revoke-key]").Click();
        Assert.Equal(source.Keys[0], revoked);
        Assert.NotEmpty(cut.FindAll("[data-testid=generate-key]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=signing-remove]"));
    }

    [Fact]
    public async Task SourceCard_RateLimitCleared_SavesNullForUnlimited()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        int? saved = -1;

        var cut = ctx.Render<SourceCard>(p => p.Add(c => c.Source, Source()).Add(c => c.OnSaveRateLimit, (int? limit) => saved = limit));

        Assert.True(cut.Find("button[data-testid=rate-limit-save]").HasAttribute("disabled"));
        cut.Find("input[data-testid=rate-limit-input]").Input("");
        cut.WaitForAssertion(() => Assert.False(cut.Find("button[data-testid=rate-limit-save]").HasAttribute("disabled")));
        cut.Find("button[data-testid=rate-limit-save]").Click();
        Assert.Null(saved);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("ten")]
    [InlineData("1000001")]
    public async Task SourceCard_RateLimitInvalid_ErrorOnTheFieldAndNothingSaved(string typed)
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var saves = 0;
        var cut = ctx.Render<SourceCard>(p => p.Add(c => c.Source, Source()).Add(c => c.OnSaveRateLimit, (int? _) => saves++));

        cut.Find("input[data-testid=rate-limit-input]").Input(typed);

        cut.WaitForAssertion(() => Assert.Contains("Enter a whole number from 1 to 1,000,000", cut.Find("[data-testid=rate-limit-input]").ParentElement!.ParentElement!.ParentElement!.TextContent));
        Assert.True(cut.Find("button[data-testid=rate-limit-save]").HasAttribute("disabled"));
        Assert.Equal(typed, cut.Find("input[data-testid=rate-limit-input]").GetAttribute("value"));
        cut.Find("button[data-testid=rate-limit-save]").Click();
        Assert.Equal(0, saves);
    }

    [Fact]
    public async Task SourceCard_RateLimitFixedAfterAnError_SavesExactlyTheShownValueAndTheErrorIsGone()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var saved = new List<int?>();
        var cut = ctx.Render<SourceCard>(p => p.Add(c => c.Source, Source()).Add(c => c.OnSaveRateLimit, (int? limit) => saved.Add(limit)));

        cut.Find("input[data-testid=rate-limit-input]").Input("-5");
        cut.Find("input[data-testid=rate-limit-input]").Input("1,500");
        cut.Find("button[data-testid=rate-limit-save]").Click();
        cut.Find("input[data-testid=rate-limit-input]").Input("");
        cut.Find("button[data-testid=rate-limit-save]").Click();

        Assert.Equal([1500, null], saved);
        Assert.DoesNotContain("Enter a whole number", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll(".mud-input-error"));

        cut.Render(p => p.Add(c => c.Source, Source(rateLimit: null)));
        Assert.Equal("", cut.Find("input[data-testid=rate-limit-input]").GetAttribute("value") ?? "");
        Assert.Empty(cut.FindAll(".mud-input-error"));
    }

    [Theory]
    [InlineData(false, "Refused:", "Mark as server-side", true)]
    [InlineData(true, "Carried out: this source is server-side", "Mark as not server-side", false)]
    public async Task SourceCard_ServerSideOrNot_SaysWhetherDeletesAreCarriedOutAndWhyAndOffersTheOther(
        bool serverSide, string status, string button, bool asked)
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var marked = new List<bool>();

        var cut = ctx.Render<SourceCard>(p => p.Add(c => c.Source, Source(signed: false, serverSide: serverSide)).Add(c => c.OnSetServerSide, (bool value) => marked.Add(value)));

        Assert.StartsWith(status, cut.Find("[data-testid=deletion-status]").TextContent, StringComparison.Ordinal);
        var note = cut.Find("[data-testid=deletion-note]").TextContent;
        Assert.Contains("accepted only from server-side or signed sources", note, StringComparison.Ordinal);
        Assert.Contains("is public", note, StringComparison.Ordinal);
        Assert.Equal(button, cut.Find("[data-testid=server-side-toggle]").TextContent.Trim());
        cut.Find("button[data-testid=server-side-toggle]").Click();
        Assert.Equal([asked], marked);
    }

    [Fact]
    public async Task SourceCard_Busy_DisablesEveryActionAndSaysWhatRuns()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();

        var cut = ctx.Render<SourceCard>(p => p.Add(c => c.Source, Source()).Add(c => c.BusyAction, "key"));

        Assert.Contains("Generating…", cut.Find("[data-testid=generate-key]").TextContent, StringComparison.Ordinal);
        Assert.True(cut.Find("button[data-testid=generate-key]").HasAttribute("disabled"));
        Assert.True(cut.Find("button[data-testid=revoke-key]").HasAttribute("disabled"));
        Assert.True(cut.Find("button[data-testid=signing-generate]").HasAttribute("disabled"));
        Assert.True(cut.Find("button[data-testid=server-side-toggle]").HasAttribute("disabled"));
    }
}
