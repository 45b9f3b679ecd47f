using System.Net;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using SelligentPortal.Components.Shared;
using static SelligentPortal.Tests.Web.Pages.PortalPagesFixture;

namespace SelligentPortal.Tests.Web.Pages;

/// <summary>The records pages as the server first renders them: own data, nothing published, odd keys and queries.</summary>
[Collection(nameof(PortalPages))]
public class RecordsPagesRenderTests(PortalPagesFixture fixture)
{
    private Guid Acme => fixture.Acme;

    [Fact]
    public async Task RecordsPage_Customer_ShowsTheirRecordsPageWithTabsAndLiveToggle()
    {
        using var client = fixture.ClientFor(Customer);

        var response = await client.GetAsync($"/customers/{Acme}/records?tab=EVENTS&recipient=ghost");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"records-title\"", html);
        Assert.Contains("data-testid=\"live-toggle\"", html);
        Assert.DoesNotContain("data-testid=\"records-unpublished\"", html);
    }

    [Fact]
    public async Task RecordsPage_NothingPublished_ExplainsWhy()
    {
        using var client = fixture.ClientFor(Admin);

        var html = await client.GetStringAsync($"/customers/{fixture.Initech}/records");

        Assert.Contains("data-testid=\"records-unpublished\"", html);
        Assert.Contains("Nothing is published for Initech yet", html);
        Assert.DoesNotContain("data-testid=\"records-tabs\"", html);
    }

    [Fact]
    public async Task RecordsPage_BadQueryValues_AreNamed()
    {
        using var client = fixture.ClientFor(Customer);

        var html = await client.GetStringAsync($"/customers/{Acme}/records?sort=sideways&from=yesterday&tab=NOPE");

        Assert.Contains("Ignored sort=&quot;sideways&quot;", html);
        Assert.Contains("Ignored from=&quot;yesterday&quot;: not a time", html);
        Assert.Contains("no Interaction Extension &quot;NOPE&quot;", html);
    }

    [Theory]
    [InlineData("team/ann")]
    [InlineData("ann smith+1%")]
    public async Task IdsRecordPage_KeyWithSlashOrEscapes_OpensFromItsLink(string key)
    {
        Assert.Contains(key, EscapedKeys);
        using var client = fixture.ClientFor(Customer);

        var response = await client.GetAsync("/" + PortalRoutes.IdsRecord(Acme, key));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches($"data-testid=\"record-title\"[^>]*>{Regex.Escape(HtmlEncoder.Default.Encode(key))}<", html);
    }

    [Fact]
    public async Task IdsRecordPage_Customer_ShowsFieldsAsTextAndLineageLinks()
    {
        using var client = fixture.ClientFor(Customer);

        var response = await client.GetAsync($"/customers/{Acme}/records/ids/ann");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ann@example.com", html);
        Assert.Contains("&lt;script&gt;window.__xss=1&lt;/script&gt;", html);
        Assert.DoesNotContain(Script, html);
        Assert.Contains("Last written with version 1", html);
        Assert.Contains($"customers/{Acme}/events/{fixture.AcmeEventId}", html);
    }

    [Fact]
    public async Task InteractionRecordPage_UnknownRecipient_ShowsChipAndProducingEvent()
    {
        using var client = fixture.ClientFor(Manager);
        var eventId = await fixture.EventIdAsync("a-2");

        var response = await client.GetAsync($"/customers/{Acme}/records/interactions/EVENTS/a-2");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"recipient-unidentified\"", html);
        Assert.Contains("Recipient not yet identified", html);
        Assert.Contains($"customers/{Acme}/events/{eventId}", html);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/customers/{Acme}/records/interactions/EVENTS/nope")).StatusCode);
    }

    [Fact]
    public async Task CustomerOverviewPage_Customer_LinksToRecords()
    {
        using var client = fixture.ClientFor(Customer);

        var html = await client.GetStringAsync($"/customers/{Acme}");

        Assert.Contains("data-testid=\"open-records\"", html);
        Assert.Contains($"customers/{Acme}/records", html);
    }
}
