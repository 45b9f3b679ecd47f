using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Records;
using SelligentPortal.Core.Sources;
using SelligentPortal.Core.Tenancy;
using SelligentPortal.Core.Users;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>A customer with the seed configuration published, a source and a write key, ready to post events.</summary>
public sealed class IngestionScenario : IAsyncDisposable
{
    private IngestionScenario(PortalFactory factory) => Factory = factory;

    public PortalFactory Factory { get; }

    public Guid CustomerId { get; private set; }

    public Guid SourceId { get; private set; }

    public Guid KeyId { get; private set; }

    public string WriteKey { get; private set; } = "";

    public static Caller System { get; } = new(null, "test", PortalRoles.Admin, TenantScope.Unrestricted);

    public SourceService Sources => Factory.Services.GetRequiredService<SourceService>();

    public static async Task<IngestionScenario> CreateAsync(bool publish = true, PortalFactory? factory = null)
    {
        var scenario = new IngestionScenario(factory ?? new PortalFactory());
        await scenario.Factory.CreateAdminAsync();
        await scenario.AddCustomerAsync("Acme", publish);
        return scenario;
    }

    /// <summary>Another customer with its own source; returns its write key.</summary>
    public async Task<(Guid CustomerId, string Key)> AddCustomerAsync(string name, bool publish = true)
    {
        var customer = await Factory.CreateCustomerAsync(name);
        if (publish)
        {
            Assert.True((await Factory.Services.GetRequiredService<ConfigurationService>().PublishAsync(System, customer.Id, "seed")).IsOk);
        }

        var source = (await Sources.CreateAsync(System, customer.Id, "Segment production")).Value!;
        var key = (await Sources.CreateKeyAsync(System, customer.Id, source.Id)).Value;
        if (CustomerId == Guid.Empty)
        {
            (CustomerId, SourceId, KeyId, WriteKey) = (customer.Id, source.Id, key.Key.Id, key.Secret);
        }

        return (customer.Id, key.Secret);
    }

    /// <summary>Marks the scenario's source server-side, so it may send Segment's user deletions.</summary>
    public async Task MarkServerSideAsync() =>
        Assert.True((await Sources.UpdateAsync(System, CustomerId, SourceId, new SourceChange(IsServerSide: true))).IsOk);

    public HttpClient Client { get => _client ??= Factory.CreatePortalClient(); }

    private HttpClient? _client;

    public Task<HttpResponseMessage> PostAsync(string path, string json, string? key = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = contentType.Length == 0 ? null : new MediaTypeHeaderValue(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes((key ?? WriteKey) + ":")));
        return Client.SendAsync(request);
    }

    public PortalDbContext Db() => Factory.Services.GetRequiredService<PortalDbFactory>().CreateUnrestricted();

    public async Task<List<IngestedEvent>> EventsAsync()
    {
        await using var db = Db();
        return await db.Events.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    public async Task<List<IdsRecord>> IdsRecordsAsync()
    {
        await using var db = Db();
        return await db.IdsRecords.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }

    public async Task<List<InteractionRecord>> InteractionsAsync()
    {
        await using var db = Db();
        return await db.InteractionRecords.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        return Factory.DisposeAsync();
    }
}
