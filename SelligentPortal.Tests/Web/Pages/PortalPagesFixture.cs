using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Pages;

/// <summary>The test classes that share one <see cref="PortalPagesFixture"/>: one host for all their page GETs.</summary>
[CollectionDefinition(nameof(PortalPages))]
public sealed class PortalPages : ICollectionFixture<PortalPagesFixture>;

/// <summary>
/// One installation shared by the page GETs of the <see cref="PortalPages"/> classes (xunit collection
/// fixture): Acme and Globex, each with the seed configuration published, a source, records and events;
/// Initech with nothing published; a user per role, signed in once. Tests only read it, so they do not
/// depend on each other.
/// </summary>
public sealed class PortalPagesFixture : IAsyncLifetime
{
    public const string Anonymous = "anonymous";
    public const string Admin = "admin@example.com";
    public const string Customer = "customer@example.com";
    public const string Manager = "rm@example.com";
    public const string UnassignedManager = "unassigned@example.com";

    /// <summary>The Acme recipient whose first name is a script, to show it is rendered as text.</summary>
    public const string Script = "<script>window.__xss=1</script>";

    /// <summary>Acme's recipients whose keys need escaping in a link.</summary>
    public static readonly string[] EscapedKeys = ["team/ann", "ann smith+1%"];

    private readonly Dictionary<string, string> _cookies = [];

    private IngestionScenario _scenario = default!;

    private PortalFactory Factory => _scenario.Factory;

    public Guid Acme => _scenario.CustomerId;

    public Guid Globex { get; private set; }

    public Guid Initech { get; private set; }

    /// <summary>The event of Acme's recipient "ann" (messageId a-1).</summary>
    public long AcmeEventId { get; private set; }

    /// <summary>The event of Globex's recipient "globex-vip" (messageId g-1).</summary>
    public long GlobexEventId { get; private set; }

    /// <summary>The prefix of the key Acme's source was given last.</summary>
    public string KeyPrefix { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        _scenario = await IngestionScenario.CreateAsync();
        var (globex, globexKey) = await _scenario.AddCustomerAsync("Globex Secret Corp");
        Globex = globex;
        (Initech, _) = await _scenario.AddCustomerAsync("Initech", publish: false);
        await Factory.CreateUserAsync(Customer, PortalRoles.Customer, Acme);
        await Factory.CreateUserAsync(Manager, PortalRoles.RelationshipManager, null, Acme);
        await Factory.CreateUserAsync(UnassignedManager, PortalRoles.RelationshipManager);

        await SendAsync("/v1/identify", new { type = "identify", messageId = "a-1", userId = "ann", traits = new { email = "ann@example.com", firstName = Script } });
        await SendAsync("/v1/track", new { type = "track", messageId = "a-2", userId = "ghost", @event = "Viewed" });
        foreach (var key in EscapedKeys)
        {
            await SendAsync("/v1/identify", new { type = "identify", messageId = "k-" + key, userId = key, traits = new { email = "k@example.com" } });
        }

        await SendAsync("/v1/identify", new { type = "identify", messageId = "g-1", userId = "globex-vip", traits = new { email = "vip@globex.example" } }, globexKey);
        await SendAsync("/v1/track", new { type = "track", messageId = "g-2", userId = "globex-vip", @event = "Viewed" }, globexKey);

        AcmeEventId = await EventIdAsync("a-1");
        GlobexEventId = await EventIdAsync("g-1");

        // After the events: from here on Acme's source only takes signed requests.
        Assert.True((await _scenario.Sources.SetSigningSecretAsync(IngestionScenario.System, Acme, _scenario.SourceId, remove: false)).IsOk);
        KeyPrefix = (await _scenario.Sources.CreateKeyAsync(IngestionScenario.System, Acme, _scenario.SourceId)).Value.Key.Prefix;

        foreach (var who in new[] { Admin, Customer, Manager, UnassignedManager })
        {
            _cookies[who] = await SignInAsync(who);
        }
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    /// <summary>The id of the event sent with that messageId.</summary>
    public async Task<long> EventIdAsync(string messageId) => (await _scenario.EventsAsync()).Single(e => e.MessageId == messageId).Id;

    /// <summary>
    /// A new client of <paramref name="who"/> (one of the constants), redirects not followed. It carries the
    /// sign-in cookie taken once, and keeps no cookie a page sets, so one test's requests never reach another's.
    /// </summary>
    public HttpClient ClientFor(string who)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (who != Anonymous)
        {
            client.DefaultRequestHeaders.Add("Cookie", _cookies[who]);
        }

        return client;
    }

    private async Task SendAsync(string path, object body, string? key = null) =>
        Assert.Equal(HttpStatusCode.OK, (await _scenario.PostAsync(path, JsonSerializer.Serialize(body), key)).StatusCode);

    private async Task<string> SignInAsync(string email)
    {
        using var client = Factory.CreatePortalClient();
        var response = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(cookie => cookie.Split(';')[0]));
    }
}
