using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using SelligentPortal.Core.Cluster;
using SelligentPortal.Core.Ingestion.Write;

namespace SelligentPortal.Core.Ingestion.Notifications;

/// <summary>
/// Tells live pages that a customer's records changed: the ingestion writer publishes once per
/// committed group, replay once per replay. Publishing to a customer nobody watches costs a
/// dictionary lookup and allocates nothing; subscribers are called on the publisher's thread, so
/// they must only take note and return (a page coalesces and refreshes on its own schedule).
/// </summary>
public sealed class CommitNotifications
{
    private readonly ConcurrentDictionary<Guid, ImmutableArray<Action>> _subscribers = new();
    private readonly ILogger<CommitNotifications> _logger;

    /// <summary>Commits on other instances arrive as <see cref="NoticeTopic.Commits"/> notices (when notices may have been lost, every page refreshes).</summary>
    public CommitNotifications(ILogger<CommitNotifications> logger, IClusterNotices notices)
    {
        _logger = logger;
        notices.Subscribe(NoticeTopic.Commits, OnCommitNotice, PublishAll);
    }

    /// <summary>Calls <paramref name="onCommit"/> after each commit touching the customer, until disposed.</summary>
    public IDisposable Subscribe(Guid customerId, Action onCommit)
    {
        _subscribers.AddOrUpdate(customerId, _ => [onCommit], (_, current) => current.Add(onCommit));
        return new Subscription(this, customerId, onCommit);
    }

    /// <summary>A commit changed the customer's data.</summary>
    public void Publish(Guid customerId)
    {
        if (_subscribers.TryGetValue(customerId, out var subscribers))
        {
            Notify(subscribers);
        }
    }

    /// <summary>A committed group: one notification per watched customer that has events in it.</summary>
    public void Publish(IReadOnlyList<PendingWrite> group)
    {
        if (_subscribers.IsEmpty)
        {
            return;
        }

        // Few customers are watched at a time, so this walks the group once per watched customer.
        foreach (var (customerId, subscribers) in _subscribers)
        {
            for (var i = 0; i < group.Count; i++)
            {
                if (group[i].Source.CustomerId == customerId)
                {
                    Notify(subscribers);
                    break;
                }
            }
        }
    }

    /// <summary>Every watched customer: notices may have been missed.</summary>
    public void PublishAll()
    {
        foreach (var (_, subscribers) in _subscribers)
        {
            Notify(subscribers);
        }
    }

    private void OnCommitNotice(string customers)
    {
        if (customers == NoticePayload.Everything)
        {
            PublishAll();
            return;
        }

        foreach (var customer in customers.Split(','))
        {
            if (Guid.TryParse(customer, out var customerId))
            {
                Publish(customerId);
            }
        }
    }

    private void Notify(ImmutableArray<Action> subscribers)
    {
        foreach (var subscriber in subscribers)
        {
            // A page's failure must not reach the writer or replay, which already committed.
            try
            {
                subscriber();
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "A live page's commit notification failed");
            }
        }
    }

    private void Unsubscribe(Guid customerId, Action onCommit)
    {
        while (_subscribers.TryGetValue(customerId, out var current))
        {
            var remaining = current.Remove(onCommit);
            var replaced = remaining.IsEmpty
                ? _subscribers.TryRemove(new KeyValuePair<Guid, ImmutableArray<Action>>(customerId, current))
                : _subscribers.TryUpdate(customerId, remaining, current);
            if (replaced)
            {
                return;
            }
        }
    }

    private sealed class Subscription(CommitNotifications owner, Guid customerId, Action onCommit) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(customerId, onCommit);
            }
        }
    }
}
