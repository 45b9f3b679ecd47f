using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SelligentPortal.Components.Pages.Records;
using SelligentPortal.Core.Ingestion.Notifications;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Components.Records;

/// <summary>Live refresh on a fake clock: what counts is how many refreshes happen, and when, in clock time.</summary>
public class LiveRefreshTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(400);

    private static CommitNotifications Notifications() => new(NullLogger<CommitNotifications>.Instance, TestNotices.Local());

    [Fact]
    public void LiveRefresh_BurstOfCommits_RefreshesAtOnceThenOnceMorePerInterval()
    {
        var clock = new FakeTimeProvider();
        var notifications = Notifications();
        var customer = Guid.NewGuid();
        var refreshes = 0;
        using var live = new LiveRefresh(notifications, customer, () => { refreshes++; return Task.CompletedTask; }, Interval, clock);

        // Two thousand commits over half an interval: the first refreshes at once, the rest wait for the interval.
        for (var i = 0; i < 20; i++)
        {
            for (var j = 0; j < 100; j++)
            {
                notifications.Publish(customer);
            }

            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(1, refreshes);
        clock.Advance(Interval - TimeSpan.FromMilliseconds(200) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, refreshes);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, refreshes);

        // Quiet: nothing more, however long.
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(2, refreshes);

        // The first commit after a quiet period refreshes at once again.
        notifications.Publish(customer);
        Assert.Equal(3, refreshes);
    }

    [Fact]
    public void LiveRefresh_OtherCustomersCommits_DoNotRefresh()
    {
        var clock = new FakeTimeProvider();
        var notifications = Notifications();
        var refreshes = 0;
        using var live = new LiveRefresh(notifications, Guid.NewGuid(), () => { refreshes++; return Task.CompletedTask; }, Interval, clock);

        notifications.Publish(Guid.NewGuid());
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(0, refreshes);
    }

    [Fact]
    public void Publish_SubscriberThrows_OthersStillToldAndPublisherUnharmed()
    {
        var notifications = Notifications();
        var customer = Guid.NewGuid();
        var told = 0;
        using var broken = notifications.Subscribe(customer, () => throw new ObjectDisposedException("page"));
        using var working = notifications.Subscribe(customer, () => told++);

        notifications.Publish(customer);

        Assert.Equal(1, told);
    }

    [Fact]
    public void LiveRefresh_Disposed_StopsRefreshingAndUnsubscribes()
    {
        var clock = new FakeTimeProvider();
        var notifications = Notifications();
        var customer = Guid.NewGuid();
        var refreshes = 0;
        var live = new LiveRefresh(notifications, customer, () => { refreshes++; return Task.CompletedTask; }, Interval, clock);
        notifications.Publish(customer);
        // A second commit arms the timer for the next interval; disposing must disarm it.
        notifications.Publish(customer);
        Assert.Equal(1, refreshes);

        live.Dispose();
        clock.Advance(Interval * 3);
        notifications.Publish(customer);
        clock.Advance(Interval * 3);

        Assert.Equal(1, refreshes);
    }
}
