using SelligentPortal.Components.Pages.Records;
using SelligentPortal.Core.Ingestion;

namespace SelligentPortal.Tests.Web.Components.Records;

public class LiveRefreshTests
{
    [Fact]
    public async Task LiveRefresh_BurstOfCommits_RefreshesAtOnceThenOnceMorePerInterval()
    {
        var notifications = new CommitNotifications(Microsoft.Extensions.Logging.Abstractions.NullLogger<CommitNotifications>.Instance);
        var customer = Guid.NewGuid();
        var refreshes = 0;
        using var live = new LiveRefresh(notifications, customer, () => { Interlocked.Increment(ref refreshes); return Task.CompletedTask; },
            TimeSpan.FromMilliseconds(400));

        // Two thousand commits over ~0.5 s: the first refreshes at once, the rest coalesce into one per interval.
        for (var i = 0; i < 20; i++)
        {
            for (var j = 0; j < 100; j++)
            {
                notifications.Publish(customer);
            }

            await Task.Delay(25);
        }

        await Task.Delay(900);

        Assert.InRange(Volatile.Read(ref refreshes), 2, 3);
    }

    [Fact]
    public void Publish_SubscriberThrows_OthersStillToldAndPublisherUnharmed()
    {
        var notifications = new CommitNotifications(Microsoft.Extensions.Logging.Abstractions.NullLogger<CommitNotifications>.Instance);
        var customer = Guid.NewGuid();
        var told = 0;
        using var broken = notifications.Subscribe(customer, () => throw new ObjectDisposedException("page"));
        using var working = notifications.Subscribe(customer, () => told++);

        notifications.Publish(customer);

        Assert.Equal(1, told);
    }

    [Fact]
    public async Task LiveRefresh_Disposed_StopsRefreshingAndUnsubscribes()
    {
        var notifications = new CommitNotifications(Microsoft.Extensions.Logging.Abstractions.NullLogger<CommitNotifications>.Instance);
        var customer = Guid.NewGuid();
        var refreshes = 0;
        var live = new LiveRefresh(notifications, customer, () => { Interlocked.Increment(ref refreshes); return Task.CompletedTask; },
            TimeSpan.FromMilliseconds(50));
        notifications.Publish(customer);
        await Task.Delay(200);

        live.Dispose();
        notifications.Publish(customer);
        await Task.Delay(200);

        Assert.Equal(1, Volatile.Read(ref refreshes));
    }
}
