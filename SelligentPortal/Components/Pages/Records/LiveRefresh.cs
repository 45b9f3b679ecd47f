using SelligentPortal.Core.Ingestion.Notifications;


namespace SelligentPortal.Components.Pages.Records;

/// <summary>
/// Turns a customer's commit notifications into at most one refresh per interval: the first commit
/// after a quiet period refreshes at once, any burst after that is coalesced into one refresh when
/// the interval has passed. The notification callback only flips a flag and arms a timer, so the
/// ingestion writer never waits for a page.
/// </summary>
public sealed class LiveRefresh : IDisposable
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    private readonly Func<Task> _refresh;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _clock;
    private readonly ITimer _timer;
    private readonly IDisposable _subscription;
    private long _lastRefresh;
    private int _scheduled;
    private volatile bool _disposed;

    public LiveRefresh(CommitNotifications notifications, Guid customerId, Func<Task> refresh, TimeSpan? interval = null, TimeProvider? clock = null)
    {
        _refresh = refresh;
        _interval = interval ?? DefaultInterval;
        _clock = clock ?? TimeProvider.System;
        _lastRefresh = _clock.GetTimestamp() - (long)(_interval.TotalSeconds * _clock.TimestampFrequency);
        _timer = _clock.CreateTimer(_ => _ = RunAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _subscription = notifications.Subscribe(customerId, OnCommit);
    }

    private void OnCommit()
    {
        if (_disposed || Interlocked.Exchange(ref _scheduled, 1) == 1)
        {
            return;
        }

        var wait = _interval - _clock.GetElapsedTime(Interlocked.Read(ref _lastRefresh));
        try
        {
            _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // The page closed between the check above and now.
        }
    }

    private async Task RunAsync()
    {
        if (_disposed)
        {
            return;
        }

        Interlocked.Exchange(ref _lastRefresh, _clock.GetTimestamp());
        // Commits from now on schedule the next refresh (one interval later).
        Interlocked.Exchange(ref _scheduled, 0);
        try
        {
            await _refresh();
        }
        catch (ObjectDisposedException)
        {
            // The page closed while refreshing.
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _subscription.Dispose();
        _timer.Dispose();
    }
}
