using System.Net;
using System.Text.Json;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web;

/// <summary>The records pages as the server first renders them: own data, another customer's, nothing published.</summary>
public class RecordsPageAccessTests : IAsyncLifetime
{
    private const string Script = "<script>window.__xss=1</script>";

    private IngestionScenario _scenario = default!;
    private Guid _globex;
    private string _globexKey = "";

    private Guid Acme => _scenario.CustomerId;

    public async ValueTask InitializeAsync()
    {
        _scenario = await IngestionScenario.CreateAsync();
        (_globex, _globexKey) = await _scenario.AddCustomerAsync("Globex Secret Corp");
        await _scenario.Factory.CreateUserAsync("customer@example.com", PortalRoles.Customer, Acme);
        await _scenario.Factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, null, Acme);
        await _scenario.Factory.CreateUserAsync("unassigned@example.com", PortalRoles.RelationshipManager);
        await SendAsync("/v1/identify", new { type = "identify", messageId = "a-1", userId = "ann", traits = new { email = "ann@example.com", firstName = Script } });
        await SendAsync("/v1/track", new { type = "track", messageId = "a-2", userId = "ghost", @event = "Viewed" });
        await SendAsync("/v1/identify", new { type = "identify", messageId = "g-1", userId = "globex-vip", traits = new { email = "vip@globex.example" } }, _globexKey);
        await SendAsync("/v1/track", new { type = "track", messageId = "g-2", userId = "globex-vip", @event = "Viewed" }, _globexKey);
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    private async Task SendAsync(string path, object body, string? key = null) =>
        Assert.Equal(HttpStatusCode.OK, (await _scenario.PostAsync(path, JsonSerializer.Serialize(body), key)).StatusCode);

    public static TheoryData<string, string> ForeignPages() => new()
    {
        { "customer@example.com", "records" },
        { "customer@example.com", "records/ids/globex-vip" },
        { "customer@example.com", "records/interactions/EVENTS/g-2" },
        { "unassigned@example.com", "records" },
        { "unassigned@example.com", "records/ids/globex-vip" },
        { "unassigned@example.com", "records/interactions/EVENTS/g-2" },
        { "rm@example.com", "records/ids/globex-vip" },
    };

    [Theory]
    [MemberData(nameof(ForeignPages))]
    public async Task RecordsPages_OtherCustomer_AreNotFoundWithoutItsData(string who, string page)
    {
        var client = await _scenario.Factory.SignedInClientAsync(who);

        var response = await client.GetAsync($"/customers/{_globex}/{page}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Globex", html);
        Assert.DoesNotContain("globex-vip", html);
        Assert.DoesNotContain("data-testid=\"record-title\"", html);
        Assert.DoesNotContain("data-testid=\"records-title\"", html);
    }

    [Fact]
    public async Task RecordsPage_Customer_ShowsTheirRecordsPageWithTabsAndLiveToggle()
    {
        var client = await _scenario.Factory.SignedInClientAsync("customer@example.com");

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
        var (draftOnly, _) = await _scenario.AddCustomerAsync("Initech", publish: false);
        var client = await _scenario.Factory.SignedInClientAsync("admin@example.com");

        var html = await client.GetStringAsync($"/customers/{draftOnly}/records");

        Assert.Contains("data-testid=\"records-unpublished\"", html);
        Assert.Contains("Nothing is published for Initech yet", html);
        Assert.DoesNotContain("data-testid=\"records-tabs\"", html);
    }

    [Fact]
    public async Task RecordsPage_BadQueryValues_AreNamed()
    {
        var client = await _scenario.Factory.SignedInClientAsync("customer@example.com");

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
        await SendAsync("/v1/identify", new { type = "identify", messageId = "k-" + key, userId = key, traits = new { email = "k@example.com" } });
        var client = await _scenario.Factory.SignedInClientAsync("customer@example.com");

        var response = await client.GetAsync("/" + SelligentPortal.Components.Pages.Records.RecordText.IdsHref(Acme, key));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches($"data-testid=\"record-title\"[^>]*>{System.Text.RegularExpressions.Regex.Escape(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(key))}<", html);
    }

    [Fact]
    public async Task IdsRecordPage_Customer_ShowsFieldsAsTextAndLineageLinks()
    {
        var client = await _scenario.Factory.SignedInClientAsync("customer@example.com");
        var eventId = (await _scenario.EventsAsync()).Single(e => e.MessageId == "a-1").Id;

        var response = await client.GetAsync($"/customers/{Acme}/records/ids/ann");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ann@example.com", html);
        Assert.Contains("&lt;script&gt;window.__xss=1&lt;/script&gt;", html);
        Assert.DoesNotContain(Script, html);
        Assert.Contains("Last written with version 1", html);
        Assert.Contains($"customers/{Acme}/events/{eventId}", html);
    }

    [Fact]
    public async Task InteractionRecordPage_UnknownRecipient_ShowsChipAndProducingEvent()
    {
        var client = await _scenario.Factory.SignedInClientAsync("rm@example.com");
        var eventId = (await _scenario.EventsAsync()).Single(e => e.MessageId == "a-2").Id;

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
        var client = await _scenario.Factory.SignedInClientAsync("customer@example.com");

        var html = await client.GetStringAsync($"/customers/{Acme}");

        Assert.Contains("data-testid=\"open-records\"", html);
        Assert.Contains($"customers/{Acme}/records", html);
    }
}
