using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace SelligentPortal.Core.Cluster;

/// <summary>What an instance tells the others, so that a change is in force everywhere within a second.</summary>
public enum NoticeTopic
{
    /// <summary>Write keys to forget (revoked, disabled, a customer suspended, a new signing secret): their prefixes.</summary>
    WriteKeys,

    /// <summary>A customer's published version changed (published, restored): the customer's id.</summary>
    Configuration,

    /// <summary>Events were committed: the customers' ids, for live pages.</summary>
    Commits,
}

/// <summary>Payloads that notices of several topics share.</summary>
public static class NoticePayload
{
    /// <summary>Everything of the topic (too many ids for one notice): forget or refresh all.</summary>
    public const string Everything = "*";

    /// <summary>Ids as one payload; <see cref="Everything"/> when they would not fit one notice.</summary>
    public static string Join(IEnumerable<string> ids)
    {
        var joined = string.Join(',', ids);
        return joined.Length > 7_000 ? Everything : joined;
    }
}

/// <summary>
/// Notices between the app instances that share a database. With one instance (SQLite) a notice is a
/// call; with several (PostgreSQL) it also travels through the database to the others.
/// </summary>
public interface IClusterNotices
{
    /// <summary>Tells every instance: this one at once, before it returns; the others within a second.</summary>
    Task PublishAsync(NoticeTopic topic, string payload, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="onNotice"/> for each notice of the topic, from any instance, and
    /// <paramref name="onNoticesLost"/> when some may have been missed (the instance lost its link to
    /// the others for a while): what was cached must then be dropped.
    /// </summary>
    void Subscribe(NoticeTopic topic, Action<string> onNotice, Action onNoticesLost);
}

/// <summary>The subscribers of one instance; the engines' notice services deliver through it.</summary>
public sealed class NoticeSubscribers(ILogger<NoticeSubscribers> logger)
{
    private readonly ConcurrentDictionary<NoticeTopic, ImmutableArray<(Action<string> OnNotice, Action OnLost)>> _handlers = new();

    public void Add(NoticeTopic topic, Action<string> onNotice, Action onNoticesLost) =>
        _handlers.AddOrUpdate(topic, _ => [(onNotice, onNoticesLost)], (_, current) => current.Add((onNotice, onNoticesLost)));

    public void Deliver(NoticeTopic topic, string payload)
    {
        foreach (var (onNotice, _) in _handlers.GetValueOrDefault(topic, []))
        {
            Guard(() => onNotice(payload));
        }
    }

    /// <summary>Notices may have been missed: every subscriber drops what it cached.</summary>
    public void NoticesLost()
    {
        foreach (var (_, handlers) in _handlers)
        {
            foreach (var (_, onLost) in handlers)
            {
                Guard(onLost);
            }
        }
    }

    // One subscriber's failure must not keep the notice from the others.
    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A cluster notice's subscriber failed");
        }
    }
}

/// <summary>One instance: a notice is delivered to this instance's subscribers, and that is all.</summary>
public sealed class LocalNotices(NoticeSubscribers subscribers) : IClusterNotices
{
    public Task PublishAsync(NoticeTopic topic, string payload, CancellationToken cancellationToken = default)
    {
        subscribers.Deliver(topic, payload);
        return Task.CompletedTask;
    }

    public void Subscribe(NoticeTopic topic, Action<string> onNotice, Action onNoticesLost) => subscribers.Add(topic, onNotice, onNoticesLost);
}
