using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Ingestion.Notifications;
using SelligentPortal.Core.Ingestion.Replay;
using SelligentPortal.Core.Records;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Ingestion.Notifications;

/// <summary>Live mode's source: the writer and replay tell subscribers of the customers they committed for.</summary>
public class CommitNotificationsTests : IAsyncLifetime
{
    private IngestionScenario _scenario = default!;

    public async ValueTask InitializeAsync() => _scenario = await IngestionScenario.CreateAsync();

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    private CommitNotifications Notifications => _scenario.Factory.Services.GetRequiredService<CommitNotifications>();

    private static async Task SettleAsync(Func<bool> done)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !done() && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(20);
        }

        // Anything more that was going to arrive would have by now.
        await Task.Delay(150);
    }

    [Fact]
    public async Task Writer_BatchCommitted_NotifiesItsCustomerOnceAndNoOtherCustomer()
    {
        var (globex, _) = await _scenario.AddCustomerAsync("Globex");
        int acme = 0, other = 0;
        using var acmeSubscription = Notifications.Subscribe(_scenario.CustomerId, () => Interlocked.Increment(ref acme));
        using var otherSubscription = Notifications.Subscribe(globex, () => Interlocked.Increment(ref other));
        var batch = Enumerable.Range(0, 20).Select(i => new { type = "identify", messageId = $"m-{i}", userId = $"u-{i}" });

        var response = await _scenario.PostAsync("/v1/batch", JsonSerializer.Serialize(new { batch }));
        await SettleAsync(() => Volatile.Read(ref acme) > 0);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Volatile.Read(ref acme));
        Assert.Equal(0, Volatile.Read(ref other));
    }

    [Fact]
    public async Task Replay_Committed_NotifiesTheCustomer()
    {
        await _scenario.PostAsync("/v1/identify", """{"type":"identify","messageId":"m-1","userId":"ann","traits":{"email":"not-an-email"}}""");
        var notified = 0;
        using var subscription = Notifications.Subscribe(_scenario.CustomerId, () => Interlocked.Increment(ref notified));
        var replay = _scenario.Factory.Services.GetRequiredService<ReplayService>();

        var outcome = await replay.ReplayAsync(IngestionScenario.System, _scenario.CustomerId, new ReplayRequest(null, new EventFilter()));

        Assert.True(outcome.IsOk);
        Assert.Equal(1, Volatile.Read(ref notified));
    }

    [Fact]
    public async Task Subscription_Disposed_IsNotCalledAgain()
    {
        int notified = 0, witnessed = 0;
        var subscription = Notifications.Subscribe(_scenario.CustomerId, () => Interlocked.Increment(ref notified));
        // A second subscriber, kept: once it has heard of the second commit, so would the first have.
        using var witness = Notifications.Subscribe(_scenario.CustomerId, () => Interlocked.Increment(ref witnessed));
        await _scenario.PostAsync("/v1/identify", """{"type":"identify","messageId":"m-1","userId":"ann"}""");
        await SettleAsync(() => Volatile.Read(ref notified) > 0 && Volatile.Read(ref witnessed) > 0);

        subscription.Dispose();
        await _scenario.PostAsync("/v1/identify", """{"type":"identify","messageId":"m-2","userId":"bob"}""");
        await SettleAsync(() => Volatile.Read(ref witnessed) > 1);

        Assert.Equal(2, Volatile.Read(ref witnessed));
        Assert.Equal(1, Volatile.Read(ref notified));
    }
}
